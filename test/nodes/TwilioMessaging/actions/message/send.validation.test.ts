import nock from 'nock';
import type { INodeParameters } from 'n8n-workflow';
import { SERVICE_SID } from '../../../../fixtures/twilio';
import { send } from '../../../../helpers/send';

const inTwoHours = () => new Date(Date.now() + 2 * 3600 * 1000).toISOString();
const service = {
	senderType: 'messagingService',
	messagingServiceSid: { __rl: true, mode: 'id', value: SERVICE_SID },
};

/** [what is wrong, parameters, the field the error must name] */
const malformed: Array<[string, INodeParameters, string]> = [
	['empty To', { to: '={{ $json.missing ?? "" }}' }, 'To'],
	['To without +', { to: '4155550199' }, 'To'],
	['To with letters', { to: '+1415CALLNOW' }, 'To'],
	['To too long', { to: '+1234567890123456' }, 'To'],
	['To starting with +0', { to: '+0415550199' }, 'To'],
	['To with a slash', { to: '+1415/5550199' }, 'To'],
	['To with only a plus', { to: '+' }, 'To'],
	[
		'Messenger To not numeric',
		{
			channel: 'messenger',
			senderType: 'messengerPage',
			messengerPageId: '1045678912',
			to: 'ada.lovelace',
		},
		'To',
	],
	['WhatsApp To as e-mail', { channel: 'whatsapp', to: 'whatsapp:ada@example.com' }, 'To'],
	['empty From', { from: { __rl: true, mode: 'id', value: '={{ "" }}' } }, 'From'],
	[
		'From with letters on WhatsApp',
		{ channel: 'whatsapp', from: { __rl: true, mode: 'id', value: 'ACME' } },
		'From',
	],
	[
		'alphanumeric sender too long',
		{ from: { __rl: true, mode: 'id', value: 'ACME SHOP ONLINE' } },
		'From',
	],
	[
		'alphanumeric sender with symbols',
		{ from: { __rl: true, mode: 'id', value: 'ACME!' } },
		'From',
	],
	[
		'short code on WhatsApp',
		{ channel: 'whatsapp', from: { __rl: true, mode: 'id', value: '24365' } },
		'From',
	],
	['short code too short', { from: { __rl: true, mode: 'id', value: '12' } }, 'From'],
	[
		'Messaging Service SID malformed',
		{
			senderType: 'messagingService',
			messagingServiceSid: { __rl: true, mode: 'id', value: '={{ "MG123" }}' },
		},
		'Messaging Service',
	],
	[
		'Messaging Service SID of another kind',
		{
			senderType: 'messagingService',
			messagingServiceSid: {
				__rl: true,
				mode: 'id',
				value: '={{ "PN0123456789abcdef0123456789abcdef" }}',
			},
		},
		'Messaging Service',
	],
	[
		'empty Messaging Service',
		{
			senderType: 'messagingService',
			messagingServiceSid: { __rl: true, mode: 'list', value: '={{ "" }}' },
		},
		'Messaging Service',
	],
	[
		'Messenger page ID not numeric',
		{
			channel: 'messenger',
			senderType: 'messengerPage',
			messengerPageId: 'acme-page',
			to: '2345678901234567',
		},
		'Messenger Page ID',
	],
	[
		'RCS sender with spaces',
		{ channel: 'rcs', senderType: 'rcsSender', rcsSenderId: 'acme agent' },
		'RCS Sender ID',
	],
	['phone number sender on RCS', { channel: 'rcs', senderType: 'phoneNumber' }, 'Sender Type'],
	[
		'Messenger page on SMS',
		{ senderType: 'messengerPage', messengerPageId: '1045678912' },
		'Sender Type',
	],
	['unknown channel', { channel: 'fax' }, 'Channel'],
	[
		'Carousel on SMS',
		{
			templateType: 'carousel',
			contentSid: { __rl: true, mode: 'id', value: 'HX0123456789abcdef0123456789abcdef' },
		},
		'Content Template Type',
	],
	[
		'Media template on SMS',
		{
			templateType: 'media',
			contentSid: { __rl: true, mode: 'id', value: 'HX0123456789abcdef0123456789abcdef' },
		},
		'Content Template Type',
	],
	[
		'List Picker on RCS',
		{
			channel: 'rcs',
			...service,
			templateType: 'listPicker',
			contentSid: { __rl: true, mode: 'id', value: 'HX0123456789abcdef0123456789abcdef' },
		},
		'Content Template Type',
	],
	[
		'empty Content Template',
		{ templateType: 'text', contentSid: { __rl: true, mode: 'list', value: '={{ "" }}' } },
		'Content Template',
	],
	[
		'malformed Content SID',
		{ templateType: 'text', contentSid: { __rl: true, mode: 'id', value: '={{ "HX12" }}' } },
		'Content Template',
	],
	[
		'Content variable given an object',
		{
			templateType: 'text',
			contentSid: { __rl: true, mode: 'id', value: 'HX0123456789abcdef0123456789abcdef' },
			contentVariables: { mappingMode: 'defineBelow', value: { 1: '={{ { a: 1 } }}' } },
		},
		'Content Variables',
	],
	['empty body and no media', { body: '' }, 'Message Body'],
	['undefined Handlebars variable', { body: 'Hi {{first_name}}' }, 'Message Body'],
	['Handlebars syntax error', { body: 'Hi {{#if}}' }, 'Message Body'],
	['body over 1600 characters', { body: 'x'.repeat(1601) }, 'Message Body'],
	[
		'body over 1600 after rendering',
		{
			body: '{{long}}',
			inlineVariables: { variable: [{ name: 'long', value: 'y'.repeat(1700) }] },
		},
		'Message Body',
	],
	[
		'inline variable without a name',
		{ inlineVariables: { variable: [{ name: '', value: 'x' }] } },
		'Inline Variables',
	],
	[
		'media URL not http',
		{ channel: 'mms', mediaUrls: { media: [{ url: 'ftp://example.com/a.png' }] } },
		'Media URL 1',
	],
	[
		'media URL with undefined variable',
		{ channel: 'mms', mediaUrls: { media: [{ url: 'https://x.example.com/{{file}}' }] } },
		'Media URL 1',
	],
	[
		'status callback not a URL',
		{ options: { statusCallback: 'n8n.example.com/hook' } },
		'Status Callback URL',
	],
	[
		'connection override without callback',
		{ options: { callbackConnection: { retryCount: 2 } } },
		'Status Callback Connection',
	],
	[
		'retry count out of range',
		{
			options: {
				statusCallback: 'https://n8n.example.com/h',
				callbackConnection: { retryCount: 9 },
			},
		},
		'Status Callback Connection retryCount',
	],
	[
		'connect timeout out of range',
		{
			options: {
				statusCallback: 'https://n8n.example.com/h',
				callbackConnection: { connectTimeout: 50 },
			},
		},
		'Status Callback Connection connectTimeout',
	],
	['validity period zero', { options: { validityPeriod: 0 } }, 'Validity Period'],
	['validity period too long', { options: { validityPeriod: 36001 } }, 'Validity Period'],
	['attempt zero', { options: { attempt: 0 } }, 'Attempt'],
	['Send At without a Messaging Service', { options: { sendAt: inTwoHours() } }, 'Send At'],
	[
		'Persistent Action on SMS',
		{ options: { persistentAction: ['geo:37.787890,-122.391664|375 Beale St'] } },
		'Persistent Action',
	],
	[
		'Send At in five minutes',
		{ ...service, options: { sendAt: new Date(Date.now() + 5 * 60 * 1000).toISOString() } },
		'Send At',
	],
	[
		'Send At in 40 days',
		{ ...service, options: { sendAt: new Date(Date.now() + 40 * 86400 * 1000).toISOString() } },
		'Send At',
	],
	['Send At not a date', { ...service, options: { sendAt: 'next tuesday' } }, 'Send At'],
	[
		'eleven tags',
		{
			options: {
				tags: { tag: Array.from({ length: 11 }, (_, i) => ({ name: `k${i}`, value: 'v' })) },
			},
		},
		'Tags',
	],
	[
		'tag name with a space',
		{ options: { tags: { tag: [{ name: 'my tag', value: 'v' }] } } },
		'Tags',
	],
	[
		'tag used twice',
		{
			options: {
				tags: {
					tag: [
						{ name: 'a', value: '1' },
						{ name: 'a', value: '2' },
					],
				},
			},
		},
		'Tags',
	],
];

describe('Send rejects malformed input before any request', () => {
	beforeAll(() => nock.disableNetConnect());
	afterAll(() => nock.enableNetConnect());
	afterEach(() => nock.cleanAll());

	it('covers at least 40 cases', () => {
		expect(malformed.length).toBeGreaterThanOrEqual(40);
	});

	it.each(malformed)('%s', async (_label, parameters, field) => {
		// A valid first item proves the whole batch is checked before anything is sent.
		const requests: string[] = [];
		nock(/.*/)
			.persist()
			.post(/.*/)
			.reply((uri) => {
				requests.push(uri);
				return [201, {}];
			})
			.get(/.*/)
			.reply((uri) => {
				requests.push(uri);
				return [200, {}];
			});
		const run = await send({ items: [{ ok: true }, { bad: true }], parameters });
		expect(requests).toEqual([]);
		expect(run.error?.message).toMatch(
			new RegExp(`^${field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} .*\\[item [01]\\]$`, 's'),
		);
	});
});
