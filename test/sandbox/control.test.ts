import { spawn, type ChildProcess } from 'child_process';
import { join } from 'path';
import twilio from 'twilio';
import type { Sandbox } from '../../sandbox';
import { twilioSignature } from '../../sandbox/signature';
import { parseOverrides } from '../../sandbox/webhook';
import {
	CUSTOMER,
	NUMBERS,
	Receiver,
	SERVICES,
	accountPath,
	call,
	sendMessage,
	sid,
	startTestSandbox,
} from './helpers';

const CLI = join(__dirname, '..', '..', 'sandbox', 'cli.js');

describe('sandbox control endpoints', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox({ timing: { stepMs: 0 } });
	});
	beforeEach(() => sandbox.reset());
	afterAll(() => sandbox.close());

	it('lists the ledger, clears messages but keeps configuration, resets to the seed', async () => {
		const numberPath = accountPath(`/IncomingPhoneNumbers/${sid('PN', 2)}.json`);
		await call(sandbox, 'POST', numberPath, { form: { SmsUrl: 'http://127.0.0.1:9/hook' } });
		const a = await sendMessage(sandbox, { To: CUSTOMER, From: NUMBERS.main, Body: 'one' });
		await sendMessage(sandbox, { To: CUSTOMER, From: NUMBERS.main, Body: 'two' });
		const ledger = (await call(sandbox, 'GET', '/sandbox/messages')).json.messages;
		expect(ledger.map((m: any) => m.body)).toEqual(['one', 'two']);
		expect(ledger[0]).toMatchObject({
			sid: a.json.sid,
			params: { To: CUSTOMER, From: NUMBERS.main, Body: 'one' },
		});

		expect((await call(sandbox, 'DELETE', '/sandbox/messages')).status).toBe(204);
		expect((await call(sandbox, 'GET', '/sandbox/messages')).json.messages).toEqual([]);
		expect((await call(sandbox, 'GET', accountPath('/Messages.json'))).json.messages).toEqual([]);
		expect((await call(sandbox, 'GET', numberPath)).json.sms_url).toBe('http://127.0.0.1:9/hook');

		expect((await call(sandbox, 'POST', '/sandbox/reset')).status).toBe(204);
		expect(sandbox.stats().requests).toBe(0);
		expect((await call(sandbox, 'GET', numberPath)).json.sms_url).toBe('');
	});

	it('lists status callback attempts', async () => {
		const receiver = await new Receiver().start();
		try {
			await sendMessage(sandbox, {
				To: CUSTOMER,
				From: NUMBERS.main,
				Body: 'x',
				StatusCallback: receiver.url('/cb'),
			});
			await receiver.waitFor(4);
			await sandbox.settled();
			const { callbacks } = (await call(sandbox, 'GET', '/sandbox/callbacks')).json;
			expect(callbacks.map((c: any) => c.messageStatus)).toEqual([
				'queued',
				'sending',
				'sent',
				'delivered',
			]);
			expect(callbacks[0]).toMatchObject({
				kind: 'status',
				url: receiver.url('/cb'),
				status: 200,
				attempt: 1,
				signature: expect.any(String),
			});
			expect(callbacks[0].params.MessageStatus).toBe('queued');
		} finally {
			await receiver.close();
		}
	});

	it('advances the clock over HTTP to release scheduled messages', async () => {
		const created = await sendMessage(sandbox, {
			To: CUSTOMER,
			MessagingServiceSid: SERVICES.notifications,
			Body: 'x',
			ScheduleType: 'fixed',
			SendAt: new Date(sandbox.now() + 2 * 60 * 60 * 1000).toISOString(),
		});
		const before = (await call(sandbox, 'GET', '/sandbox/clock')).json;
		const advanced = await fetch(`${sandbox.url}/sandbox/clock`, {
			method: 'POST',
			body: JSON.stringify({ advanceMs: 3 * 60 * 60 * 1000 }),
		});
		const after: any = await advanced.json();
		expect(after.offsetMs - before.offsetMs).toBe(3 * 60 * 60 * 1000);
		await sandbox.waitForStatus(created.json.sid, 'delivered');
		expect(
			(
				await fetch(`${sandbox.url}/sandbox/clock`, {
					method: 'POST',
					body: '{"advanceMs":"soon"}',
				})
			).status,
		).toBe(400);
	});

	it('answers 404 for unknown control endpoints and 400 for bad JSON', async () => {
		expect((await call(sandbox, 'GET', '/sandbox/nothing')).status).toBe(404);
		expect(
			(await fetch(`${sandbox.url}/sandbox/inbound`, { method: 'POST', body: '{not json' })).status,
		).toBe(400);
		const info = (await call(sandbox, 'GET', '/sandbox')).json;
		expect(info.accounts).toHaveLength(2);
	});
});

describe('sandbox signing and connection overrides', () => {
	it('signs exactly like the twilio SDK expects, repeated keys included', () => {
		const url = 'https://example.com/hook?b=2&a=1';
		const params = {
			Body: 'héllo & bye',
			To: '+15551230000',
			MediaUrl: ['https://b.example/2', 'https://a.example/1'],
		};
		const signature = twilioSignature('token', url, params);
		expect(twilio.validateRequest('token', signature, url, params)).toBe(true);
		expect(twilio.validateRequest('other', signature, url, params)).toBe(false);
		expect(twilio.getExpectedTwilioSignature('token', url, params)).toBe(signature);
	});

	it('reads Twilio’s defaults and clamps out-of-range overrides', () => {
		const plain = parseOverrides('https://example.com/cb');
		expect(plain.wireUrl).toBe('https://example.com/cb');
		expect(plain.overrides).toMatchObject({
			retryCount: 1,
			connectTimeout: 5000,
			readTimeout: 15000,
			totalTimeout: 15000,
			edge: null,
		});
		expect([...plain.overrides.retryPolicy]).toEqual(['ct', 'rt']);
		const custom = parseOverrides(
			'https://example.com/cb?x=1#rc=9&rp=5xx,bogus,rt&ct=50&rt=20000&tt=3000&e=dublin',
		);
		expect(custom.wireUrl).toBe('https://example.com/cb?x=1');
		expect(custom.overrides).toMatchObject({
			retryCount: 5,
			connectTimeout: 100,
			readTimeout: 15000,
			totalTimeout: 3000,
			edge: 'dublin',
		});
		expect([...custom.overrides.retryPolicy]).toEqual(['5xx', 'rt']);
	});
});

describe('sandbox CLI', () => {
	let child: ChildProcess | undefined;
	afterEach(async () => {
		if (child && child.exitCode === null) {
			const exited = new Promise((resolve) => child?.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		}
	});

	const run = (args: string[]) =>
		new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
			const p = spawn(process.execPath, [CLI, ...args]);
			let stdout = '';
			let stderr = '';
			p.stdout.on('data', (d) => (stdout += d));
			p.stderr.on('data', (d) => (stderr += d));
			p.on('exit', (code) => resolve({ code, stdout, stderr }));
		});

	it('serves, prints the URL and credentials, and simulates inbound messages', async () => {
		const receiver = await new Receiver().start();
		try {
			child = spawn(process.execPath, [CLI, '--port', '0', '--step-ms', '0', '--latency', '1-2']);
			let out = '';
			const url = await new Promise<string>((resolve, reject) => {
				child?.stdout?.on('data', (d) => {
					out += d;
					const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
					if (m && out.includes('Ctrl+C')) resolve(m[1]);
				});
				child?.once('exit', () => reject(new Error(`CLI exited: ${out}`)));
			});
			expect(out).toContain('AC00000000000000000000000000000001');
			expect(out).toContain('sandbox-auth-token-1');
			expect(out).toContain('SK00000000000000000000000000000001');
			expect(out).toContain('sandbox-api-key-secret-1');
			const auth = `Basic ${Buffer.from('AC00000000000000000000000000000001:sandbox-auth-token-1').toString('base64')}`;
			await fetch(`${url}${accountPath(`/IncomingPhoneNumbers/${sid('PN', 2)}.json`)}`, {
				method: 'POST',
				headers: { Authorization: auth, 'Content-Type': 'application/x-www-form-urlencoded' },
				body: `SmsUrl=${encodeURIComponent(receiver.url('/cli'))}`,
			});
			const result = await run([
				'inbound',
				'--sandbox',
				url,
				'--to',
				NUMBERS.standalone,
				'--from',
				CUSTOMER,
				'--body',
				'from the CLI',
				'--media',
				'https://example.com/x.png;image/png',
			]);
			expect(result.code).toBe(0);
			expect(JSON.parse(result.stdout)).toMatchObject({ status: 200, url: receiver.url('/cli') });
			expect(receiver.requests[0].params).toMatchObject({
				Body: 'from the CLI',
				MediaUrl0: 'https://example.com/x.png',
				MediaContentType0: 'image/png',
			});
			const advanced = await run(['advance', '--sandbox', url, '--ms', '60000']);
			expect(JSON.parse(advanced.stdout).offsetMs).toBe(60000);
		} finally {
			await receiver.close();
		}
	});

	it('fails with a message for bad input', async () => {
		const result = await run(['inbound', '--sandbox', 'http://127.0.0.1:1', '--to']);
		expect(result.code).toBe(1);
		expect(result.stderr).toMatch(/--to needs one value/);
		const unknown = await run(['fly']);
		expect(unknown.code).toBe(1);
		expect(unknown.stderr).toMatch(/unknown command "fly"/);
	});
});
