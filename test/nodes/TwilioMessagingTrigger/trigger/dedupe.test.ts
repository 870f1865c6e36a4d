import { DeliveryMemory } from '../../../../nodes/TwilioMessagingTrigger/trigger/dedupe';
import { authTokenCredentials } from '../../../fixtures/twilio';
import { inboundSms, statusCallback } from '../../../fixtures/twilioWebhooks';
import { twilioFormRequest } from '../../../harness/twilioWebhook';
import { TriggerHarness } from '../../../harness/webhook';

describe('DeliveryMemory', () => {
	it('knows a key until its time is up', () => {
		let now = 0;
		const memory = new DeliveryMemory(100, 1000, () => now);
		expect(memory.seenBefore('a')).toBe(false);
		now = 999;
		expect(memory.seenBefore('a')).toBe(true);
		now = 1000;
		expect(memory.seenBefore('a')).toBe(false);
	});

	it('forgets expired keys as time goes on, so memory does not grow with old tokens', () => {
		let now = 0;
		const memory = new DeliveryMemory(1000, 10, () => now);
		for (let i = 0; i < 500; i++) {
			now = i;
			memory.seenBefore(`key-${i}`);
		}
		expect(memory.size).toBeLessThanOrEqual(11);
	});

	it('keeps at most its capacity, dropping the oldest first', () => {
		const memory = new DeliveryMemory(3, 60_000, () => 0);
		for (const key of ['a', 'b', 'c', 'd']) memory.seenBefore(key);
		expect(memory.size).toBe(3);
		expect(memory.seenBefore('d')).toBe(true);
		expect(memory.seenBefore('a')).toBe(false);
	});
});

describe('duplicate deliveries through the node', () => {
	const trigger = (respond = 'autoReply') =>
		new TriggerHarness({
			credentials: authTokenCredentials,
			parameters: { events: ['inbound', 'status'], respond, autoReplyText: 'Got it' },
		});

	it('a retry with the same idempotency token gets the same answer but starts no second execution', async () => {
		const node = trigger();
		const first = await node.deliver(
			twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'retry-1' }),
		);
		const retry = await node.deliver(
			twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'retry-1' }),
		);
		expect(first.run).toBeDefined();
		expect(retry.run).toBeUndefined();
		expect(retry.result).toEqual({ noWebhookResponse: true });
		expect(retry).toMatchObject({ statusCode: 200, body: first.body });
	});

	it('a repeated status callback starts one execution', async () => {
		const node = trigger();
		for (let i = 0; i < 3; i++)
			await node.deliver(
				twilioFormRequest(node.url(), statusCallback('delivered'), {
					idempotencyToken: 'status-1',
				}),
			);
		expect(node.deliveries.filter((delivery) => delivery.run)).toHaveLength(1);
		expect(node.deliveries.map((delivery) => delivery.statusCode)).toEqual([200, 200, 200]);
	});

	it('in Respond to Webhook mode a retry is answered with empty TwiML at once', async () => {
		const node = trigger('responseNode');
		await node.deliver(twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'retry-2' }));
		const retry = await node.deliver(
			twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'retry-2' }),
		);
		expect(retry).toMatchObject({
			statusCode: 200,
			body: '<?xml version="1.0" encoding="UTF-8"?><Response/>',
		});
		expect(retry.run).toBeUndefined();
	});

	it('different tokens, or none, each start an execution', async () => {
		const node = trigger();
		await node.deliver(twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'one' }));
		await node.deliver(twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'two' }));
		await node.deliver(twilioFormRequest(node.url(), inboundSms, { idempotencyToken: null }));
		await node.deliver(twilioFormRequest(node.url(), inboundSms, { idempotencyToken: null }));
		expect(node.deliveries.filter((delivery) => delivery.run)).toHaveLength(4);
	});

	it('a forged request cannot use up a token: only signed requests are remembered', async () => {
		const node = trigger();
		const forged = await node.deliver(
			twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'stolen', authToken: 'guess' }),
		);
		expect(forged.statusCode).toBe(403);
		const genuine = await node.deliver(
			twilioFormRequest(node.url(), inboundSms, { idempotencyToken: 'stolen' }),
		);
		expect(genuine.run).toBeDefined();
	});

	it('the same token in two workflows is not a duplicate', async () => {
		const first = trigger();
		const second = new TriggerHarness({
			credentials: authTokenCredentials,
			parameters: { events: ['inbound'] },
		});
		(second.node as { id: string }).id = 'another-trigger';
		await first.deliver(twilioFormRequest(first.url(), inboundSms, { idempotencyToken: 'shared' }));
		const other = await second.deliver(
			twilioFormRequest(second.url(), inboundSms, { idempotencyToken: 'shared' }),
		);
		expect(other.run).toBeDefined();
	});
});
