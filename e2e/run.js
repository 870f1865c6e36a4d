#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * End-to-end suite: the packed package in a real n8n (see docs/e2e.md), first in regular mode,
 * then in queue mode (Redis + main + worker + webhook process). Prints `ok - …` / `FAIL - …` and
 * ends with `N passed, M failed`.
 */

const fs = require('fs');
const path = require('path');
const { Checks } = require('./lib/checks');
const { ROOT, ensureN8n, buildPackage, packPackage, freePorts } = require('./lib/n8n');
const { Processes } = require('./lib/processes');
const { startPostgres, postgresEnv } = require('./lib/postgres');
const { ensureRedis, startRedis } = require('./lib/redis');
const { startSandbox, sandboxCredentialData } = require('./lib/sandbox');
const { prepareInstance } = require('./lib/stack');
const scenarios = require('./scenarios');

const WORK = path.resolve(process.env.E2E_WORK_DIR || path.join(ROOT, 'e2e', '.work'));
const QUEUE = process.env.E2E_QUEUE !== '0';
// Three n8n processes writing one SQLite file fail now and then with SQLITE_BUSY (n8n supports
// queue mode on PostgreSQL only), so queue mode runs on a throw-away PostgreSQL by default.
const QUEUE_DB = process.env.E2E_QUEUE_DB === 'sqlite' ? 'sqlite' : 'postgres';
const ENCRYPTION_KEY = 'e2e-encryption-key-twilio-messaging';
const OWNER = { email: 'owner@example.com', password: 'E2eOwnerPassw0rd!' };
// 200 signed webhooks in CI; E2E_WEBHOOKS=1000 for the full load test the README reports.
const WEBHOOKS = Number(process.env.E2E_WEBHOOKS || 200);
const SEND_ONCE_ITEMS = 300;

const FILES = {
	orderSms: path.join(ROOT, 'examples', 'order-confirmation-sms.json'),
	whatsappTemplate: path.join(ROOT, 'examples', 'whatsapp-template.json'),
	failover: path.join(ROOT, 'examples', 'whatsapp-failover-to-sms.json'),
	stop: path.join(ROOT, 'examples', 'stop-handling.json'),
	refund: path.join(ROOT, 'examples', 'refund-approval-sms.json'),
	statusLog: path.join(ROOT, 'examples', 'status-log-and-auto-reply.json'),
	bulk: path.join(__dirname, 'workflows', 'bulk-50.json'),
	register: path.join(__dirname, 'workflows', 'register-service.json'),
	replyLastNode: path.join(__dirname, 'workflows', 'reply-last-node.json'),
	loadTrigger: path.join(__dirname, 'workflows', 'load-trigger.json'),
	sendOnce: path.join(__dirname, 'workflows', 'send-once-batch.json'),
};
const IDS = Object.fromEntries(
	Object.entries(FILES).map(([key, file]) => [key, JSON.parse(fs.readFileSync(file, 'utf8')).id]),
);

const checks = new Checks();
const processes = new Processes(path.join(WORK, 'logs'));
/** @type {Record<string, number>} */
const timings = {};

/** @template T @param {string} name @param {() => Promise<T>} phase */
async function timed(name, phase) {
	const start = Date.now();
	try {
		return await phase();
	} finally {
		timings[name] = (Date.now() - start) / 1000;
	}
}

const log = (/** @type {string} */ text) => console.log(`# ${text}`);

/** @param {string} tarball @param {string} pathEnv */
async function regularMode(tarball, pathEnv) {
	const label = '[regular]';
	const dir = path.join(WORK, 'regular');
	const [sandboxPort] = await freePorts(1);
	const sandbox = await startSandbox(processes, sandboxPort, { name: 'regular-sandbox' });
	log(
		'regular mode: installing the package into a fresh n8n home and importing the credential and workflows',
	);
	const { n8n, webhookUrl, userFolder } = await prepareInstance({
		processes,
		dir,
		tarball,
		pathEnv,
		encryptionKey: ENCRYPTION_KEY,
		credentialData: sandboxCredentialData(sandbox.client.url),
		workflows: Object.values(FILES),
	});
	/** @type {scenarios.Context} */
	const ctx = { checks, n8n, sandbox: sandbox.client, webhookUrl, label, files: FILES, ids: IDS };
	// `n8n execute` runs in a process of its own; with the server stopped it has the SQLite file to itself.
	await checks.step(`${label} examples: order confirmation and WhatsApp template`, () =>
		scenarios.sendExamples(ctx),
	);

	const main = await n8n.startProcess('start', { name: 'regular-n8n' });
	await n8n.waitReady(main);
	log(`regular mode: n8n ready on ${n8n.baseUrl}, sandbox on ${sandbox.client.url}`);
	await n8n.signIn(OWNER);
	await n8n.createApiKey();

	await checks.step(`${label} scenario 1: node and credential types`, () =>
		scenarios.nodeTypes(ctx),
	);
	await checks.step(`${label} scenario 2: credential test`, () => scenarios.credentialTest(ctx));
	await checks.step(`${label} activating the example triggers and the 50-message workflow`, () =>
		scenarios.activate(ctx, ['statusLog', 'failover', 'stop', 'bulk', 'refund']),
	);
	await checks.step(`${label} example: refund approval over SMS (Send and Wait, approved)`, () =>
		scenarios.refundApproval(ctx, webhookUrl, 'Approve'),
	);
	await checks.step(`${label} scenario 5: webhook registration`, () => scenarios.registration(ctx));
	await checks.step(`${label} reply from the workflow's last node`, () =>
		scenarios.lastNodeReply(ctx),
	);
	const sent = await checks.step(`${label} scenario 3: 50 messages`, () =>
		scenarios.bulk(ctx, webhookUrl),
	);
	if (sent)
		await checks.step(`${label} scenario 4: trigger`, () =>
			scenarios.trigger(ctx, sent.marketingSids),
		);
	await checks.step(`${label} example: fail-over`, () => scenarios.failover(ctx));
	await checks.step(`${label} example: STOP handling`, () => scenarios.stopHandling(ctx));
	await checks.step(`${label} ${WEBHOOKS} signed webhooks to the trigger, 20 in parallel`, () =>
		scenarios.triggerLoad(ctx, WEBHOOKS, 20),
	);
	await checks.step(
		`${label} signed status callbacks while the database is locked, then Twilio's retries`,
		() =>
			scenarios.triggerWhileDatabaseLocked(
				ctx,
				path.join(userFolder, '.n8n', 'database.sqlite'),
				pathEnv,
			),
	);

	await processes.stop(main);
	await processes.stop(sandbox.proc);
}

/** @param {string} tarball @param {string} pathEnv */
async function queueMode(tarball, pathEnv) {
	const label = '[queue]';
	const dir = path.join(WORK, 'queue');
	ensureRedis();
	const [redisPort, port, webhookPort, sandboxPort, pgPort] = await freePorts(5);
	const redis = await startRedis(processes, redisPort, path.join(dir, 'redis'), 'queue-redis');
	const postgres =
		QUEUE_DB === 'postgres'
			? await startPostgres(processes, pgPort, path.join(dir, 'postgres'), 'queue-postgres')
			: undefined;
	const sandbox = await startSandbox(processes, sandboxPort, { name: 'queue-sandbox' });
	log(
		`queue mode: fresh n8n home, Redis, ${QUEUE_DB === 'postgres' ? 'PostgreSQL' : 'SQLite'}, main + worker + webhook process`,
	);
	const { n8n, webhookUrl } = await prepareInstance({
		processes,
		dir,
		tarball,
		pathEnv,
		encryptionKey: ENCRYPTION_KEY,
		port,
		webhookPort,
		queue: { redisPort },
		database: postgres ? postgresEnv(pgPort) : undefined,
		credentialData: sandboxCredentialData(sandbox.client.url),
		workflows: [FILES.statusLog, FILES.bulk, FILES.refund, FILES.sendOnce],
	});
	const main = await n8n.startProcess('start', { name: 'queue-n8n-main' });
	await n8n.waitReady(main);
	const startWorker = async (name = 'queue-n8n-worker') => {
		const proc = await n8n.startProcess('worker', { name, args: ['--concurrency=10'] });
		await n8n.waitForLog(proc, /n8n worker is now ready/);
		return proc;
	};
	let worker = await startWorker();
	const webhook = await n8n.startProcess('webhook', {
		name: 'queue-n8n-webhook',
		port: webhookPort,
	});
	await n8n.waitReady(webhook, webhookPort);
	log(
		`queue mode: main ${n8n.baseUrl}, webhook process ${webhookUrl}, worker pid ${worker.pid}, Redis ${redisPort}`,
	);
	await n8n.signIn(OWNER);
	await n8n.createApiKey();
	/** @type {scenarios.Context} */
	const ctx = { checks, n8n, sandbox: sandbox.client, webhookUrl, label, files: FILES, ids: IDS };

	await checks.step(
		`${label} activating the status-log example, the 50-message workflow, the refund approval and the Send Once batch`,
		() => scenarios.activate(ctx, ['statusLog', 'bulk', 'refund', 'sendOnce']),
	);
	const refund = await checks.step(
		`${label} example: refund approval over SMS (Send and Wait, declined) through the webhook process`,
		() => scenarios.refundApproval(ctx, webhookUrl, 'Decline'),
	);
	if (refund)
		scenarios.ranOnWorker(
			ctx,
			worker.log,
			main.log,
			'the refund approval, before and after the wait',
			[refund],
		);
	const sent = await checks.step(
		`${label} scenario 3: 50 messages through the webhook process`,
		() => scenarios.bulk(ctx, webhookUrl),
	);
	if (sent) {
		scenarios.ranOnWorker(ctx, worker.log, main.log, 'the 50-message execution', [
			sent.executionId,
		]);
		const ids = await checks.step(`${label} scenario 4: trigger`, () =>
			scenarios.trigger(ctx, sent.marketingSids),
		);
		if (ids) scenarios.ranOnWorker(ctx, worker.log, main.log, 'every trigger execution', ids);
	}
	const killed = worker;
	worker =
		(await checks.step(
			`${label} worker killed mid-batch (Send Once, ${SEND_ONCE_ITEMS} items), new worker, re-run`,
			() =>
				scenarios.workerKilledMidBatch(
					ctx,
					killed,
					() => startWorker('queue-n8n-worker-2'),
					SEND_ONCE_ITEMS,
				),
		)) ?? worker;

	for (const proc of [webhook, worker, main, sandbox.proc, redis, postgres])
		if (proc) await processes.stop(proc);
}

async function main() {
	const started = Date.now();
	fs.rmSync(WORK, { recursive: true, force: true });
	fs.mkdirSync(WORK, { recursive: true });
	processes.stopAllOnSignal();
	try {
		const pathEnv = await timed('n8n install check', async () => ensureN8n());
		const tarball = await timed('build and pack', async () => {
			buildPackage();
			return packPackage(WORK);
		});
		log(`packed ${path.basename(tarball)}`);
		await timed('regular mode', () => regularMode(tarball, pathEnv));
		if (QUEUE) await timed('queue mode', () => queueMode(tarball, pathEnv));
	} catch (error) {
		checks.check(
			'the e2e run got through all its steps',
			false,
			/** @type {Error} */ (error).stack,
		);
	} finally {
		if (checks.failed > 0)
			console.log(`\n# log tails\n${processes.tails(40)}\n# full logs under ${WORK}`);
		await processes.stopAll();
	}
	timings.total = (Date.now() - started) / 1000;
	log(
		`timings (s): ${Object.entries(timings)
			.map(([name, s]) => `${name} ${s.toFixed(1)}`)
			.join(', ')}`,
	);
	console.log(checks.summary());
	process.exitCode = checks.failed > 0 ? 1 : 0;
}

main();
