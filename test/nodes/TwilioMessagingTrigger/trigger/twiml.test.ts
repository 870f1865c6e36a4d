import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';
import {
	characterNotInXml,
	emptyTwiml,
	replyTwiml,
} from '../../../../nodes/TwilioMessagingTrigger/trigger/twiml';
import { Random } from '../../../helpers/random';
import { inboundSms, statusCallback, whatsappButtonReply } from '../../../fixtures/twilioWebhooks';
import { twilioFormRequest } from '../../../harness/twilioWebhook';
import { signedTrigger, TriggerHarness } from '../../../harness/webhook';

const EMPTY = '<?xml version="1.0" encoding="UTF-8"?><Response/>';
const WORKFLOW_TWIML =
	'<?xml version="1.0" encoding="UTF-8"?><Response><Message>Your order ships today</Message></Response>';

const trigger = signedTrigger;

async function deliver(node: TriggerHarness, params: Record<string, string>) {
	return await node.deliver(twilioFormRequest(node.url(), params));
}

/** The official twilio package's TwiML, or the error it throws. */
function sdkTwiml(text: string | null): string {
	try {
		const response = new MessagingResponse();
		if (text !== null) response.message(text);
		return response.toString();
	} catch {
		return 'error';
	}
}

function ourTwiml(text: string): string {
	try {
		return replyTwiml(text);
	} catch {
		return 'error';
	}
}

describe('TwiML builders, with the official twilio package as the oracle', () => {
	it('build an empty response and an escaped message', () => {
		expect(emptyTwiml()).toBe(EMPTY);
		expect(emptyTwiml()).toBe(sdkTwiml(null));
		expect(replyTwiml('5 < 6 & "quotes"')).toBe(
			'<?xml version="1.0" encoding="UTF-8"?><Response><Message>5 &lt; 6 &amp; "quotes"</Message></Response>',
		);
	});

	it('write exactly what the package writes for 2,000 random texts, and refuse what it refuses', () => {
		const characters = [
			...'aZ9 ',
			'&',
			'<',
			'>',
			'"',
			"'",
			']]>',
			'&amp;',
			'\r',
			'\n',
			'\t',
			'\r\n',
			'é',
			'中',
			'😀',
			'\u0000',
			'\u0008',
			'\u000b',
			'\u001f',
			'\u007f',
			'\u0085',
			'\ufffe',
			'\uffff',
			'\ud800',
			'\udc00',
			'\ud83d',
		];
		const random = new Random(31);
		let refused = 0;
		for (let round = 0; round < 2000; round++) {
			const text = random.string(characters, 0, random.chance(0.5) ? 3 : 20);
			const expected = sdkTwiml(text);
			expect({ text, ours: ourTwiml(text) }).toEqual({ text, ours: expected });
			if (expected === 'error') {
				refused++;
				expect(characterNotInXml(text)).toMatch(
					/^has the character U\+[0-9A-F]{4} at position \d+, which XML \(and so TwiML\) cannot carry$/,
				);
			} else {
				expect(characterNotInXml(text)).toBeUndefined();
			}
		}
		expect(refused).toBeGreaterThan(100);
	});

	it('name the character and its position', () => {
		expect(characterNotInXml('ab\u0007c')).toBe(
			'has the character U+0007 at position 3, which XML (and so TwiML) cannot carry',
		);
		expect(characterNotInXml('x\udc00')).toBe(
			'has the character U+DC00 at position 2, which XML (and so TwiML) cannot carry',
		);
		expect(characterNotInXml('😀\ud800')).toBe(
			'has the character U+D800 at position 3, which XML (and so TwiML) cannot carry',
		);
	});
});

describe('Respond: Immediately, Without a Reply', () => {
	it('answers an inbound message with empty TwiML as text/xml and starts the workflow', async () => {
		const delivery = await deliver(trigger({ respond: 'noReply' }), inboundSms);
		expect(delivery).toMatchObject({ statusCode: 200, body: EMPTY });
		expect(String(delivery.headers['content-type'])).toMatch(/^text\/xml/);
		expect(delivery.items).toHaveLength(1);
	});

	it('answers a status callback with an empty 200, not TwiML', async () => {
		const delivery = await deliver(trigger({ respond: 'noReply' }), statusCallback('sent'));
		expect(delivery).toMatchObject({ statusCode: 200, body: '' });
	});
});

describe('Respond: Immediately, With an Auto-Reply', () => {
	const autoReply = (text: string) => trigger({ respond: 'autoReply', autoReplyText: text });

	it('renders Handlebars over the output fields, without HTML escaping but XML-safe', async () => {
		const node = autoReply(
			'Hi {{whatsapp.profileName}}, about "{{body}}" & order {{parameters.ButtonPayload}}: on it!',
		);
		const delivery = await deliver(node, whatsappButtonReply);
		const text = 'Hi Zoë Müller, about "Yes, confirm" & order confirm_order_1234: on it!';
		expect(delivery.body).toBe(replyTwiml(text));
		expect(delivery.body).toContain('&amp; order');
		expect(delivery.items[0].json.autoReply).toEqual({ text, skippedBecause: null });
	});

	it('renders the placeholders when the field is in Expression mode (as after a paste), n8n expressions beside them', async () => {
		const node = autoReply(
			'=Hi {{whatsapp.profileName}}, about "{{body}}" – answered in {{ 1 + 1 }} days',
		);
		const delivery = await deliver(node, whatsappButtonReply);
		const text = 'Hi Zoë Müller, about "Yes, confirm" – answered in 2 days';
		expect(delivery.body).toBe(replyTwiml(text));
		expect(delivery.items[0].json.autoReply).toEqual({ text, skippedBecause: null });
	});

	it('an n8n expression that is empty sends no reply and says why', async () => {
		const delivery = await deliver(autoReply('=Hi {{ $vars.missing }}'), inboundSms);
		expect(delivery.body).toBe(EMPTY);
		expect(delivery.items[0].json.autoReply).toEqual({
			text: null,
			skippedBecause: expect.stringContaining('{{ $vars.missing }}'),
		});
	});

	it('a plain text without placeholders is sent as it is', async () => {
		const delivery = await deliver(autoReply('Thanks, we will answer soon.'), inboundSms);
		expect(delivery.body).toBe(replyTwiml('Thanks, we will answer soon.'));
	});

	it('a placeholder the message lacks sends no reply, says why, and still starts the workflow', async () => {
		const delivery = await deliver(autoReply('Hi {{whatsapp.profileName}}'), inboundSms);
		expect(delivery.body).toBe(EMPTY);
		expect(delivery.items[0].json.autoReply).toEqual({
			text: null,
			skippedBecause: expect.stringContaining('profileName'),
		});
	});

	it('a broken template sends no reply and says why', async () => {
		const delivery = await deliver(autoReply('Hi {{#if body}}'), inboundSms);
		expect(delivery.body).toBe(EMPTY);
		expect(
			String((delivery.items[0].json.autoReply as { skippedBecause: string }).skippedBecause),
		).toMatch(/not a valid template/);
	});

	it('a reply with a character XML cannot carry sends no reply, says why, and still starts the workflow', async () => {
		const delivery = await deliver(autoReply('You wrote: {{body}}'), {
			...inboundSms,
			Body: 'bell \u0007 here',
		});
		expect(delivery).toMatchObject({ statusCode: 200, body: EMPTY });
		expect(delivery.items[0].json.autoReply).toEqual({
			text: null,
			skippedBecause:
				'the reply text has the character U+0007 at position 17, which XML (and so TwiML) cannot carry',
		});
	});

	it('is not sent to a STOP message, which Twilio answers and blocks itself', async () => {
		const delivery = await deliver(autoReply('Thanks!'), { ...inboundSms, Body: 'Stop' });
		expect(delivery.body).toBe(EMPTY);
		expect(delivery.items[0].json).toMatchObject({
			optOut: { type: 'STOP' },
			autoReply: { text: null },
		});
	});

	it('is sent to HELP and START messages', async () => {
		expect(
			(await deliver(autoReply('Reply STOP to opt out.'), { ...inboundSms, Body: 'help' })).body,
		).toBe(replyTwiml('Reply STOP to opt out.'));
		expect((await deliver(autoReply('Welcome back'), { ...inboundSms, Body: 'START' })).body).toBe(
			replyTwiml('Welcome back'),
		);
	});

	it('status callbacks still get an empty 200', async () => {
		const delivery = await deliver(autoReply('Thanks!'), statusCallback('delivered'));
		expect(delivery).toMatchObject({ statusCode: 200, body: '' });
		expect(delivery.items[0].json.autoReply).toBeUndefined();
	});
});

describe("Respond: Using 'Respond to Webhook' Node", () => {
	const respondWith = {
		statusCode: 200,
		headers: { 'content-type': 'text/xml' },
		body: WORKFLOW_TWIML,
	};

	it('leaves the answer to the workflow for inbound messages', async () => {
		const node = trigger({ respond: 'responseNode' }, { respondWith });
		const delivery = await deliver(node, inboundSms);
		expect(delivery.result).toEqual({
			workflowData: [
				[expect.objectContaining({ json: expect.objectContaining({ event: 'inbound' }) })],
			],
		});
		expect(delivery).toMatchObject({ statusCode: 200, body: WORKFLOW_TWIML });
		expect(delivery.headers['content-type']).toBe('text/xml');
	});

	it("never answers a status callback before n8n does: the answer is the workflow's", async () => {
		// Activation refuses status events in this mode; a node activated before that still waits for n8n.
		const node = trigger({ respond: 'responseNode' }, { respondWith });
		const delivery = await deliver(node, statusCallback('delivered'));
		expect(delivery.result).toEqual({
			workflowData: [
				[expect.objectContaining({ json: expect.objectContaining({ event: 'status' }) })],
			],
		});
		expect(delivery).toMatchObject({ statusCode: 200, body: WORKFLOW_TWIML });
	});

	it('the webhook description hands the mode to n8n', () => {
		const node = trigger({ respond: 'responseNode' });
		const mode = node.workflow.expression.getSimpleParameterValue(
			node.node,
			node.webhookDescription.responseMode,
			'webhook',
			{},
			undefined,
			'onReceived',
		);
		expect(mode).toBe('responseNode');
		const immediate = trigger({ respond: 'autoReply', autoReplyText: 'x' });
		expect(
			immediate.workflow.expression.getSimpleParameterValue(
				immediate.node,
				immediate.webhookDescription.responseMode,
				'webhook',
				{},
				undefined,
				'x',
			),
		).toBe('onReceived');
	});
});

describe("Respond: From the Workflow's Last Node", () => {
	const setFields = { twiml: WORKFLOW_TWIML };

	it('answers with the twiml field of the last node, as text/xml', async () => {
		const node = trigger({ respond: 'lastNode' }, { setFields });
		const delivery = await deliver(node, inboundSms);
		expect(delivery.result).toEqual({
			workflowData: [
				[expect.objectContaining({ json: expect.objectContaining({ event: 'inbound' }) })],
			],
		});
		expect(delivery).toMatchObject({ statusCode: 200, body: WORKFLOW_TWIML });
		expect(delivery.headers['content-type']).toBe('text/xml');
	});

	it('hands lastNode and the twiml field to n8n through the webhook description', () => {
		const node = trigger({ respond: 'lastNode' });
		const value = (expression: unknown) =>
			node.workflow.expression.getSimpleParameterValue(
				node.node,
				expression as string,
				'webhook',
				{},
				undefined,
				undefined,
			);
		expect(value(node.webhookDescription.responseMode)).toBe('lastNode');
		expect(value(node.webhookDescription.responsePropertyName)).toBe('twiml');
		expect(value(node.webhookDescription.responseContentType)).toBe('text/xml');
	});

	it("never answers a status callback before n8n does: the answer is the last node's", async () => {
		const delivery = await deliver(
			trigger({ respond: 'lastNode' }, { setFields }),
			statusCallback('delivered'),
		);
		expect(delivery.result).toEqual({
			workflowData: [
				[expect.objectContaining({ json: expect.objectContaining({ event: 'status' }) })],
			],
		});
		expect(delivery).toMatchObject({ statusCode: 200, body: WORKFLOW_TWIML });
	});
});
