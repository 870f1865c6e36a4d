import http from 'http';
import type { AddressInfo } from 'net';
import twilio from 'twilio';
import { createHarness, runNode } from '../harness/workflow';
import { sendParameters } from '../helpers/send';
import { TriggerHarness } from '../harness/webhook';
import { startSandbox, type Sandbox } from '../../sandbox';

/** The sandbox's default seed (sandbox/README.md). */
const SEED = {
	account: 'AC00000000000000000000000000000001',
	authToken: 'sandbox-auth-token-1',
	apiKey: 'SK00000000000000000000000000000001',
	apiSecret: 'sandbox-api-key-secret-1',
	number: '+15550100001',
	service: 'MG00000000000000000000000000000001',
	textTemplate: 'HX00000000000000000000000000000001',
	failing: '+15550199005',
	optedOut: '+15550199001',
};

interface Callback {
	url: string;
	params: Record<string, string>;
	signature: string;
}

/** A local HTTP server standing in for the workflow's status-callback endpoint. */
async function callbackReceiver() {
	const received: Callback[] = [];
	let port = 0;
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push({
				url: `http://127.0.0.1:${port}${req.url}`,
				params: Object.fromEntries(new URLSearchParams(body)),
				signature: String(req.headers['x-twilio-signature'] ?? ''),
			});
			res.end();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	port = (server.address() as AddressInfo).port;
	return {
		received,
		url: `http://127.0.0.1:${port}/status`,
		close: () => new Promise((resolve) => server.close(resolve)),
	};
}

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('timed out waiting');
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
}

describe('Send against the sandbox', () => {
	let sandbox: Sandbox;
	let receiver: Awaited<ReturnType<typeof callbackReceiver>>;
	let credentials: Record<string, string>;

	beforeAll(async () => {
		sandbox = await startSandbox({ timing: { stepMs: 1, retryDelayMs: 1 } });
		receiver = await callbackReceiver();
		credentials = {
			accountSid: SEED.account,
			authType: 'apiKey',
			apiSid: SEED.apiKey,
			apiKeySecret: SEED.apiSecret,
			baseUrlOverride: sandbox.url,
		};
	});
	afterAll(async () => {
		await receiver.close();
		await sandbox.close();
	});

	it('sends inline and template messages on several channels, each exactly once, and every status callback is signed', async () => {
		const items = [
			{ channel: 'sms', to: '+15551230001', name: 'Ada' },
			{ channel: 'sms', to: '+15551230002', name: 'Grace' },
			{ channel: 'whatsapp', to: '+15551230003', name: 'Alan' },
			{ channel: 'sms', to: SEED.failing, name: 'Barbara' },
		];
		const inline = await runNode(createHarness(), {
			credentials,
			items,
			parameters: sendParameters({
				channel: '={{ $json.channel }}',
				senderType: 'messagingService',
				messagingServiceSid: { __rl: true, mode: 'id', value: SEED.service },
				to: '={{ $json.to }}',
				body: 'Hi {{name}}',
				useItemFields: true,
				options: { statusCallback: receiver.url },
			}),
		});
		expect(inline.error).toBeUndefined();
		const template = await runNode(createHarness(), {
			credentials: { ...credentials, authType: 'authToken', authToken: SEED.authToken },
			items: [{ to: '+15551230009', name: 'Linus', order: '#2002', eta: 'Friday' }],
			parameters: sendParameters({
				from: { __rl: true, mode: 'id', value: SEED.number },
				to: '={{ $json.to }}',
				templateType: 'text',
				contentSid: { __rl: true, mode: 'id', value: SEED.textTemplate },
				contentVariables: {
					mappingMode: 'defineBelow',
					value: { 1: '={{ $json.name }}', 2: '={{ $json.order }}', 3: '={{ $json.eta }}' },
				},
			}),
		});
		expect(template.error).toBeUndefined();

		const messages = sandbox.ledger();
		expect(messages).toHaveLength(5);
		expect(messages.map((message) => message.params.To).sort()).toEqual(
			[
				'+15551230001',
				'+15551230002',
				'whatsapp:+15551230003',
				SEED.failing,
				'+15551230009',
			].sort(),
		);
		expect(new Set(messages.map((message) => message.sid)).size).toBe(5);
		expect(
			messages.find((message) => message.params.To === '+15551230009')?.params.ContentVariables,
		).toBe('{"1":"Linus","2":"#2002","3":"Friday"}');

		await waitFor(() => {
			const statuses = receiver.received.map(
				(callback) => `${callback.params.To}:${callback.params.MessageStatus}`,
			);
			return (
				statuses.includes('+15551230001:delivered') && statuses.includes(`${SEED.failing}:failed`)
			);
		});
		for (const callback of receiver.received) {
			expect(
				twilio.validateRequest(SEED.authToken, callback.signature, callback.url, callback.params),
			).toBe(true);
		}
		const failed = receiver.received.find((callback) => callback.params.MessageStatus === 'failed');
		expect(failed?.params.ErrorCode).toBe('30005');
	});

	it("maps the sandbox's Twilio errors like real ones", async () => {
		const run = await runNode(createHarness(), {
			credentials,
			continueOnFail: true,
			items: [{ to: SEED.optedOut }],
			parameters: sendParameters({
				from: { __rl: true, mode: 'id', value: SEED.number },
				to: '={{ $json.to }}',
			}),
		});
		expect(run.json[0].error).toMatch(/replied STOP .*\(Twilio error 21610\)/);
	});

	it('fails the credential with 20003 for a wrong secret', async () => {
		const run = await runNode(createHarness(), {
			credentials: { ...credentials, apiKeySecret: 'wrong' },
			parameters: sendParameters({ from: { __rl: true, mode: 'id', value: SEED.number } }),
		});
		expect(run.error?.message).toBe('Authentication failed (Twilio error 20003)');
	});

	it('send → the status callbacks reach the trigger node → their signatures pass', async () => {
		const trigger = new TriggerHarness({
			credentials: { ...credentials, authToken: SEED.authToken },
			parameters: { events: ['status'], registerOn: 'manual', respond: 'noReply' },
		});
		const server = await trigger.listen();
		try {
			const run = await runNode(createHarness(), {
				credentials,
				items: [{ to: '+15551230021' }, { to: SEED.failing }],
				parameters: sendParameters({
					senderType: 'messagingService',
					messagingServiceSid: { __rl: true, mode: 'id', value: SEED.service },
					to: '={{ $json.to }}',
					options: { statusCallback: trigger.url() },
				}),
			});
			expect(run.error).toBeUndefined();
			const statusesOf = (sid: unknown) =>
				trigger.deliveries
					.flatMap((delivery) => delivery.items)
					.filter((item) => item.json.messageSid === sid)
					.map((item) => item.json.status);
			await waitFor(
				() =>
					statusesOf(run.json[0].sid).includes('delivered') &&
					statusesOf(run.json[1].sid).includes('failed'),
			);
			await trigger.idle();
			// Every callback passed the trigger's signature check (a refused one answers 403 and starts nothing).
			expect(
				trigger.deliveries.every(
					(delivery) => delivery.statusCode === 200 && delivery.items.length === 1,
				),
			).toBe(true);
			expect(statusesOf(run.json[0].sid)).toEqual(expect.arrayContaining(['sent', 'delivered']));
			const failed = trigger.deliveries
				.flatMap((delivery) => delivery.items)
				.find((item) => item.json.status === 'failed');
			expect(failed?.json).toMatchObject({ event: 'status', errorCode: 30005, to: SEED.failing });
		} finally {
			await server.close();
		}
	});
});
