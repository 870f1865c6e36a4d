import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import {
	CHANNELS,
	SENDER_TYPES_BY_CHANNEL,
	TEMPLATE_TYPES,
	TEMPLATE_TYPES_BY_CHANNEL,
	type Channel,
	type SenderType,
} from '../../../../../nodes/shared/domain';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { CONTENT_URL, SERVICE_SID, messageResource, sid } from '../../../../fixtures/twilio';
import { RETRY } from '../../../../../nodes/shared/transport';
import { processedData } from '../../../../harness/deduplication';
import { acceptMessages, send, templateResource } from '../../../../helpers/send';

const PAGE_ID = '104567891234567';
const USER_ID = '2345678901234567';

const senderParameters: Record<SenderType, INodeParameters> = {
	phoneNumber: { from: { __rl: true, mode: 'id', value: '+1 415 555 0100' } },
	messagingService: { messagingServiceSid: { __rl: true, mode: 'id', value: SERVICE_SID } },
	messengerPage: { messengerPageId: PAGE_ID },
	rcsSender: { rcsSenderId: 'acme_agent' },
};
const expectedSender: Record<SenderType, (channel: Channel) => [string, string]> = {
	phoneNumber: (channel) => ['From', `${channel === 'whatsapp' ? 'whatsapp:' : ''}+14155550100`],
	messagingService: () => ['MessagingServiceSid', SERVICE_SID],
	messengerPage: () => ['From', `messenger:${PAGE_ID}`],
	rcsSender: () => ['From', 'rcs:acme_agent'],
};
const recipient: Record<Channel, [string, string]> = {
	sms: ['+44 20 7946 0958', '+442079460958'],
	mms: ['(415) 555-0199'.replace('(415)', '+1 (415)'), '+14155550199'],
	whatsapp: ['+49.30.1234567', 'whatsapp:+49301234567'],
	messenger: [USER_ID, `messenger:${USER_ID}`],
	rcs: ['rcs:+14155550199', 'rcs:+14155550199'],
};

afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

describe('Send: every channel × sender type', () => {
	const cases = CHANNELS.flatMap((channel) =>
		SENDER_TYPES_BY_CHANNEL[channel].map((senderType) => [channel, senderType] as const),
	);

	it.each(cases)('%s from %s sends the right addresses', async (channel, senderType) => {
		const { sent } = acceptMessages();
		const run = await send({
			parameters: {
				channel,
				senderType,
				...senderParameters[senderType],
				to: recipient[channel][0],
				...(channel === 'sms'
					? {}
					: { mediaUrls: { media: [{ url: 'https://example.com/a.png' }] } }),
			},
		});
		expect(run.error).toBeUndefined();
		expect(sent).toHaveLength(1);
		const form = sent[0].form;
		const [senderKey, senderValue] = expectedSender[senderType](channel);
		expect(form.get(senderKey)).toBe(senderValue);
		expect(form.get(senderKey === 'From' ? 'MessagingServiceSid' : 'From')).toBeNull();
		expect(form.get('To')).toBe(recipient[channel][1]);
		expect(form.get('Body')).toBe('Hello');
		expect(form.getAll('MediaUrl')).toEqual(channel === 'sms' ? [] : ['https://example.com/a.png']);
		expect(run.json[0]).toMatchObject({
			sid: expect.stringMatching(/^(SM|MM)/),
			to: recipient[channel][1],
		});
	});

	it('accepts short codes and alphanumeric sender IDs on SMS', async () => {
		const { sent } = acceptMessages(2);
		const run = await send({
			items: [{ from: '24365' }, { from: 'ACME Shop' }],
			parameters: { from: { __rl: true, mode: 'id', value: '={{ $json.from }}' } },
		});
		expect(run.error).toBeUndefined();
		expect(sent.map((request) => request.form.get('From'))).toEqual(['24365', 'ACME Shop']);
	});

	it('does not double a channel prefix the user typed', async () => {
		const { sent } = acceptMessages();
		await send({
			parameters: {
				channel: 'whatsapp',
				to: 'whatsapp:+14155550199',
				from: { __rl: true, mode: 'id', value: 'whatsapp:+14155550100' },
			},
		});
		expect(sent[0].form.get('To')).toBe('whatsapp:+14155550199');
		expect(sent[0].form.get('From')).toBe('whatsapp:+14155550100');
	});
});

describe('Send: Content Templates', () => {
	const whatsappTypes = TEMPLATE_TYPES_BY_CHANNEL.whatsapp.filter((type) => type !== 'inline');

	it.each(whatsappTypes)(
		'sends a %s template with its variables as strings',
		async (templateType) => {
			const contentSid = sid('HX');
			const contentType = TEMPLATE_TYPES[templateType].contentType!;
			const template = twilioNock(CONTENT_URL)
				.get(`/v1/Content/${contentSid}`)
				.reply(
					200,
					templateResource(
						contentSid,
						{ [contentType]: { body: 'Hi {{1}}, order {{order}}' } },
						{ 1: 'name', order: '42' },
					),
				);
			const { sent } = acceptMessages(2);
			const run = await send({
				items: [
					{ name: 'Ada', order: 7 },
					{ name: 'Grace', order: 8 },
				],
				parameters: {
					channel: 'whatsapp',
					templateType,
					contentSid: { __rl: true, mode: 'id', value: contentSid },
					contentVariables: {
						mappingMode: 'defineBelow',
						value: { 1: '={{ $json.name }}', order: '={{ $json.order }}' },
					},
				},
			});
			expect(run.error).toBeUndefined();
			expect(template.isDone()).toBe(true); // one fetch for the whole batch
			expect(sent.map((request) => request.form.get('ContentSid'))).toEqual([
				contentSid,
				contentSid,
			]);
			expect(sent.map((request) => JSON.parse(request.form.get('ContentVariables')!))).toEqual([
				{ 1: 'Ada', order: '7' },
				{ 1: 'Grace', order: '8' },
			]);
			expect(sent[0].form.get('Body')).toBeNull();
		},
	);

	it('rejects a template that does not have the chosen type, before sending anything', async () => {
		const contentSid = sid('HX');
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(200, templateResource(contentSid, { 'twilio/text': { body: 'x' } }));
		const { sent } = acceptMessages();
		const run = await send({
			parameters: {
				channel: 'whatsapp',
				templateType: 'carousel',
				contentSid: { __rl: true, mode: 'id', value: contentSid },
			},
		});
		expect(run.error?.message).toMatch(
			/Content Template .* is not a Carousel template \(it has: Text\) \[item 0\]/,
		);
		expect(sent).toHaveLength(0);
	});

	it('names the template when Twilio does not know it', async () => {
		const contentSid = sid('HX');
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
		const { sent } = acceptMessages();
		const run = await send({
			parameters: {
				templateType: 'text',
				contentSid: { __rl: true, mode: 'id', value: contentSid },
			},
		});
		expect(run.error?.message).toMatch(/not found \(Twilio error 20404\)/);
		expect(sent).toHaveLength(0);
	});
});

describe('Send: inline content', () => {
	it('renders Handlebars from inline variables and item fields without HTML escaping', async () => {
		const { sent } = acceptMessages(2);
		const run = await send({
			items: [
				{ first_name: 'Ada', city: 'Köln' },
				{ first_name: 'Grace', city: 'New York' },
			],
			parameters: {
				channel: 'mms',
				body: 'Hi {{first_name}} & welcome to {{city}} — {{shop}} <3',
				mediaUrls: { media: [{ url: 'https://cdn.example.com/{{first_name}}.png' }] },
				inlineVariables: { variable: [{ name: 'shop', value: 'A&B "Store"' }] },
				useItemFields: true,
			},
		});
		expect(run.error).toBeUndefined();
		expect(sent.map((request) => request.form.get('Body'))).toEqual([
			'Hi Ada & welcome to Köln — A&B "Store" <3',
			'Hi Grace & welcome to New York — A&B "Store" <3',
		]);
		expect(sent[1].form.getAll('MediaUrl')).toEqual(['https://cdn.example.com/Grace.png']);
	});

	it('appends the opt-out text to SMS once', async () => {
		const { sent } = acceptMessages(2);
		await send({
			items: [{ body: 'Sale today!' }, { body: 'Sale today! Reply STOP to unsubscribe.' }],
			parameters: {
				body: '={{ $json.body }}',
				options: { optOutText: 'Reply STOP to unsubscribe.' },
			},
		});
		expect(sent.map((request) => request.form.get('Body'))).toEqual([
			'Sale today!\nReply STOP to unsubscribe.',
			'Sale today! Reply STOP to unsubscribe.',
		]);
	});

	it('does not append the opt-out text on WhatsApp', async () => {
		const { sent } = acceptMessages();
		await send({
			parameters: { channel: 'whatsapp', options: { optOutText: 'Reply STOP to unsubscribe.' } },
		});
		expect(sent[0].form.get('Body')).toBe('Hello');
	});
});

describe('Send: options', () => {
	it('writes every option as the Twilio parameter', async () => {
		const { sent } = acceptMessages();
		const sendAt = new Date(Date.now() + 2 * 60 * 60 * 1000);
		const run = await send({
			parameters: {
				senderType: 'messagingService',
				messagingServiceSid: { __rl: true, mode: 'list', value: SERVICE_SID },
				options: {
					statusCallback: 'https://n8n.example.com/webhook/status',
					callbackConnection: {
						retryCount: 3,
						retryPolicy: ['5xx', 'ct'],
						connectTimeout: 2000,
						edge: 'dublin',
					},
					validityPeriod: 600,
					sendAt: sendAt.toISOString(),
					shortenUrls: true,
					smartEncoded: true,
					sendAsMms: true,
					riskCheck: 'disable',
					contentRetention: 'discard',
					addressRetention: 'obfuscate',
					attempt: 2,
					tags: { tag: [{ name: 'campaign', value: 'summer_sale' }] },
				},
			},
		});
		expect(run.error).toBeUndefined();
		const form = Object.fromEntries(sent[0].form);
		expect(form).toMatchObject({
			MessagingServiceSid: SERVICE_SID,
			StatusCallback: 'https://n8n.example.com/webhook/status#rc=3&ct=2000&rp=5xx,ct&e=dublin',
			ValidityPeriod: '600',
			SendAt: sendAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
			ScheduleType: 'fixed',
			ShortenUrls: 'true',
			SmartEncoded: 'true',
			SendAsMms: 'true',
			RiskCheck: 'disable',
			ContentRetention: 'discard',
			AddressRetention: 'obfuscate',
			Attempt: '2',
			Tags: '{"campaign":"summer_sale"}',
		});
		expect(run.json[0].status).toBe('scheduled');
	});

	it('writes Persistent Action on WhatsApp', async () => {
		const { sent } = acceptMessages();
		const run = await send({
			parameters: {
				channel: 'whatsapp',
				options: { persistentAction: ['geo:37.787890,-122.391664|375 Beale St'] },
			},
		});
		expect(run.error).toBeUndefined();
		expect(sent[0].form.getAll('PersistentAction')).toEqual([
			'geo:37.787890,-122.391664|375 Beale St',
		]);
	});

	it('returns the raw Twilio resource when Simplify is off', async () => {
		acceptMessages();
		const run = await send({ parameters: { simplify: false } });
		expect(run.json[0]).toHaveProperty('account_sid');
		expect(run.json[0]).toHaveProperty('subresource_uris');
	});
});

describe('Send: subscription-aware sending', () => {
	it('sends subscribed, never sends unsubscribed, and follows the policy for unknown', async () => {
		const { sent } = acceptMessages(2);
		const run = await send({
			items: [
				{ to: '+14155550001', sub: 'subscribed' },
				{ to: '+14155550002', sub: 'unsubscribed' },
				{ to: '+14155550003', sub: false },
				{ to: '+14155550004', sub: '' },
				{ to: '+14155550005', sub: true },
				{ to: '+14155550006', sub: 'pending' },
			],
			parameters: {
				to: '={{ $json.to }}',
				options: { subscriptionStatus: '={{ $json.sub }}', unknownSubscriptionPolicy: 'skip' },
			},
		});
		expect(sent.map((request) => request.form.get('To'))).toEqual(['+14155550001', '+14155550005']);
		expect(run.json.map((item) => item.skipped ?? false)).toEqual([
			false,
			true,
			true,
			true,
			false,
			true,
		]);
		expect(run.json[1]).toMatchObject({
			skipped: true,
			to: '+14155550002',
			reason: expect.stringMatching(/unsubscribed/),
		});
		expect(run.json[3].reason).toMatch(/empty/);
		expect(run.output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4, 5].map((item) => ({ item })),
		);
	});

	it('sends unknown statuses when the policy says so', async () => {
		const { sent } = acceptMessages();
		await send({
			parameters: { options: { subscriptionStatus: 'pending', unknownSubscriptionPolicy: 'send' } },
		});
		expect(sent).toHaveLength(1);
	});
});

describe('Send: batches', () => {
	it('keeps input order and pairedItem while answers arrive out of order', async () => {
		const count = 12;
		const sent: string[] = [];
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.times(count)
			.delay(0)
			.reply(function (_uri, body) {
				const form = new URLSearchParams(body as string);
				sent.push(form.get('To')!);
				return [201, { sid: sid('SM'), to: form.get('To'), status: 'queued' }];
			});
		// Later items answer sooner, so completion order is the reverse of input order.
		const items = Array.from({ length: count }, (_, index) => ({
			to: `+1415555${String(index).padStart(4, '0')}`,
			wait: (count - index) * 5,
		}));
		const run = await send({
			items,
			parameters: { to: '={{ $json.to }}', options: { concurrency: 4 } },
		});
		expect(run.error).toBeUndefined();
		expect(run.json.map((item) => item.to)).toEqual(items.map((item) => item.to));
		expect(run.output.map((item) => item.pairedItem)).toEqual(items.map((_, item) => ({ item })));
		expect(new Set(sent).size).toBe(count);
	});

	it('never has more requests in flight than the concurrency option', async () => {
		let inFlight = 0;
		let peak = 0;
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.times(20)
			.reply(async function (_uri, body) {
				inFlight++;
				peak = Math.max(peak, inFlight);
				await new Promise((resolve) => setTimeout(resolve, 10));
				inFlight--;
				return [201, { sid: sid('SM'), to: new URLSearchParams(body as string).get('To') }];
			});
		const items = Array.from({ length: 20 }, (_, index) => ({
			to: `+1415555${String(index).padStart(4, '0')}`,
		}));
		const run = await send({
			items,
			parameters: { to: '={{ $json.to }}', options: { concurrency: 3 } },
		});
		expect(run.error).toBeUndefined();
		expect(peak).toBe(3);
	});

	it('spaces starts to the messages-per-second cap', async () => {
		const starts: number[] = [];
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.times(5)
			.reply(() => {
				starts.push(Date.now());
				return [201, { sid: sid('SM') }];
			});
		await send({
			items: [{}, {}, {}, {}, {}],
			parameters: { options: { concurrency: 5, maxPerSecond: 20 } },
		});
		expect(starts).toHaveLength(5);
		// Measured from the second request on: the first reaches the server late by the run's one-off setup.
		expect(starts[4] - starts[1]).toBeGreaterThanOrEqual(3 * 50 - 10);
	});

	it('with Continue On Fail gives an error item for the failing item and sends the rest', async () => {
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.times(3)
			.reply((_uri, body) => {
				const to = new URLSearchParams(body as string).get('To');
				if (to === '+14155550002') {
					return [
						400,
						{
							code: 21610,
							message: 'Attempt to send to unsubscribed recipient',
							more_info: 'https://www.twilio.com/docs/errors/21610',
							status: 400,
						},
					];
				}
				return [201, { sid: sid('SM'), to }];
			});
		const run = await send({
			continueOnFail: true,
			items: [
				{ to: '+14155550001' },
				{ to: '+14155550002' },
				{ to: 'not a number' },
				{ to: '+14155550004' },
			],
			parameters: { to: '={{ $json.to }}' },
		});
		expect(run.error).toBeUndefined();
		expect(run.json[0]).toMatchObject({ to: '+14155550001' });
		expect(run.json[1].error).toMatch(/unsubscribed \(Twilio error 21610\)/);
		expect(run.json[1].description).toMatch(/reply START/);
		expect(run.json[2].error).toMatch(/^To .* \[item 2\]$/);
		expect(run.json[3]).toMatchObject({ to: '+14155550004' });
		expect(run.output.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3].map((item) => ({ item })),
		);
	});

	it('without Continue On Fail stops starting new messages after a failure and says what was sent', async () => {
		let requests = 0;
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.times(10)
			.reply(() => {
				requests++;
				return requests === 2
					? [400, { code: 21211, message: "The 'To' number is not valid", status: 400 }]
					: [201, { sid: sid('SM') }];
			});
		const items = Array.from({ length: 10 }, () => ({}));
		const run = await send({ items, parameters: { options: { concurrency: 1 } } });
		expect(run.error?.message).toMatch(/Invalid 'To' phone number \(Twilio error 21211\)/);
		expect(run.error?.description).toMatch(
			/Of 10 item\(s\) in this run: 1 sent, 1 failed and not sent .*, 8 not started, 0 in flight with unknown outcome\./,
		);
		expect(requests).toBe(2);
	});
});

describe('Send: outage', () => {
	it('stops starting sends once the API refuses connections, and fails the rest at once as not sent', async () => {
		const saved = RETRY.maxAttempts;
		RETRY.maxAttempts = 2;
		let attempts = 0;
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.times(1000)
			.replyWithError({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' })
			.on('request', () => attempts++);
		const items = Array.from({ length: 200 }, () => ({}));
		const run = await send({
			items,
			continueOnFail: true,
			parameters: { options: { concurrency: 1 } },
		});
		RETRY.maxAttempts = saved;
		expect(run.json).toHaveLength(200);
		expect(run.json[0].error).toMatch(/the connection was refused; nothing was sent/);
		expect(run.json[199].error).toMatch(
			/^Not sent: the Twilio API was unreachable \(Could not reach Twilio while sending a message: the connection was refused; nothing was sent\), so this message was not attempted$/,
		);
		expect(attempts).toBe(6);
	});
});

describe('Send: send once per key', () => {
	beforeEach(() => processedData.store.clear());

	it('a re-run after a failure sends only what is missing, and never the same key twice', async () => {
		const items = Array.from({ length: 6 }, (_, index) => ({
			order: `A${index}`,
			to: `+1415555000${index}`,
		}));
		const parameters = {
			to: '={{ $json.to }}',
			options: { sendOnceBy: '={{ $json.order }}-shipped', concurrency: 1 },
		};
		const delivered: string[] = [];
		let calls = 0;
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.times(20)
			.reply((_uri, body) => {
				calls++;
				const to = new URLSearchParams(body as string).get('To')!;
				// The first run hits an outage at the third message; the one after it never starts.
				if (calls === 3) return [503, { code: 20503, message: 'Service unavailable', status: 503 }];
				delivered.push(to);
				return [201, { sid: sid('SM'), to }];
			});
		const saved = RETRY.maxAttempts;
		RETRY.maxAttempts = 1;
		const first = await send({ items, parameters });
		RETRY.maxAttempts = saved;
		expect(first.error).toBeDefined();
		expect(delivered).toEqual(['+14155550000', '+14155550001']);

		const second = await send({ items, parameters });
		expect(second.error).toBeUndefined();
		expect(delivered).toEqual(items.map((item) => item.to));
		expect(second.json.slice(0, 2).map((item) => item.skipped)).toEqual([true, true]);
		expect(second.json[0].reason).toMatch(
			/send-once key "A0-shipped" was already sent by this node: Twilio confirmed it in an earlier execution/,
		);

		const third = await send({ items, parameters });
		expect(third.json.every((item) => item.skipped)).toBe(true);
		expect(delivered).toHaveLength(6);
	});

	it("resolves a send whose outcome was lost by finding it in Twilio's message log, and does not send it again", async () => {
		const parameters = { options: { sendOnceBy: 'welcome-ada' } };
		let stored: IDataObject | undefined;
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.reply((_uri, body) => {
				stored = {
					...messageResource(new URLSearchParams(body as string)),
					date_created: new Date().toUTCString(),
				};
				return [201, stored];
			});
		const first = await send({ parameters });
		expect(first.error).toBeUndefined();
		// Forget the confirmation, as if the process had died before writing it.
		const store = [...processedData.store.values()][0];
		store.push('twilio-send-once/1:open:welcome-ada');

		const lookups: string[] = [];
		twilioNock('https://api.twilio.com')
			.get(/Messages\.json/)
			.reply((uri) => {
				lookups.push(uri);
				return [200, { messages: [stored], next_page_uri: null, page: 0, page_size: 200 }];
			});
		const second = await send({ parameters });
		expect(lookups[0]).toMatch(/To=%2B14155550199&From=%2B14155550100/);
		expect(second.json[0]).toMatchObject({ skipped: true, messageSid: stored!.sid });
		expect(second.json[0].reason).toMatch(/Twilio's message log has the message \(SM/);

		// Found in the log means confirmed: a third run does not ask Twilio again.
		const third = await send({ parameters });
		expect(third.json[0].reason).toMatch(/Twilio confirmed it/);
	});

	it("sends again a key whose earlier send had an unknown outcome when Twilio's log does not have it", async () => {
		const parameters = { options: { sendOnceBy: 'welcome-ada' } };
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.replyWithError({ code: 'ECONNRESET', message: 'reset' });
		const first = await send({ parameters, continueOnFail: true });
		expect(first.json[0].error).toMatch(/may or may not have been sent/);

		// An identical message in the log, but sent long before this key was claimed, is not this key's.
		const old = {
			...messageResource({ To: '+14155550199', From: '+14155550100', Body: 'Hello' }),
			date_created: 'Mon, 02 Nov 2026 12:00:00 +0000',
		};
		twilioNock('https://api.twilio.com')
			.get(/Messages\.json/)
			.reply(200, { messages: [old], next_page_uri: null });
		const { sent } = acceptMessages(1);
		const second = await send({ parameters });
		expect(sent).toHaveLength(1);
		expect(second.json[0]).toMatchObject({ status: 'queued' });
	});

	it("keeps the key claimed and sends nothing when Twilio's log cannot be checked", async () => {
		const parameters = { options: { sendOnceBy: 'welcome-ada' } };
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.replyWithError({ code: 'ECONNRESET', message: 'reset' });
		await send({ parameters, continueOnFail: true });
		twilioNock('https://api.twilio.com')
			.get(/Messages\.json/)
			.reply(401, { code: 20003, message: 'Authenticate', status: 401 });
		const second = await send({ parameters });
		expect(second.error?.message).toMatch(
			/Not sent: an earlier send with send-once key "welcome-ada" has no confirmation, and Twilio's message log could not be checked/,
		);
	});

	it('gives the key back when the send certainly did not happen', async () => {
		const parameters = { options: { sendOnceBy: 'welcome-ada' } };
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.replyWithError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND api.twilio.com' });
		const first = await send({ parameters, continueOnFail: true });
		expect(first.json[0].error).toMatch(
			/Could not reach Twilio while sending a message: the host name was not found; nothing was sent/,
		);
		const { sent } = acceptMessages(1);
		await send({ parameters });
		expect(sent).toHaveLength(1);
	});

	it('refuses, before sending anything, a batch with more keys than the Send-Once History holds', async () => {
		const items = Array.from({ length: 5 }, (_, index) => ({ k: `key-${index}` }));
		const run = await send({
			items,
			parameters: { options: { sendOnceBy: '={{ $json.k }}', sendOnceHistory: 3 } },
		});
		expect(run.error?.message).toBe(
			"Send-Once History Size (3) is smaller than this batch's 5 send-once keys",
		);
		expect(run.error?.description).toMatch(/at least 5.*Nothing was sent/);
	});

	it('Stop gives back the keys of sends not started; a re-run sends every item exactly once', async () => {
		const items = Array.from({ length: 30 }, (_, index) => ({
			k: `k${index}`,
			to: `+141555501${String(index).padStart(2, '0')}`,
		}));
		const parameters = {
			to: '={{ $json.to }}',
			options: { sendOnceBy: '={{ $json.k }}', concurrency: 2 },
		};
		const logged: IDataObject[] = [];
		let stop = () => {};
		twilioNock('https://api.twilio.com')
			.post(/Messages\.json$/)
			.times(100)
			.delay(30)
			.reply((_uri, body) => {
				const message = {
					...messageResource(new URLSearchParams(body as string)),
					date_created: new Date().toUTCString(),
				};
				logged.push(message);
				if (logged.length === 6) stop();
				return [201, message];
			});
		twilioNock('https://api.twilio.com')
			.get(/Messages\.json/)
			.times(100)
			.reply((uri) => {
				const to = new URL(uri, 'https://api.twilio.com').searchParams.get('To');
				return [
					200,
					{ messages: logged.filter((message) => message.to === to), next_page_uri: null },
				];
			});
		await send({ items, parameters, onStart: (cancel) => (stop = cancel) });
		await new Promise((resolve) => setTimeout(resolve, 300));
		expect(logged.length).toBeLessThan(10);

		const second = await send({ items, parameters });
		expect(second.error).toBeUndefined();
		const perRecipient = new Map<unknown, number>();
		for (const message of logged)
			perRecipient.set(message.to, (perRecipient.get(message.to) ?? 0) + 1);
		expect([...perRecipient.values()].every((count) => count === 1)).toBe(true);
		expect(perRecipient.size).toBe(30);
	});

	it('sends one message per key within a run', async () => {
		const { sent } = acceptMessages(2);
		const run = await send({
			items: [{ k: 'a' }, { k: 'b' }, { k: 'a' }],
			parameters: { options: { sendOnceBy: '={{ $json.k }}' } },
		});
		expect(sent).toHaveLength(2);
		expect(run.json[2]).toMatchObject({
			skipped: true,
			reason: expect.stringMatching(
				/earlier item of this run \(item 0\) has the same send-once key "a", which was sent as SM/,
			),
		});
		expect(run.json[2].messageSid).toBe(run.json[0].sid);
	});
});
