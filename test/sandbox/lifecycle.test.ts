import twilio from 'twilio';
import type { Sandbox } from '../../sandbox';
import {
	CUSTOMER,
	KEY_AUTH,
	MAIN,
	NUMBERS,
	Receiver,
	SERVICES,
	WHATSAPP_SENDER,
	call,
	sendMessage,
	sleep,
	startTestSandbox,
	type Received,
} from './helpers';

const statuses = (requests: Received[]) => requests.map((r) => r.params.MessageStatus);
const valid = (url: string, r: Received) =>
	twilio.validateRequest(MAIN.authToken, String(r.headers['x-twilio-signature']), url, r.params);

describe('sandbox message lifecycle and status callbacks', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	beforeAll(async () => {
		sandbox = await startTestSandbox();
		receiver = await new Receiver().start();
	});
	beforeEach(async () => {
		sandbox.reset();
		await sandbox.settled();
		receiver.requests.length = 0;
		receiver.reply = () => ({ status: 204 });
	});
	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});

	it('moves an SMS queued → sending → sent → delivered and posts each status, signed', async () => {
		const url = receiver.url('/status?tenant=a b');
		const created = await sendMessage(sandbox, {
			To: CUSTOMER,
			From: NUMBERS.main,
			Body: 'hi',
			StatusCallback: url,
		});
		const requests = await receiver.waitFor(4);
		expect(statuses(requests)).toEqual(['queued', 'sending', 'sent', 'delivered']);
		for (const r of requests) {
			expect(r.method).toBe('POST');
			expect(r.path).toBe('/status?tenant=a%20b');
			expect(r.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
			expect(r.headers['user-agent']).toBe('TwilioProxy/1.1');
			expect(r.headers['i-twilio-idempotency-token']).toMatch(/\S{16,}/);
			expect(valid(url, r)).toBe(true);
			expect(
				twilio.validateRequest(MAIN.authToken, String(r.headers['x-twilio-signature']), url, {
					...r.params,
					Body: 'x',
				}),
			).toBe(false);
			expect(r.params).toMatchObject({
				AccountSid: MAIN.accountSid,
				ApiVersion: '2010-04-01',
				MessageSid: created.json.sid,
				SmsSid: created.json.sid,
				From: NUMBERS.main,
				To: CUSTOMER,
				SmsStatus: r.params.MessageStatus,
			});
			expect(r.params.ErrorCode).toBeUndefined();
		}
		expect(requests[3].params.RawDlrDoneDate).toMatch(/^\d{10}$/);
		expect(new Set(requests.map((r) => r.headers['i-twilio-idempotency-token'])).size).toBe(4);
		const [entry] = sandbox.ledger();
		expect(entry.statusHistory.map((h) => h.status)).toEqual([
			'queued',
			'sending',
			'sent',
			'delivered',
		]);
		await sandbox.settled();
		const callbacks = sandbox.callbacks();
		expect(callbacks).toHaveLength(4);
		expect(callbacks.every((c) => c.status === 204 && c.url === url && c.attempt === 1)).toBe(true);
	});

	it('signs with the Auth Token when the message was sent with an API key', async () => {
		const url = receiver.url('/key');
		await sendMessage(
			sandbox,
			{ To: CUSTOMER, From: NUMBERS.main, Body: 'hi', StatusCallback: url },
			KEY_AUTH,
		);
		const [first] = await receiver.waitFor(1);
		expect(valid(url, first)).toBe(true);
		expect(
			twilio.validateRequest(
				MAIN.apiKeySecret,
				String(first.headers['x-twilio-signature']),
				url,
				first.params,
			),
		).toBe(false);
	});

	it('goes accepted → queued with a service, picks its sender and uses the service status callback', async () => {
		const url = receiver.url('/service-status');
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { StatusCallback: url },
		});
		const created = await sendMessage(sandbox, {
			To: CUSTOMER,
			MessagingServiceSid: SERVICES.notifications,
			Body: 'hi',
		});
		const requests = await receiver.waitFor(5);
		expect(statuses(requests)).toEqual(['accepted', 'queued', 'sending', 'sent', 'delivered']);
		expect(requests[0].params.From).toBeUndefined();
		expect(requests[1].params.From).toBe(NUMBERS.main);
		expect(requests.every((r) => r.params.MessagingServiceSid === SERVICES.notifications)).toBe(
			true,
		);
		expect((await call(sandbox, 'GET', created.json.uri)).json.from).toBe(NUMBERS.main);
	});

	it.each([
		['+15550199005', ['queued', 'failed'], 30005],
		['+15550199008', ['queued', 'failed'], 30008],
		['+15550199003', ['queued', 'sending', 'sent', 'undelivered'], 30003],
		['+15550199006', ['queued', 'sending', 'sent', 'undelivered'], 30006],
		['+15550199007', ['queued', 'sending', 'sent', 'undelivered'], 30007],
	])('fails messages to %s with its error code', async (to, path, code) => {
		const url = receiver.url('/fail');
		const created = await sendMessage(sandbox, {
			To: to,
			From: NUMBERS.main,
			Body: 'hi',
			StatusCallback: url,
		});
		const requests = await receiver.waitFor(path.length);
		expect(statuses(requests)).toEqual(path);
		expect(requests[requests.length - 1].params.ErrorCode).toBe(String(code));
		expect(requests.slice(0, -1).every((r) => r.params.ErrorCode === undefined)).toBe(true);
		const fetched = (await call(sandbox, 'GET', created.json.uri)).json;
		expect(fetched.error_code).toBe(code);
		expect(fetched.error_message).toEqual(expect.any(String));
		expect(fetched.status).toBe(path[path.length - 1]);
	});

	it('lets WhatsApp messages reach read, with channel parameters', async () => {
		const url = receiver.url('/wa');
		await sendMessage(sandbox, {
			To: `whatsapp:${CUSTOMER}`,
			From: WHATSAPP_SENDER,
			Body: 'hi',
			StatusCallback: url,
		});
		const requests = await receiver.waitFor(5);
		expect(statuses(requests)).toEqual(['queued', 'sending', 'sent', 'delivered', 'read']);
		expect(requests[4].params).toMatchObject({
			ChannelPrefix: 'whatsapp',
			ChannelToAddress: CUSTOMER,
			From: WHATSAPP_SENDER,
		});
		expect(requests[4].params.ChannelInstallSid).toMatch(/^XE/);
	});

	it('fails free-form WhatsApp outside the 24-hour window (63016), not approved templates, not after the customer wrote', async () => {
		const to = 'whatsapp:+15550199016';
		const freeform = await sendMessage(sandbox, { To: to, From: WHATSAPP_SENDER, Body: 'hi' });
		const template = await sendMessage(sandbox, {
			To: to,
			From: WHATSAPP_SENDER,
			ContentSid: 'HX00000000000000000000000000000001',
		});
		const unapproved = await sendMessage(sandbox, {
			To: to,
			From: WHATSAPP_SENDER,
			ContentSid: 'HX00000000000000000000000000000003',
		});
		await sandbox.waitFor(() =>
			sandbox.ledger().every((e) => ['failed', 'read'].includes(e.status)),
		);
		const status = (sidOf: string) => sandbox.ledger().find((e) => e.sid === sidOf);
		expect(status(freeform.json.sid)).toMatchObject({ status: 'failed', errorCode: 63016 });
		expect(status(template.json.sid)?.status).toBe('read');
		expect(status(unapproved.json.sid)).toMatchObject({ status: 'failed', errorCode: 63016 });
		await sandbox.simulateInbound({ to: WHATSAPP_SENDER, from: to, body: 'hello?' });
		const reply = await sendMessage(sandbox, { To: to, From: WHATSAPP_SENDER, Body: 'hi again' });
		await sandbox.waitForStatus(reply.json.sid, 'read');
		sandbox.advanceTime(25 * 60 * 60 * 1000);
		const late = await sendMessage(sandbox, { To: to, From: WHATSAPP_SENDER, Body: 'a day later' });
		await sandbox.waitForStatus(late.json.sid, 'failed');
	});

	it('keeps a scheduled message until its time, then sends it', async () => {
		const url = receiver.url('/scheduled');
		const sendAt = new Date(sandbox.now() + 60 * 60 * 1000).toISOString();
		const created = await sendMessage(sandbox, {
			To: CUSTOMER,
			MessagingServiceSid: SERVICES.notifications,
			Body: 'later',
			SendAt: sendAt,
			ScheduleType: 'fixed',
			StatusCallback: url,
		});
		await receiver.waitFor(1);
		await sleep(30);
		expect((await call(sandbox, 'GET', created.json.uri)).json.status).toBe('scheduled');
		sandbox.advanceTime(59 * 60 * 1000);
		await sleep(30);
		expect(sandbox.ledger()[0].status).toBe('scheduled');
		sandbox.advanceTime(60 * 1000);
		await sandbox.waitForStatus(created.json.sid, 'delivered');
		const requests = await receiver.waitFor(5);
		expect(statuses(requests)).toEqual(['scheduled', 'queued', 'sending', 'sent', 'delivered']);
		expect(requests[1].params.From).toBe(NUMBERS.main);
	});

	it('cancels a scheduled message: it never leaves canceled', async () => {
		const url = receiver.url('/canceled');
		const created = await sendMessage(sandbox, {
			To: CUSTOMER,
			MessagingServiceSid: SERVICES.notifications,
			Body: 'later',
			ScheduleType: 'fixed',
			StatusCallback: url,
			SendAt: new Date(sandbox.now() + 20 * 60 * 1000).toISOString(),
		});
		await call(sandbox, 'POST', created.json.uri, { form: { Status: 'canceled' } });
		sandbox.advanceTime(60 * 60 * 1000);
		await sleep(30);
		await sandbox.settled();
		expect(statuses(receiver.requests)).toEqual(['scheduled', 'canceled']);
		expect(sandbox.ledger()[0].statusHistory.map((h) => h.status)).toEqual([
			'scheduled',
			'canceled',
		]);
	});

	it('releases scheduled messages at once with scheduleImmediately', async () => {
		const quick = await startTestSandbox({ scheduleImmediately: true });
		try {
			const created = await sendMessage(quick, {
				To: CUSTOMER,
				MessagingServiceSid: SERVICES.notifications,
				Body: 'now',
				ScheduleType: 'fixed',
				SendAt: new Date(quick.now() + 20 * 60 * 1000).toISOString(),
			});
			expect(created.json.status).toBe('scheduled');
			await quick.waitForStatus(created.json.sid, 'delivered');
		} finally {
			await quick.close();
		}
	});

	describe('connection overrides', () => {
		it('retries a 5xx answer per #rc/#rp with the same idempotency token; the fragment stays off the wire', async () => {
			receiver.reply = (_, i) => ({ status: i < 2 ? 503 : 200 });
			const url = `${receiver.url('/retry')}#rc=3&rp=5xx&ct=1000&rt=2000`;
			await sendMessage(sandbox, {
				To: '+15550199005',
				From: NUMBERS.main,
				Body: 'hi',
				StatusCallback: url,
			});
			const requests = await receiver.waitFor(4);
			expect(requests.slice(0, 3).map((r) => r.params.MessageStatus)).toEqual([
				'queued',
				'queued',
				'queued',
			]);
			expect(requests[3].params.MessageStatus).toBe('failed');
			expect(requests.every((r) => r.path === '/retry')).toBe(true);
			const tokens = requests.map((r) => r.headers['i-twilio-idempotency-token']);
			expect(tokens[0]).toBe(tokens[1]);
			expect(tokens[1]).toBe(tokens[2]);
			expect(tokens[3]).not.toBe(tokens[0]);
			expect(valid(receiver.url('/retry'), requests[0])).toBe(true);
			expect(valid(url, requests[0])).toBe(false);
			await sandbox.settled();
			expect(sandbox.callbacks().map((c) => [c.messageStatus, c.attempt, c.status])).toEqual([
				['queued', 1, 503],
				['queued', 2, 503],
				['queued', 3, 200],
				['failed', 1, 200],
			]);
		});

		it('does not retry what the policy leaves out, nor beyond rc', async () => {
			receiver.reply = () => ({ status: 500 });
			await sendMessage(sandbox, {
				To: '+15550199005',
				From: NUMBERS.main,
				Body: 'a',
				StatusCallback: `${receiver.url('/four')}#rc=2&rp=4xx`,
			});
			await sendMessage(sandbox, {
				To: '+15550199008',
				From: NUMBERS.main,
				Body: 'b',
				StatusCallback: `${receiver.url('/all')}#rc=2&rp=all`,
			});
			await sandbox.waitFor(() => sandbox.callbacks().length >= 8);
			await sandbox.settled();
			const byPath = (p: string) => receiver.requests.filter((r) => r.path === p).length;
			expect(byPath('/four')).toBe(2);
			expect(byPath('/all')).toBe(6);
		});

		it('retries a read timeout (rt) and a refused connection (ct)', async () => {
			receiver.reply = (_, i) => ({ status: 200, delayMs: i === 0 ? 600 : 0 });
			const slow = `${receiver.url('/slow')}#rt=150&rc=1&rp=rt`;
			await sendMessage(sandbox, {
				To: '+15550199005',
				From: NUMBERS.main,
				Body: 'a',
				StatusCallback: slow,
			});
			await sandbox.waitFor(
				() => sandbox.callbacks().filter((c) => c.url === slow).length >= 3,
				5000,
			);
			const slowAttempts = sandbox.callbacks().filter((c) => c.url === slow);
			expect(slowAttempts.slice(0, 2).map((c) => [c.attempt, c.error, c.status])).toEqual([
				[1, 'read timeout', null],
				[2, null, 200],
			]);

			const closed = new Receiver();
			await closed.start();
			const deadUrl = `${closed.url('/gone')}#rc=2&rp=ct`;
			await closed.close();
			await sendMessage(sandbox, {
				To: '+15550199008',
				From: NUMBERS.main,
				Body: 'b',
				StatusCallback: deadUrl,
			});
			await sandbox.waitFor(
				() => sandbox.callbacks().filter((c) => c.url === deadUrl).length >= 6,
				5000,
			);
			const dead = sandbox.callbacks().filter((c) => c.url === deadUrl);
			expect(dead.map((c) => c.attempt)).toEqual([1, 2, 3, 1, 2, 3]);
			expect(dead.every((c) => c.status === null && c.error === 'ECONNREFUSED')).toBe(true);
		});

		it('retries once by default (rc=1, rp=ct,rt) and never a 5xx without rp', async () => {
			receiver.reply = () => ({ status: 500 });
			await sendMessage(sandbox, {
				To: '+15550199005',
				From: NUMBERS.main,
				Body: 'a',
				StatusCallback: receiver.url('/plain'),
			});
			await sandbox.waitFor(() => sandbox.callbacks().length >= 2);
			await sandbox.settled();
			expect(receiver.requests).toHaveLength(2);
		});

		it('signs the URL with its fragment when signFragment is on', async () => {
			const withFragment = await startTestSandbox({ signFragment: true });
			try {
				const url = `${receiver.url('/frag')}#rc=1`;
				await sendMessage(withFragment, {
					To: CUSTOMER,
					From: NUMBERS.main,
					Body: 'hi',
					StatusCallback: url,
				});
				const [first] = await receiver.waitFor(1);
				expect(first.path).toBe('/frag');
				expect(valid(url, first)).toBe(true);
				expect(valid(receiver.url('/frag'), first)).toBe(false);
			} finally {
				await withFragment.close();
			}
		});

		it('aborts a callback still waiting for its answer when the sandbox closes', async () => {
			const closing = await startTestSandbox();
			receiver.reply = () => ({ status: 200, delayMs: 1500 });
			await sendMessage(closing, {
				To: CUSTOMER,
				From: NUMBERS.main,
				Body: 'hi',
				StatusCallback: receiver.url('/hang'),
			});
			await receiver.waitFor(1);
			const started = Date.now();
			await closing.close();
			await closing.settled();
			expect(Date.now() - started).toBeLessThan(500);
		});

		it('never calls hosts other than loopback unless allowed', async () => {
			await sendMessage(sandbox, {
				To: '+15550199005',
				From: NUMBERS.main,
				Body: 'hi',
				StatusCallback: 'https://status.example.com/cb',
			});
			await sandbox.waitFor(() => sandbox.callbacks().length >= 2);
			expect(
				sandbox.callbacks().every((c) => c.status === null && /only loopback/.test(c.error)),
			).toBe(true);
		});
	});
});
