import type { IBinaryData, IDataObject } from 'n8n-workflow';
import type { Sandbox } from '../../../sandbox';
import {
	CUSTOMER,
	MAIN,
	NUMBERS,
	SERVICES,
	call,
	sendMessage,
	startTestSandbox,
} from '../../sandbox/helpers';
import { TriggerHarness, binaryBytes } from '../../harness/webhook';

/**
 * The trigger against the offline fake Twilio, over real HTTP on 127.0.0.1: it registers itself
 * on a Messaging Service, the sandbox delivers signed inbound messages and status callbacks to it,
 * and deactivation gives the service its old settings back.
 */
describe('Twilio Messaging Trigger with the sandbox', () => {
	let sandbox: Sandbox;
	let node: TriggerHarness;
	let server: { close: () => Promise<void> };
	let original: IDataObject;

	beforeAll(async () => {
		sandbox = await startTestSandbox();
	});
	afterAll(async () => {
		await sandbox.close();
	});

	beforeEach(async () => {
		sandbox.reset();
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: {
				InboundRequestUrl: 'https://legacy.example.com/sms',
				InboundMethod: 'GET',
				StatusCallback: '',
			},
		});
		original = (await call(sandbox, 'GET', `/v1/Services/${SERVICES.notifications}`))
			.json as IDataObject;
		node = new TriggerHarness({
			credentials: {
				accountSid: MAIN.accountSid,
				authType: 'apiKey',
				apiSid: MAIN.apiKeySid,
				apiKeySecret: MAIN.apiKeySecret,
				authToken: MAIN.authToken,
				baseUrlOverride: sandbox.url,
			},
			parameters: {
				events: ['inbound', 'status'],
				registerOn: 'messagingService',
				messagingService: { __rl: true, mode: 'list', value: SERVICES.notifications },
				respond: 'autoReply',
				autoReplyText: 'Thanks, we got "{{body}}"',
				options: { downloadMedia: true },
			},
		});
		server = await node.listen();
		await node.activate();
	});
	afterEach(async () => {
		await server.close();
	});

	it('registers on the service, answers an inbound SMS with the auto-reply and starts one execution', async () => {
		const service = (await call(sandbox, 'GET', `/v1/Services/${SERVICES.notifications}`))
			.json as IDataObject;
		expect(service).toMatchObject({
			inbound_request_url: node.url(),
			inbound_method: 'POST',
			status_callback: node.url(),
		});

		const inbound = await sandbox.simulateInbound({
			to: NUMBERS.main,
			from: CUSTOMER,
			body: 'Where is my parcel?',
		});
		await node.idle();
		expect(inbound).toMatchObject({
			status: 200,
			replies: ['Thanks, we got "Where is my parcel?"'],
		});
		expect(node.deliveries).toHaveLength(1);
		expect(node.deliveries[0].items[0].json).toMatchObject({
			event: 'inbound',
			channel: 'sms',
			from: CUSTOMER,
			to: NUMBERS.main,
			body: 'Where is my parcel?',
			messageSid: inbound.messageSid,
			messagingServiceSid: SERVICES.notifications,
		});
	});

	it('downloads the media of an inbound MMS from the sandbox into binary data', async () => {
		await sandbox.simulateInbound({
			to: NUMBERS.main,
			from: CUSTOMER,
			body: '',
			media: [{ contentType: 'image/png' }],
		});
		await node.idle();
		const [item] = node.deliveries[0].items;
		const file = item.binary?.media0 as IBinaryData;
		expect(file.mimeType).toBe('image/png');
		expect((await binaryBytes(file)).length).toBeGreaterThan(0);
	});

	it('receives the status callbacks of a message sent through the service, in order', async () => {
		const sent = await sendMessage(sandbox, {
			To: CUSTOMER,
			MessagingServiceSid: SERVICES.notifications,
			Body: 'Your order shipped',
		});
		expect(sent.status).toBe(201);
		await sandbox.waitForStatus(String(sent.json.sid), 'delivered');
		await sandbox.settled();
		await node.idle();
		const statuses = node.deliveries.flatMap((delivery) =>
			delivery.items.map((item) => item.json.status),
		);
		expect(statuses[statuses.length - 1]).toBe('delivered');
		expect(statuses).toContain('sent');
		expect(
			node.deliveries.every((delivery) => delivery.statusCode === 200 && delivery.body === ''),
		).toBe(true);
	});

	it("refuses a request the sandbox signed with another account's token", async () => {
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { InboundRequestUrl: node.url() },
		});
		const forged = new TriggerHarness({
			credentials: {
				accountSid: MAIN.accountSid,
				authType: 'authToken',
				authToken: 'not-the-token',
				baseUrlOverride: sandbox.url,
			},
			parameters: { events: ['inbound'] },
		});
		const forgedServer = await forged.listen();
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { InboundRequestUrl: forged.url() },
		});
		const inbound = await sandbox.simulateInbound({ to: NUMBERS.main, from: CUSTOMER, body: 'hi' });
		await forged.idle();
		await forgedServer.close();
		expect(inbound.status).toBe(403);
		expect(forged.deliveries[0].run).toBeUndefined();
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { InboundRequestUrl: node.url() },
		});
	});

	it('deactivation gives the service its previous settings back', async () => {
		await node.delete();
		const service = (await call(sandbox, 'GET', `/v1/Services/${SERVICES.notifications}`))
			.json as IDataObject;
		expect(service).toEqual(
			expect.objectContaining({
				inbound_request_url: original.inbound_request_url,
				inbound_method: original.inbound_method,
				status_callback: original.status_callback,
			}),
		);
	});
});
