/**
 * The fault suite: every failure a Send-Once batch and the trigger must survive, run through
 * n8n-core's engine against the sandbox, counting per row what was lost, duplicated or left unknown.
 * `npm test` runs the short version; `npm run test:faults` the full one (README "Reliability").
 */
import net from 'net';
import type { AddressInfo } from 'net';
import type { IDataObject } from 'n8n-workflow';
import { RETRY } from '../../nodes/shared/transport';
import { processedData } from '../harness/deduplication';
import { createHarness, runNode, type NodeRun } from '../harness/workflow';
import { TriggerHarness, WEBHOOK_ID } from '../harness/webhook';
import { twilioFormRequest, type FormParams } from '../harness/twilioWebhook';
import { authTokenCredentials } from '../fixtures/twilio';
import { inboundSms } from '../fixtures/twilioWebhooks';
import { sendParameters } from '../helpers/send';
import { startSandbox, type Sandbox } from '../../sandbox';

const FULL = process.env.FAULTS === 'full';
const size = (full: number, short: number) => (FULL ? full : short);

const SEED = {
	account: 'AC00000000000000000000000000000001',
	apiKey: 'SK00000000000000000000000000000001',
	apiSecret: 'sandbox-api-key-secret-1',
	number: '+15550100001',
};

interface Row {
	what: string;
	items: number;
	sent: number;
	lost: number;
	duplicated: number;
	unknown: number;
	note: string;
}
const table: Row[] = [];

let sandbox: Sandbox;

const items = (count: number, prefix: string) =>
	Array.from({ length: count }, (_, index) => ({
		key: `${prefix}-${index}`,
		to: `+1555${String(2000000 + index).padStart(7, '0')}`,
	}));

const parameters = (options: IDataObject = {}) =>
	sendParameters({
		from: { __rl: true, mode: 'id', value: SEED.number },
		to: '={{ $json.to }}',
		body: 'Order {{ key }} ships today',
		useItemFields: true,
		options: { sendOnceBy: '={{ $json.key }}', ...options },
	});

function credentials(baseUrlOverride = sandbox.url) {
	return {
		accountSid: SEED.account,
		authType: 'apiKey',
		apiSid: SEED.apiKey,
		apiKeySecret: SEED.apiSecret,
		baseUrlOverride,
	};
}

async function run(
	batch: IDataObject[],
	options: {
		continueOnFail?: boolean;
		baseUrl?: string;
		send?: IDataObject;
		onStart?: (stop: () => void) => void;
	} = {},
): Promise<NodeRun> {
	return await runNode(createHarness(), {
		credentials: credentials(options.baseUrl),
		items: batch,
		parameters: parameters(options.send),
		continueOnFail: options.continueOnFail,
		onStart: options.onStart,
	});
}

/** Counts, per item, the messages the sandbox accepted: 0 is lost, 2 or more duplicated. */
function tally(what: string, batch: Array<{ key: string }>, note: string, unknown = 0): Row {
	const counts = new Map<string, number>();
	for (const { body } of sandbox.ledger()) {
		const key = /^Order (\S+) ships today$/.exec(body)?.[1];
		if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
	}
	const per = batch.map(({ key }) => counts.get(key) ?? 0);
	const row = {
		what,
		items: batch.length,
		sent: per.filter((count) => count > 0).length,
		lost: per.filter((count) => count === 0).length,
		duplicated: per.reduce((sum, count) => sum + Math.max(0, count - 1), 0),
		unknown,
		note,
	};
	table.push(row);
	return row;
}

const waitFor = async (condition: () => boolean) => {
	while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const unknownItems = (result: NodeRun) =>
	result.json.filter((item) => /may or may not have been sent/.test(String(item.error ?? '')))
		.length;

/** A TCP relay in front of the sandbox that can die like an API host: open connections cut, new ones refused. */
async function relay(target: string) {
	const { port: targetPort } = new URL(target);
	const sockets = new Set<net.Socket>();
	const server = net.createServer((client) => {
		const upstream = net.connect(Number(targetPort), '127.0.0.1');
		for (const socket of [client, upstream]) {
			sockets.add(socket);
			socket.on('close', () => sockets.delete(socket));
			socket.on('error', () => undefined);
		}
		client.pipe(upstream).pipe(client);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		kill: async () => {
			const closed = new Promise((resolve) => server.close(resolve));
			for (const socket of sockets) socket.destroy();
			await closed;
		},
	};
}

beforeAll(async () => {
	sandbox = await startSandbox({ timing: { stepMs: 1, retryDelayMs: 1 } });
});
beforeEach(() => {
	processedData.store.clear();
	sandbox.clearMessages();
	sandbox.clearFaults();
});
afterAll(async () => {
	await sandbox.close();
	const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
	console.log(
		[
			`Fault suite (${FULL ? 'full' : 'short'} run)`,
			line(['what', 'items', 'sent', 'lost', 'duplicated', 'unknown', 'how']),
			line(['---', '---:', '---:', '---:', '---:', '---:', '---']),
			...table.map((row) =>
				line([row.what, row.items, row.sent, row.lost, row.duplicated, row.unknown, row.note]),
			),
		].join('\n'),
	);
});

jest.setTimeout(FULL ? 900_000 : 120_000);

describe('fault suite', () => {
	it('Stop mid-batch, then re-run', async () => {
		const batch = items(size(300, 60), 'stop');
		sandbox.setFaults({ latencyMs: 20 });
		await run(batch, {
			onStart: (stop) => void waitFor(() => sandbox.ledger().length >= batch.length / 3).then(stop),
		});
		await pause(300);
		const rerun = await run(batch);
		expect(rerun.error).toBeUndefined();
		const row = tally(
			'batch stopped with Stop (or the workflow timeout), then re-run',
			batch,
			'unstarted keys never claimed; in-flight ones found in the log',
		);
		expect(row).toMatchObject({ lost: 0, duplicated: 0 });
	});

	it('process killed mid-batch, then re-run', async () => {
		const batch = items(size(300, 60), 'kill');
		sandbox.setFaults({ latencyMs: 20 });
		let kept = new Map<string, string[]>();
		void run(batch);
		await waitFor(() => sandbox.ledger().length >= batch.length / 3);
		kept = processedData.crash();
		await pause(300);
		processedData.restart(kept);
		const rerun = await run(batch);
		expect(rerun.error).toBeUndefined();
		const row = tally(
			'n8n process killed mid-batch, then re-run',
			batch,
			"claimed-unconfirmed keys resolved in Twilio's log",
		);
		expect(row).toMatchObject({ lost: 0, duplicated: 0 });
	});

	it('sends under 503s, resets and latency, then 2 re-runs', async () => {
		const batch = items(size(2000, 200), 'faults');
		sandbox.setFaults({
			latencyMs: [0, 10],
			rate503: 0.05,
			resetBeforeRate: 0.03,
			resetAfterRate: 0.03,
			seed: 7,
		});
		const first = await run(batch, { continueOnFail: true });
		const unknown = unknownItems(first);
		sandbox.setFaults({ rate503: 0, resetBeforeRate: 0, resetAfterRate: 0 });
		await run(batch, { continueOnFail: true });
		const last = await run(batch, { continueOnFail: true });
		expect(last.json.every((item) => item.skipped === true)).toBe(true);
		const row = tally(
			`${batch.length} sends under faults, then 2 re-runs`,
			batch,
			'unknown outcomes of run 1 resolved by the re-run',
			unknown,
		);
		expect(row).toMatchObject({ lost: 0, duplicated: 0 });
	});

	it('a batch larger than the Send-Once History, then an identical re-run', async () => {
		const batch = items(size(300, 60), 'history');
		const refused = await run(batch, { send: { sendOnceHistory: batch.length / 3 } });
		expect(refused.error?.message).toMatch(/Send-Once History Size .* is smaller than this batch/);
		expect(sandbox.ledger()).toHaveLength(0);
		await run(batch, { send: { sendOnceHistory: batch.length } });
		await run(batch, { send: { sendOnceHistory: batch.length } });
		const row = tally(
			`${batch.length} items with Send-Once History ${batch.length / 3}, identical re-run`,
			batch,
			'refused before sending; with a history as large as the batch, the re-run sends nothing',
		);
		expect(row).toMatchObject({ lost: 0, duplicated: 0 });
	});

	it('Base URL ftp://x with Send Once, then fixed', async () => {
		const batch = items(3, 'ftp');
		const broken = await run(batch, { baseUrl: 'ftp://x' });
		expect(broken.error?.message).toMatch(/Base URL Override must start with http/);
		await run(batch);
		const row = tally(
			'Base URL ftp://x with Send Once, then fixed',
			batch,
			'refused before any key was claimed',
		);
		expect(row).toMatchObject({ lost: 0, duplicated: 0 });
	});

	it('API refuses every connection, On Error → Continue, then comes back', async () => {
		const batch = items(size(10000, 300), 'refused');
		const closed = await relay(sandbox.url);
		await closed.kill();
		const started = Date.now();
		const down = await run(batch, { continueOnFail: true, baseUrl: closed.url });
		const seconds = (Date.now() - started) / 1000;
		expect(down.json.every((item) => /not sent|nothing was sent/i.test(String(item.error)))).toBe(
			true,
		);
		expect(down.json.at(-1)?.error).toMatch(/the Twilio API was unreachable/);
		await run(batch);
		const row = tally(
			'API refuses every connection, On Error → Continue',
			batch,
			`all ${batch.length} error items in ${seconds.toFixed(1)} s; re-run when back`,
		);
		expect(row).toMatchObject({ lost: 0, duplicated: 0 });
		expect(seconds).toBeLessThan(60);
	});

	it('API dies mid-batch, default error mode: the error counts every item, the re-run completes', async () => {
		const batch = items(size(300, 60), 'dies');
		sandbox.setFaults({ latencyMs: 30 });
		const saved = RETRY.maxAttempts;
		RETRY.maxAttempts = 2;
		const api = await relay(sandbox.url);
		void waitFor(() => sandbox.ledger().length >= batch.length / 3).then(api.kill);
		const died = await run(batch, { baseUrl: api.url });
		RETRY.maxAttempts = saved;
		const counts =
			/Of (\d+) item\(s\) in this run: (\d+) sent, (\d+) failed and not sent .*?, (\d+) not started, (\d+) in flight with unknown outcome/.exec(
				String(died.error?.description),
			);
		expect(counts).not.toBeNull();
		const [total, sent, failed, notStarted, unknown] = counts!.slice(1).map(Number);
		expect(sent + failed + notStarted + unknown).toBe(total);
		sandbox.clearFaults();
		await run(batch);
		const row = tally(
			'API dies mid-batch, default error mode',
			batch,
			`error counted ${sent} sent, ${failed} failed, ${notStarted} not started, ${unknown} unknown (named)`,
			unknown,
		);
		expect(row).toMatchObject({ lost: 0, duplicated: 0 });
	});
});

describe('fault suite: trigger', () => {
	it('unsigned multipart POST and signed forms with Object-member names', async () => {
		const node = new TriggerHarness({
			credentials: authTokenCredentials,
			parameters: { events: ['inbound', 'status'] },
		});
		const multipart = await node.deliver({
			path: `/webhook/${WEBHOOK_ID}/twilio`,
			headers: { 'content-type': 'multipart/form-data; boundary=b' },
			body: '--b\r\nContent-Disposition: form-data; name="Body"\r\n\r\nhi\r\n--b--\r\n',
		});
		expect(multipart.statusCode).toBe(403);
		expect(multipart.run).toBeUndefined();
		const params = { ...inboundSms, constructor: 'c', toString: 't' } as FormParams;
		Object.defineProperty(params, '__proto__', { value: 'p', enumerable: true });
		const signed = await node.deliver(twilioFormRequest(node.url(), params));
		expect(signed.items).toHaveLength(1);
		table.push({
			what: 'unsigned multipart/form-data POST to the trigger',
			items: 1,
			sent: 0,
			lost: 0,
			duplicated: 0,
			unknown: 0,
			note: '403, no execution',
		});
		table.push({
			what: 'signed form with constructor / toString / __proto__',
			items: 1,
			sent: 1,
			lost: 0,
			duplicated: 0,
			unknown: 0,
			note: 'verified, one execution',
		});
	});

	it('webhooks while n8n sometimes cannot accept executions: Twilio retries every 5xx', async () => {
		const count = size(1000, 100);
		const node = new TriggerHarness({
			credentials: authTokenCredentials,
			parameters: { events: ['inbound', 'status'] },
		});
		let decision = 0;
		// Every third attempt fails as a locked database would; Twilio retries on 5xx with the same token.
		node.acceptExecution = () => {
			if (++decision % 3 === 0) throw new Error('SQLITE_BUSY: database is locked');
		};
		let answered2xx = 0;
		let executions = 0;
		for (let index = 0; index < count; index++) {
			const request = twilioFormRequest(
				node.url(),
				{ ...inboundSms, MessageSid: `SM${String(index).padStart(32, '0')}` },
				{ idempotencyToken: `token-${index}` },
			);
			for (let attempt = 0; attempt < 5; attempt++) {
				const delivery = await node.deliver(request);
				if (delivery.run) executions++;
				if (delivery.statusCode < 300) {
					answered2xx++;
					break;
				}
			}
		}
		expect(executions).toBe(answered2xx);
		expect(executions).toBe(count);
		table.push({
			what: `${count} signed webhooks, 1 in 3 executions refused by the database`,
			items: count,
			sent: executions,
			lost: count - executions,
			duplicated: 0,
			unknown: 0,
			note: `${answered2xx} 2xx answers = ${executions} executions (engine harness, not a real n8n)`,
		});
	});
});
