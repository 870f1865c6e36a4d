import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { CONTENT_URL, sid } from '../../../../fixtures/twilio';
import { acceptMessages, send, templateResource } from '../../../../helpers/send';

const firstName = { inlineVariables: { variable: [{ name: 'first_name', value: 'Ada' }] } };
const README_BODY = 'Hi {{first_name}}, your order has shipped.';

afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

async function bodyOf(parameters: INodeParameters, items: IDataObject[] = [{}]): Promise<string[]> {
	const { sent } = acceptMessages(items.length);
	const run = await send({
		items,
		parameters: { ...parameters, options: { optOutText: '', ...(parameters.options as object) } },
	});
	expect(run.error).toBeUndefined();
	return sent.map((request) => request.form.get('Body')!);
}

async function refusal(
	parameters: INodeParameters,
	items: IDataObject[] = [{}],
): Promise<string | undefined> {
	const { sent } = acceptMessages();
	const run = await send({
		items,
		parameters: { ...parameters, options: { optOutText: '', ...(parameters.options as object) } },
	});
	expect(sent).toHaveLength(0);
	nock.cleanAll();
	return run.error?.message;
}

describe('Send: Handlebars placeholders and n8n expressions in one field', () => {
	it.each([
		['Fixed (typed key by key)', README_BODY],
		['Expression (pasted, so the editor switched the field)', `=${README_BODY}`],
	])('renders the placeholder in %s mode', async (_mode, body) => {
		expect(await bodyOf({ body, ...firstName })).toEqual(['Hi Ada, your order has shipped.']);
	});

	it('evaluates n8n expressions and placeholders side by side, per item', async () => {
		const body =
			'=Hi {{first_name}}, it is {{ $json.day }} and your total is {{ $json.total.toFixed(2) }}.';
		expect(
			await bodyOf({ body, ...firstName }, [
				{ day: 'Monday', total: 3 },
				{ day: 'Tuesday', total: 4.5 },
			]),
		).toEqual([
			'Hi Ada, it is Monday and your total is 3.00.',
			'Hi Ada, it is Tuesday and your total is 4.50.',
		]);
	});

	it('keeps a field mapped by drag and drop working', async () => {
		expect(
			await bodyOf({ body: '={{ $json.first_name }}, your order has shipped.' }, [
				{ first_name: 'Grace' },
			]),
		).toEqual(['Grace, your order has shipped.']);
	});

	it('renders blocks, paths, comments, whitespace control and triple-stash in Expression mode', async () => {
		const body =
			'={{#if vip}}VIP {{/if}}{{! greeting }}Hi {{{first_name}}} {{customer.last~}}   !{{#each lines}} [{{@index}}:{{this}}]{{/each}}{{#unless vip}} x{{else}} ({{ $json.tier }}){{/unless}}';
		const text = await bodyOf({ body, useItemFields: true }, [
			{
				vip: true,
				first_name: 'A&B',
				customer: { last: 'Lovelace' },
				lines: ['a', 'b'],
				tier: 'gold',
			},
		]);
		expect(text).toEqual(['VIP Hi A&B Lovelace! [0:a] [1:b] (gold)']);
	});

	it('refuses a placeholder defined nowhere, in both modes, naming it and the item', async () => {
		for (const body of [README_BODY, `=${README_BODY}`]) {
			expect(await refusal({ body }, [{}, {}])).toMatch(
				/^Message Body uses the variable "first_name", which is not defined.*\[item 0\]$/,
			);
		}
	});

	it('refuses an n8n expression that is empty for an item, naming it', async () => {
		const message = await refusal({ body: '=Hi {{ $json.firstName }}, your order has shipped.' }, [
			{ firstName: 'Ada' },
			{},
		]);
		expect(message).toMatch(
			/^Message Body has the expression \{\{ \$json\.firstName \}\}, which is empty for this item.*\[item 1\]$/,
		);
	});

	it('sends an empty expression when Allow Empty Values is on', async () => {
		const body = '=Hi{{ $json.firstName }}, your order has shipped.';
		expect(await bodyOf({ body, options: { allowEmptyValues: true } })).toEqual([
			'Hi, your order has shipped.',
		]);
	});

	it('refuses an expression that gives an object or a list instead of sending "[object Object]"', async () => {
		expect(
			await refusal({ body: '=Ship to {{ $json.address }}' }, [{ address: { city: 'Paris' } }]),
		).toMatch(/gives an object, not text/);
		expect(await refusal({ body: '=Items: {{ $json.lines }}' }, [{ lines: ['a'] }])).toMatch(
			/gives a list, not text/,
		);
	});

	it('says to switch to Expression when a Fixed field holds an n8n expression', async () => {
		expect(await refusal({ body: 'Hi {{ $json.first_name }}' }, [{ first_name: 'Ada' }])).toMatch(
			/^Message Body has \{\{ \$json\.first_name \}\}, an n8n expression, but the field is set to Fixed/,
		);
	});

	it('refuses an inline variable that is empty for an item where the text writes it', async () => {
		const parameters = {
			body: `=${README_BODY}`,
			inlineVariables: { variable: [{ name: 'first_name', value: '={{ $json.firstName }}' }] },
		};
		expect(await refusal(parameters, [{ firstName: 'Ada' }, {}])).toMatch(
			/^Message Body uses the variable "first_name", which is empty for this item.*\[item 1\]$/,
		);
		expect(
			await refusal({ body: README_BODY, useItemFields: true }, [{ first_name: null }]),
		).toMatch(/"first_name", which is empty/);
	});

	it('lets an empty variable through where the text only tests it', async () => {
		const body = 'Hi{{#if nickname}} {{nickname}}{{/if}}!';
		expect(
			await bodyOf({ body, inlineVariables: { variable: [{ name: 'nickname', value: '' }] } }),
		).toEqual(['Hi!']);
	});

	it('sends an empty inline variable when Allow Empty Values is on', async () => {
		const parameters = {
			body: README_BODY,
			inlineVariables: { variable: [{ name: 'first_name', value: '' }] },
			options: { allowEmptyValues: true },
		};
		expect(await bodyOf(parameters)).toEqual(['Hi , your order has shipped.']);
	});

	it('renders variables named like Object.prototype members, and refuses them when undefined', async () => {
		const variable = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'].map((name) => ({
			name,
			value: `<${name}>`,
		}));
		const body = '{{__proto__}} {{constructor}} {{toString}} {{hasOwnProperty}}';
		expect(await bodyOf({ body, inlineVariables: { variable } })).toEqual([
			'<__proto__> <constructor> <toString> <hasOwnProperty>',
		]);
		expect(
			await bodyOf({ body: '{{constructor}}', useItemFields: true }, [
				JSON.parse('{"constructor":"from the item"}'),
			]),
		).toEqual(['from the item']);
		expect(await refusal({ body: 'Hi {{toString}}' })).toMatch(
			/uses the variable "toString", which is not defined/,
		);
		expect(await refusal({ body: '=Hi {{constructor}}' })).toMatch(
			/uses the variable "constructor", which is not defined/,
		);
	});
});

describe('Send: media URLs', () => {
	const mms = { channel: 'mms', body: 'Your receipt' };

	it('renders placeholders and expressions in Expression mode', async () => {
		const { sent } = acceptMessages();
		const run = await send({
			items: [{ id: 7 }],
			parameters: {
				...mms,
				inlineVariables: { variable: [{ name: 'sku', value: 'A-1' }] },
				mediaUrls: { media: [{ url: '=https://cdn.example.com/{{sku}}/{{ $json.id }}.png' }] },
			},
		});
		expect(run.error).toBeUndefined();
		expect(sent[0].form.getAll('MediaUrl')).toEqual(['https://cdn.example.com/A-1/7.png']);
	});

	it('refuses more than 10 URLs itself (imported JSON, rows with expressions), naming the field and the item', async () => {
		const media = Array.from({ length: 11 }, (_, i) => ({
			url: `={{ "https://x.example.com/${i}.png" }}`,
		}));
		expect(await refusal({ ...mms, mediaUrls: { media } })).toMatch(
			/^Media URLs has 11 URLs; Twilio accepts at most 10 on one message \[item 0\]$/,
		);
	});

	it('refuses a URL row that is empty for an item, and skips it when empty values are allowed', async () => {
		const mediaUrls = { media: [{ url: '={{ $json.image }}' }] };
		expect(
			await refusal({ ...mms, mediaUrls }, [{ image: 'https://x.example.com/a.png' }, {}]),
		).toMatch(/^Media URL 1 has the expression .* empty for this item.*\[item 1\]$/);
		const { sent } = acceptMessages();
		const run = await send({
			items: [{}],
			parameters: { ...mms, mediaUrls, options: { allowEmptyValues: true } },
		});
		expect(run.error).toBeUndefined();
		expect(sent[0].form.getAll('MediaUrl')).toEqual([]);
	});
});

describe('Send: Content Template variables never fall back to the sample', () => {
	const contentSid = sid('HX');
	const template = () =>
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(
				200,
				templateResource(
					contentSid,
					{ 'twilio/text': { body: 'Hola {{1}}, tu pedido #{{2}} ha sido enviado.' } },
					{ 1: 'Ada', 2: '1001' },
				),
			);
	const whatsappTemplate = (contentVariables: object, options: object = {}): INodeParameters => ({
		channel: 'whatsapp',
		templateType: 'text',
		contentSid: { __rl: true, mode: 'id', value: contentSid },
		contentVariables: contentVariables as INodeParameters,
		options: options as INodeParameters,
	});

	it('maps item fields named like the variables with Map Automatically', async () => {
		template();
		const { sent } = acceptMessages(2);
		const run = await send({
			items: [
				{ 1: 'Grace', 2: 'A-7', other: { nested: true } },
				{ 1: 'Linus', 2: 'B-8' },
			],
			parameters: whatsappTemplate({ mappingMode: 'autoMapInputData', value: null }),
		});
		expect(run.error).toBeUndefined();
		expect(sent.map((request) => JSON.parse(request.form.get('ContentVariables')!))).toEqual([
			{ 1: 'Grace', 2: 'A-7' },
			{ 1: 'Linus', 2: 'B-8' },
		]);
	});

	it('refuses an item without a field for a variable under Map Automatically', async () => {
		template();
		const { sent } = acceptMessages(2);
		const run = await send({
			items: [{ 1: 'Grace', 2: 'A-7' }, { 1: 'Linus' }],
			parameters: whatsappTemplate({ mappingMode: 'autoMapInputData', value: null }),
		});
		expect(sent).toHaveLength(0);
		expect(run.error?.message).toMatch(
			/^Content Variables variable \{\{2\}\} has no value for this item.*Map Automatically.*\[item 1\]$/,
		);
	});

	it.each([
		['evaluates to empty', { 1: '={{ $json.name }}', 2: '={{ $json.order }}' }],
		['is not mapped', { 1: '={{ $json.name }}' }],
	])('refuses a variable the template uses that %s', async (_what, value) => {
		template();
		const { sent } = acceptMessages(2);
		const run = await send({
			items: [{ name: 'Grace', order: 'A-7' }, { name: 'Linus' }],
			parameters: whatsappTemplate({ mappingMode: 'defineBelow', value }),
		});
		expect(sent).toHaveLength(0);
		expect(run.error?.message).toMatch(
			/^Content Variables variable \{\{2\}\} has no value for this item, and Twilio would send the template's sample.*\[item [01]\]$/,
		);
	});

	it('sends empty variables as empty text when Allow Empty Values is on', async () => {
		template();
		const { sent } = acceptMessages();
		const run = await send({
			items: [{ name: 'Linus' }],
			parameters: whatsappTemplate(
				{ mappingMode: 'defineBelow', value: { 1: '={{ $json.name }}' } },
				{ allowEmptyValues: true },
			),
		});
		expect(run.error).toBeUndefined();
		expect(JSON.parse(sent[0].form.get('ContentVariables')!)).toEqual({ 1: 'Linus', 2: '' });
	});
});

describe('Send: numeric options are checked, never defaulted or clamped', () => {
	beforeAll(() => nock.disableNetConnect());
	afterAll(() => nock.enableNetConnect());

	it.each([
		['concurrency', 0, 'Concurrency'],
		['concurrency', -1, 'Concurrency'],
		['concurrency', 1e9, 'Concurrency'],
		['concurrency', 2.5, 'Concurrency'],
		['concurrency', '={{ $json.missing }}', 'Concurrency'],
		['maxPerSecond', -5, 'Max Messages per Second'],
		['maxPerSecond', '={{ "fast" }}', 'Max Messages per Second'],
		['sendOnceHistory', 0, 'Send-Once History Size'],
		['sendOnceHistory', -1, 'Send-Once History Size'],
		['validityPeriod', 1e9, 'Validity Period'],
		['validityPeriod', '={{ -5 }}', 'Validity Period'],
		['attempt', -5, 'Attempt'],
	])('%s = %p', async (option, value, field) => {
		const { sent } = acceptMessages();
		const run = await send({ parameters: { options: { [option]: value } } });
		expect(sent).toHaveLength(0);
		expect(run.error?.message).toMatch(
			new RegExp(`^${field} must be a (whole )?number .*, not .*\\[item 0\\]$`),
		);
	});
});

describe('Send: a channel prefix that contradicts the Channel is refused', () => {
	it.each([
		['sms', 'whatsapp:+14155550199', 'WhatsApp'],
		['sms', 'rcs:+14155550199', 'RCS'],
		['whatsapp', 'messenger:2345678901234567', 'Facebook Messenger'],
	])('%s to %s', async (channel, to, other) => {
		const message = await refusal({ channel, to });
		expect(message).toContain(`To "${to}" is an address for ${other}, but the Channel is`);
		expect(message).toMatch(/\[item 0\]$/);
	});
});
