import { OUTBOUND_STATUSES } from '../../../../nodes/shared/domain';
import { MISSING_AUTH_TOKEN } from '../../../../nodes/TwilioMessagingTrigger/trigger/authToken';
import { AUTH_TOKEN, apiKeyCredentials } from '../../../fixtures/twilio';
import {
	inboundMessenger,
	inboundMms,
	inboundRcs,
	inboundSms,
	statusCallback,
	whatsappButtonReply,
	whatsappLocation,
} from '../../../fixtures/twilioWebhooks';
import { Random } from '../../../helpers/random';
import {
	twilioFormRequest,
	twilioJsonRequest,
	type FormParams,
} from '../../../harness/twilioWebhook';
import { signedTrigger, WEBHOOK_ID, nodeLogs, type Delivery } from '../../../harness/webhook';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const trigger = signedTrigger;

function expectRefused(delivery: Delivery): void {
	expect(delivery.statusCode).toBe(403);
	expect(delivery.run).toBeUndefined();
	expect(delivery.body).toBe('');
}

beforeEach(() => {
	nodeLogs.length = 0;
});

afterEach(() => {
	// Whatever happened, the Auth Token is never logged.
	expect(JSON.stringify(nodeLogs)).not.toContain(AUTH_TOKEN);
});

describe('webhook: signature verification through n8n-core', () => {
	it.each([11, 23, 37])(
		'random signed form requests start one execution each, parameters untouched (seed %i)',
		async (seed) => {
			const random = new Random(seed);
			const node = trigger();
			for (let round = 0; round < 4; round++) {
				const params: FormParams = {
					...inboundSms,
					Body: random.string([...'aé 中😀&=+%'], 0, 30),
				};
				if (random.chance(0.5)) params.Extra = ['one', `two ${random.int(0, 9)}`, 'three'];
				const delivery = await node.deliver(twilioFormRequest(node.url(), params));
				expect(delivery.statusCode).toBe(200);
				expect(delivery.items).toHaveLength(1);
				expect(delivery.items[0].json.parameters).toEqual(params);
			}
			expect(node.deliveries.filter((delivery) => delivery.run)).toHaveLength(4);
		},
	);

	it('accepts a JSON body signed with bodySHA256 and outputs the parsed body', async () => {
		const node = trigger();
		const body = JSON.stringify(statusCallback('delivered', { Note: 'Grüße 👋' }));
		const delivery = await node.deliver(twilioJsonRequest(node.url(), body));
		expect(delivery.statusCode).toBe(200);
		expect(delivery.items[0].json).toMatchObject({
			event: 'status',
			status: 'delivered',
			parameters: JSON.parse(body),
		});
	});

	it('accepts a URL Twilio signed with the default port, a query string the user added, and no fragment', async () => {
		const node = trigger();
		const url = `${node.url().replace('n8n.example.com', 'n8n.example.com:443')}?tenant=acme&tag=a%20b`;
		const delivery = await node.deliver(
			twilioFormRequest(url, inboundSms, {
				path: `${new URL(node.url()).pathname}?tenant=acme&tag=a%20b`,
			}),
		);
		expect(delivery.statusCode).toBe(200);
		expect(delivery.run).toBeDefined();
	});

	it('checks manual test runs against the /webhook-test/ URL', async () => {
		const node = trigger();
		const onTestUrl = await node.deliver(
			twilioFormRequest(node.url('test'), inboundSms, { mode: 'test' }),
		);
		expect(onTestUrl.statusCode).toBe(200);
		const signedForProduction = await node.deliver(
			twilioFormRequest(node.url('production'), inboundSms, {
				mode: 'test',
				path: new URL(node.url('test')).pathname,
			}),
		);
		expectRefused(signedForProduction);
	});

	it('finds the test URL also when n8n runs under a path prefix', async () => {
		const node = trigger(
			{},
			{
				webhookBaseUrl: 'https://acme.example.com/automation/webhook',
				webhookTestBaseUrl: 'https://acme.example.com/automation/webhook-test',
			},
		);
		// The proxy strips /automation before n8n sees the request.
		const delivery = await node.deliver(
			twilioFormRequest(node.url('test'), inboundSms, {
				mode: 'test',
				path: `/webhook-test/${WEBHOOK_ID}/twilio`,
			}),
		);
		expect(delivery.statusCode).toBe(200);
	});

	it('uses the Public URL Override when a proxy publishes n8n under another host and prefix', async () => {
		const internal = {
			webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
			webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		};
		const publicUrl = `https://hooks.acme.example/n8n/webhook/${WEBHOOK_ID}/twilio`;
		const request = twilioFormRequest(publicUrl, inboundSms, {
			path: `/webhook/${WEBHOOK_ID}/twilio`,
		});
		expectRefused(await trigger({}, internal).deliver(request));
		const withOverride = await trigger(
			{ options: { publicUrlOverride: 'https://hooks.acme.example/n8n/' } },
			internal,
		).deliver(request);
		expect(withOverride.statusCode).toBe(200);
		expect(
			nodeLogs.some(
				(log) =>
					log.level === 'warn' &&
					log.message.includes(`http://127.0.0.1:5678/webhook/${WEBHOOK_ID}/twilio`),
			),
		).toBe(true);
	});

	it('refuses a request signed for another URL, with a changed parameter or a changed signature: 403 and no execution', async () => {
		const node = trigger();
		const url = node.url();
		expectRefused(
			await node.deliver(
				twilioFormRequest(url.replace('/twilio', '/twiliO'), inboundSms, {
					path: new URL(url).pathname,
				}),
			),
		);
		const tampered = twilioFormRequest(url, inboundSms);
		expectRefused(
			await node.deliver({
				...tampered,
				body: String(tampered.body).replace('Body=Is', 'Body=Iz'),
			}),
		);
		const signature = tampered.headers!['x-twilio-signature'];
		expectRefused(
			await node.deliver(
				twilioFormRequest(url, inboundSms, { signature: `${signature.slice(0, -2)}A=` }),
			),
		);
		expectRefused(await node.deliver(twilioFormRequest(url, inboundSms, { signature: null })));
		expect(node.deliveries.every((delivery) => delivery.run === undefined)).toBe(true);
	});

	it('refuses everything when the credential has no Auth Token, and says why in the log', async () => {
		const node = trigger({}, { credentials: apiKeyCredentials });
		expectRefused(await node.deliver(twilioFormRequest(node.url(), inboundSms)));
		expect(
			nodeLogs.some((log) => log.level === 'warn' && log.message.startsWith(MISSING_AUTH_TOKEN)),
		).toBe(true);
	});

	it('checks API-key credentials with their Auth Token', async () => {
		const node = trigger({}, { credentials: { ...apiKeyCredentials, authToken: AUTH_TOKEN } });
		expect((await node.deliver(twilioFormRequest(node.url(), inboundSms))).statusCode).toBe(200);
		expectRefused(
			await node.deliver(
				twilioFormRequest(node.url(), inboundSms, { authToken: 'another-accounts-token' }),
			),
		);
	});

	it('with Verify Signature off, accepts unsigned requests even without an Auth Token', async () => {
		const node = trigger({ verifySignature: false }, { credentials: apiKeyCredentials });
		const delivery = await node.deliver(
			twilioFormRequest(node.url(), inboundSms, { signature: null }),
		);
		expect(delivery.statusCode).toBe(200);
		expect(delivery.run).toBeDefined();
	});

	it('reads the raw body itself when n8n has not read it yet', async () => {
		const node = trigger();
		const delivery = await node.deliver({
			...twilioFormRequest(node.url(), inboundMms),
			rawBody: 'onRead',
		});
		expect(delivery.statusCode).toBe(200);
		expect(delivery.items[0].json.parameters).toEqual(inboundMms);
	});
});

describe('webhook: events and filters', () => {
	it.each([
		['SMS', inboundSms, 'sms'],
		['MMS', inboundMms, 'sms'],
		['WhatsApp button reply', whatsappButtonReply, 'whatsapp'],
		['WhatsApp location', whatsappLocation, 'whatsapp'],
		['Messenger', inboundMessenger, 'messenger'],
		['RCS', inboundRcs, 'rcs'],
	])('an inbound %s starts an execution with event inbound', async (_name, params, channel) => {
		const node = trigger();
		const delivery = await node.deliver(twilioFormRequest(node.url(), params));
		expect(delivery.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ event: 'inbound', channel, messageSid: params.MessageSid }),
		]);
	});

	it.each([...OUTBOUND_STATUSES])(
		'a %s status callback starts an execution and gets an empty 200',
		async (status) => {
			const node = trigger();
			const delivery = await node.deliver(twilioFormRequest(node.url(), statusCallback(status)));
			expect(delivery).toMatchObject({ statusCode: 200, body: '' });
			expect(delivery.items[0].json).toMatchObject({ event: 'status', status });
		},
	);

	it('the idempotency token is in the output, so workflows can dedupe across processes', async () => {
		const node = trigger();
		const delivery = await node.deliver(
			twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'token-abc' }),
		);
		expect(delivery.items[0].json.idempotencyToken).toBe('token-abc');
	});

	it('ignores status callbacks when only inbound messages are chosen', async () => {
		const node = trigger({ events: ['inbound'] });
		const delivery = await node.deliver(twilioFormRequest(node.url(), statusCallback('delivered')));
		expect(delivery).toMatchObject({ statusCode: 200, body: '' });
		expect(delivery.run).toBeUndefined();
	});

	it('ignores inbound messages when only status updates are chosen, answering with empty TwiML', async () => {
		const node = trigger({ events: ['status'] });
		const delivery = await node.deliver(twilioFormRequest(node.url(), inboundSms));
		expect(delivery).toMatchObject({ statusCode: 200, body: EMPTY_TWIML });
		expect(delivery.run).toBeUndefined();
	});

	it('starts executions only for the chosen statuses', async () => {
		const node = trigger({ events: ['status'], statuses: ['failed', 'undelivered'] });
		const delivered = await node.deliver(
			twilioFormRequest(node.url(), statusCallback('delivered')),
		);
		const failed = await node.deliver(twilioFormRequest(node.url(), statusCallback('failed')));
		expect(delivered.run).toBeUndefined();
		expect(delivered.statusCode).toBe(200);
		expect(failed.items[0].json).toMatchObject({
			status: 'failed',
			errorCode: 30003,
			errorMessage: 'Unreachable destination handset',
		});
	});

	it('answers a request that is not a Messaging webhook without starting an execution', async () => {
		const node = trigger();
		const delivery = await node.deliver(
			twilioFormRequest(node.url(), { CallSid: 'CA0123', CallStatus: 'ringing' }),
		);
		expect(delivery).toMatchObject({ statusCode: 200, body: EMPTY_TWIML });
		expect(delivery.run).toBeUndefined();
	});
});

describe('webhook: requests Twilio did not sign', () => {
	const multipart = (signature?: string) => {
		const boundary = 'xYzZY';
		const body = `--${boundary}\r\nContent-Disposition: form-data; name="Body"\r\n\r\nhello\r\n--${boundary}--\r\n`;
		return {
			path: `/webhook/${WEBHOOK_ID}/twilio`,
			headers: {
				'content-type': `multipart/form-data; boundary=${boundary}`,
				...(signature ? { 'x-twilio-signature': signature } : {}),
			},
			body,
		};
	};

	it.each([
		['an unsigned multipart form', multipart()],
		['a multipart form with a made-up signature', multipart('bm90IGEgc2lnbmF0dXJl')],
		[
			'an unsigned text/plain body',
			{
				path: `/webhook/${WEBHOOK_ID}/twilio`,
				headers: { 'content-type': 'text/plain' },
				body: 'Body=hi',
			},
		],
		[
			'a request without a content type',
			{ path: `/webhook/${WEBHOOK_ID}/twilio`, headers: {}, body: '' },
		],
	])('refuses %s with 403 and starts no execution', async (_label, request) => {
		const node = trigger();
		expectRefused(await node.deliver(request));
	});

	it('with Verify Signature off, answers a content type Twilio never sends with 415', async () => {
		const node = trigger({ verifySignature: false }, { credentials: apiKeyCredentials });
		const delivery = await node.deliver(multipart());
		expect(delivery.statusCode).toBe(415);
		expect(delivery.run).toBeUndefined();
	});

	it('reads and verifies form parameters named like Object members (constructor, toString, __proto__)', async () => {
		const node = trigger();
		const params = {
			...inboundSms,
			constructor: 'c',
			toString: 't',
			__proto__: 'p',
			hasOwnProperty: 'h',
		} as FormParams;
		Object.defineProperty(params, '__proto__', { value: 'p', enumerable: true });
		const delivery = await node.deliver(twilioFormRequest(node.url(), params));
		expect(delivery.statusCode).toBe(200);
		expect(delivery.items).toHaveLength(1);
		const received = delivery.items[0].json.parameters as Record<string, unknown>;
		expect([received.constructor, received.toString, received.hasOwnProperty]).toEqual([
			'c',
			't',
			'h',
		]);
		expect(Object.getOwnPropertyDescriptor(received, '__proto__')?.value).toBe('p');
	});
});

describe('webhook: Twilio hears 2xx only for an accepted execution', () => {
	it('answers 5xx when n8n cannot create the execution, and the retry with the same idempotency token starts it', async () => {
		const node = trigger();
		node.acceptExecution = () => {
			throw new Error('SQLITE_BUSY: database is locked');
		};
		const request = twilioFormRequest(node.url(), inboundSms, {
			idempotencyToken: 'retry-token-1',
		});
		const refused = await node.deliver(request);
		expect(refused.statusCode).toBe(500);
		expect(refused.run).toBeUndefined();

		node.acceptExecution = () => {};
		const retried = await node.deliver(request);
		expect(retried.statusCode).toBe(200);
		expect(retried.body).toMatch(/<Response\/?>/);
		expect(retried.items).toHaveLength(1);

		// Once accepted, a repeat of the same delivery starts nothing.
		const repeated = await node.deliver(request);
		expect(repeated.statusCode).toBe(200);
		expect(repeated.run).toBeUndefined();
	});
});
