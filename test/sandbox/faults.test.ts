import type { Sandbox } from '../../sandbox';
import { CUSTOMER, NUMBERS, accountPath, call, sendMessage, startTestSandbox } from './helpers';

const SMS = { To: CUSTOMER, From: NUMBERS.main, Body: 'load' };
const BALANCE = accountPath('/Balance.json');

describe('sandbox fault and load knobs', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox();
	});
	beforeEach(() => {
		sandbox.clearFaults();
		sandbox.reset();
	});
	afterAll(() => sandbox.close());

	it('delays API answers by a fixed latency, never the control endpoints', async () => {
		sandbox.setFaults({ latencyMs: 150 });
		let started = Date.now();
		expect((await call(sandbox, 'GET', BALANCE)).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		started = Date.now();
		await call(sandbox, 'GET', '/sandbox/stats');
		expect(Date.now() - started).toBeLessThan(100);
	});

	it('counts the latency from arrival: the message exists before its answer, which is not delayed further', async () => {
		sandbox.setFaults({ latencyMs: 300 });
		const started = Date.now();
		const answer = sendMessage(sandbox, SMS);
		await sandbox.waitFor(() => sandbox.ledger().length === 1, 250);
		expect(Date.now() - started).toBeLessThan(280);
		expect((await answer).status).toBe(201);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
		expect(Date.now() - started).toBeLessThan(450);
	});

	it('draws latency from a range', async () => {
		sandbox.setFaults({ latencyMs: [60, 90] });
		const started = Date.now();
		await call(sandbox, 'GET', BALANCE);
		expect(Date.now() - started).toBeGreaterThanOrEqual(55);
	});

	it('answers 429 / 20429 with Retry-After beyond the concurrency limit', async () => {
		sandbox.setFaults({ concurrencyLimit: 2, latencyMs: 150, retryAfterSeconds: 3 });
		const responses = await Promise.all(Array.from({ length: 5 }, () => sendMessage(sandbox, SMS)));
		const limited = responses.filter((r) => r.status === 429);
		expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
		expect(limited).toHaveLength(3);
		for (const r of limited) {
			expect(r.json).toEqual({
				code: 20429,
				message: 'Too Many Requests',
				more_info: 'https://www.twilio.com/docs/errors/20429',
				status: 429,
			});
			expect(r.headers.get('retry-after')).toBe('3');
		}
		expect(sandbox.ledger()).toHaveLength(2);
		const stats = (await call(sandbox, 'GET', '/sandbox/stats')).json;
		expect(stats).toMatchObject({ requests: 5, status429: 3, inFlight: 0 });
		expect(stats.inFlightPeak).toBeGreaterThanOrEqual(3);
	});

	it('answers 503 / 20503 to the next N requests', async () => {
		sandbox.setFaults({ next503: 2 });
		const statuses = [];
		for (let i = 0; i < 3; i += 1) statuses.push((await sendMessage(sandbox, SMS)).status);
		expect(statuses).toEqual([503, 503, 201]);
		expect(sandbox.ledger()).toHaveLength(1);
		expect(sandbox.stats().status503).toBe(2);
	});

	it('answers 503 at a seeded rate: the same seed gives the same sequence', async () => {
		const run = async () => {
			sandbox.setFaults({ rate503: 0.5, seed: 42 });
			const codes: number[] = [];
			for (let i = 0; i < 20; i += 1) codes.push((await call(sandbox, 'GET', BALANCE)).status);
			return codes;
		};
		const first = await run();
		const second = await run();
		expect(second).toEqual(first);
		const failures = first.filter((s) => s === 503).length;
		expect(failures).toBeGreaterThan(3);
		expect(failures).toBeLessThan(17);
		expect(first.every((s) => s === 200 || s === 503)).toBe(true);
	});

	it('resets the connection before processing: nothing is recorded', async () => {
		sandbox.setFaults({ resetBeforeNext: 1 });
		await expect(sendMessage(sandbox, SMS)).rejects.toThrow();
		expect(sandbox.ledger()).toHaveLength(0);
		expect(sandbox.stats().resetsBeforeProcessing).toBe(1);
		expect((await sendMessage(sandbox, SMS)).status).toBe(201);
	});

	it('resets the connection after processing: the message is in the ledger exactly once', async () => {
		sandbox.setFaults({ resetAfterNext: 1 });
		await expect(sendMessage(sandbox, SMS)).rejects.toThrow();
		const ledger = sandbox.ledger();
		expect(ledger).toHaveLength(1);
		expect(ledger[0].params).toMatchObject(SMS);
		expect(sandbox.stats().resetsAfterProcessing).toBe(1);
		const list = await call(sandbox, 'GET', accountPath('/Messages.json'));
		expect(list.json.messages.map((m: any) => m.sid)).toEqual([ledger[0].sid]);
	});

	it('resets at seeded rates too', async () => {
		sandbox.setFaults({ resetAfterRate: 1 });
		await expect(sendMessage(sandbox, SMS)).rejects.toThrow();
		sandbox.setFaults({ resetAfterRate: 0, resetBeforeRate: 1 });
		await expect(sendMessage(sandbox, SMS)).rejects.toThrow();
		expect(sandbox.ledger()).toHaveLength(1);
	});

	it('is set, read and cleared over HTTP; bad knobs are refused', async () => {
		const set = await fetch(`${sandbox.url}/sandbox/faults`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ next503: 1, latencyMs: [1, 2] }),
		});
		expect(set.status).toBe(200);
		expect(await set.json()).toMatchObject({ next503: 1, latencyMs: [1, 2] });
		expect((await call(sandbox, 'GET', BALANCE)).status).toBe(503);
		for (const bad of [{ nope: 1 }, { rate503: 2 }, { latencyMs: -1 }, { latencyMs: [5, 1] }]) {
			const refused = await fetch(`${sandbox.url}/sandbox/faults`, {
				method: 'POST',
				body: JSON.stringify(bad),
			});
			expect(refused.status).toBe(400);
		}
		await fetch(`${sandbox.url}/sandbox/faults`, {
			method: 'POST',
			body: JSON.stringify({ next503: 5 }),
		});
		const cleared: any = await (
			await fetch(`${sandbox.url}/sandbox/faults`, { method: 'DELETE' })
		).json();
		expect(cleared.next503).toBe(0);
		expect((await call(sandbox, 'GET', BALANCE)).status).toBe(200);
	});

	it('never applies faults to control endpoints', async () => {
		sandbox.setFaults({ next503: 5, resetBeforeNext: 5 });
		expect((await call(sandbox, 'GET', '/sandbox/messages')).status).toBe(200);
		expect((await call(sandbox, 'GET', '/sandbox/health')).json).toEqual({ ok: true });
		expect(sandbox.getFaults()).toMatchObject({ next503: 5, resetBeforeNext: 5 });
	});

	it('takes faults and latency at start', async () => {
		const slow = await startTestSandbox({ latencyMs: 80, faults: { next503: 1 } });
		try {
			const started = Date.now();
			expect((await call(slow, 'GET', BALANCE)).status).toBe(503);
			expect(Date.now() - started).toBeGreaterThanOrEqual(75);
		} finally {
			await slow.close();
		}
	});
});
