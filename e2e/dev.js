#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * `npm run dev`: builds the package, starts the Twilio sandbox and a real n8n with the package
 * installed, the credential and the example workflows, and stops everything on Ctrl-C.
 * See docs/dev.md.
 */

const fs = require('fs');
const path = require('path');
const { ROOT, ensureN8n, buildPackage, packPackage, portInUse } = require('./lib/n8n');
const { Processes, waitFor } = require('./lib/processes');
const { SEED, startSandbox, sandboxCredentialData } = require('./lib/sandbox');
const { prepareInstance, registrationsOf, holds } = require('./lib/stack');

const DIR = path.resolve(process.env.N8N_DEV_DIR || path.join(ROOT, '.n8n-dev'));
const PORT = Number(process.env.N8N_DEV_PORT || 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 4010);
const FRESH = process.argv.includes('--fresh') || process.env.N8N_DEV_FRESH === '1';
const OWNER = { email: 'dev@example.com', password: 'DevOwnerPassw0rd!' };
const ENCRYPTION_KEY = 'dev-encryption-key-twilio-messaging';

const example = (/** @type {string} */ name) => path.join(ROOT, 'examples', `${name}.json`);
/** Active in sandbox mode: they take over different settings of the sandbox's services, so they can all run at once. */
const ACTIVE_EXAMPLES = [
	'status-log-and-auto-reply',
	'whatsapp-failover-to-sms',
	'stop-handling',
	'refund-approval-sms',
].map(example);
const EXAMPLES = [
	...['order-confirmation-sms', 'whatsapp-template'].map(example),
	...ACTIVE_EXAMPLES,
];

/** The credential for real Twilio from the environment, or undefined for the sandbox. */
function twilioFromEnv() {
	const env = process.env;
	if (!env.TWILIO_ACCOUNT_SID) return undefined;
	const apiKey = Boolean(env.TWILIO_API_KEY_SID && env.TWILIO_API_KEY_SECRET);
	if (!apiKey && !env.TWILIO_AUTH_TOKEN) {
		throw new Error(
			'TWILIO_ACCOUNT_SID is set: also set TWILIO_API_KEY_SID and TWILIO_API_KEY_SECRET, or TWILIO_AUTH_TOKEN',
		);
	}
	return {
		accountSid: env.TWILIO_ACCOUNT_SID,
		authType: apiKey ? 'apiKey' : 'authToken',
		apiSid: env.TWILIO_API_KEY_SID ?? '',
		apiKeySecret: env.TWILIO_API_KEY_SECRET ?? '',
		authToken: env.TWILIO_AUTH_TOKEN ?? '',
		region: env.TWILIO_REGION ?? 'us1',
		edge: env.TWILIO_EDGE ?? '',
		baseUrlOverride: '',
	};
}

const say = (/** @type {string} */ text) => console.log(`[dev] ${text}`);

/** @type {Processes | undefined} */
let processes;
let stopping = false;

/** @type {(() => Promise<void>) | undefined} */
let saveSandboxWebhooks;

/** Stops what was started, by PID, and exits. @param {number} code */
async function stop(code) {
	if (stopping) return;
	stopping = true;
	if (processes?.started.length) say('stopping n8n and the sandbox…');
	await saveSandboxWebhooks?.().catch((error) =>
		say(`could not save the sandbox's webhook settings: ${error.message}`),
	);
	await processes?.stopAll();
	process.exit(code);
}

async function main() {
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => stop(0));
	const twilio = twilioFromEnv();
	const mode = twilio ? 'twilio' : 'sandbox';
	const dir = path.join(DIR, mode);
	if (FRESH) fs.rmSync(dir, { recursive: true, force: true });
	const firstStart = !fs.existsSync(path.join(dir, 'home', '.n8n', 'database.sqlite'));
	processes = new Processes(path.join(dir, 'logs'));

	/** @type {Array<[number, string]>} */
	const ports = [
		[PORT, 'N8N_DEV_PORT'],
		...(twilio ? [] : /** @type {Array<[number, string]>} */ ([[SANDBOX_PORT, 'SANDBOX_PORT']])),
	];
	for (const [port, knob] of ports) {
		if (await portInUse(port))
			throw new Error(`port ${port} on 127.0.0.1 is in use; choose another with ${knob}=…`);
	}

	say('checking the n8n install (the first run installs Node 24 and n8n, about 5 minutes)');
	const pathEnv = ensureN8n();
	say('building and packing the package');
	buildPackage();
	const tarball = packPackage(path.join(dir, 'pack'));

	let sandbox;
	if (!twilio) {
		sandbox = await startSandbox(processes, SANDBOX_PORT);
		say(`sandbox on ${sandbox.client.url}`);
		// Twilio keeps the webhook URLs the triggers registered; n8n relies on that and does not
		// register them again when it restarts. The sandbox starts from its seed, so it gets back
		// the settings it had when the last session stopped.
		const saved = path.join(dir, 'sandbox-webhooks.json');
		const client = sandbox.client;
		if (!firstStart && fs.existsSync(saved))
			await client.applyWebhookSettings(JSON.parse(fs.readFileSync(saved, 'utf8')));
		saveSandboxWebhooks = async () =>
			fs.writeFileSync(saved, JSON.stringify(await client.webhookSettings(), null, 2));
	}
	say(
		firstStart
			? 'new n8n home: installing the package, importing the credential and the examples'
			: 'installing the package and refreshing the credential',
	);
	const { n8n } = await prepareInstance({
		processes,
		dir,
		tarball,
		pathEnv,
		port: PORT,
		encryptionKey: ENCRYPTION_KEY,
		credentialData: twilio ?? sandboxCredentialData(sandbox?.client.url ?? ''),
		credentialName: twilio ? 'Twilio' : undefined,
		workflows: firstStart ? EXAMPLES : [],
	});
	if (firstStart && !twilio) {
		// Published before the start, n8n activates them (and registers their webhooks) as it starts.
		for (const file of ACTIVE_EXAMPLES)
			await n8n.cli(['publish:workflow', `--id=${JSON.parse(fs.readFileSync(file, 'utf8')).id}`]);
	}
	say(`starting n8n on ${n8n.baseUrl} (log: ${path.join(dir, 'logs', 'n8n.log')})`);
	const main = await n8n.startProcess('start', { name: 'n8n' });
	main.exited.then((code) => {
		if (stopping) return;
		console.error(
			`[dev] n8n exited (code ${code}); last lines of its log:\n${processes?.tail(main, 40)}`,
		);
		stop(1);
	});
	await n8n.waitReady(main);
	await n8n.signIn(OWNER);
	if (firstStart && sandbox) {
		// n8n activates published workflows shortly after it is ready.
		const client = sandbox.client;
		for (const file of ACTIVE_EXAMPLES) {
			for (const { service, expected } of registrationsOf(file, `${n8n.baseUrl}/`)) {
				await waitFor(
					`${path.basename(file)} to register on ${service}`,
					async () => holds(await client.service(service), expected),
					{ timeoutMs: 120000 },
				);
			}
		}
	}
	await saveSandboxWebhooks?.();

	const lines = [
		'',
		`  n8n editor   ${n8n.baseUrl}   (login ${OWNER.email} / ${OWNER.password})`,
		`  credential   "${twilio ? 'Twilio' : 'Twilio sandbox'}" → ${twilio ? `real Twilio account ${twilio.accountSid} (${twilio.authType})` : sandbox?.client.url}`,
		'  examples     Example: order confirmation over SMS, WhatsApp template with variables (run them from the editor),',
		'               status log and auto-reply, fail over from WhatsApp to SMS, STOP handling, refund approval over SMS (active)',
	];
	if (twilio) {
		lines.push(
			'',
			"  Real Twilio: no workflow is active. The examples use the sandbox's numbers and SIDs (+1555…, MG…, HX…):",
			'  replace them with your own before running or activating one. Twilio cannot reach 127.0.0.1, so triggers',
			'  need a public URL (a tunnel, and the trigger\'s "Public URL Override" option).',
		);
	} else {
		const url = sandbox?.client.url;
		lines.push(
			`  sandbox      ${url}   ledger: ${url}/sandbox/messages   callbacks: ${url}/sandbox/callbacks`,
			`  phone        ${url}/phone   every message as the customer sees it; answer, tap buttons, send STOP`,
			'',
			'  Simulate a customer (or use the phone):',
			`    node sandbox/cli.js inbound --to ${SEED.ukNumber} --from +15551230000 --body "Hi there"   (auto-reply)`,
			`    node sandbox/cli.js inbound --to ${SEED.mainNumber} --from +15551230000 --body STOP       (STOP handling)`,
			'  Make a WhatsApp message fail (63016) and watch the SMS fail-over:',
			`    curl -u ${SEED.apiKeySid}:${SEED.apiKeySecret} --data-urlencode MessagingServiceSid=${SEED.notificationsService} \\`,
			`      --data-urlencode To=whatsapp:+15550199016 --data-urlencode "Body=Your table is ready" \\`,
			`      ${url}/2010-04-01/Accounts/${SEED.accountSid}/Messages.json`,
			'  Ask a manager to approve a refund (Send and Wait): the SMS with the Approve and Decline links is in the ledger',
			`    curl -H 'content-type: application/json' -d '{"order_id":"A-1001","amount":"$42.00","reason":"damaged","customer_phone":"+15551230001","manager_phone":"+15551230002"}' \\`,
			`      ${n8n.baseUrl}/webhook/refund-approval`,
		);
		if (SANDBOX_PORT !== 4010) lines.push(`  (add --sandbox ${url} to the sandbox CLI commands)`);
	}
	lines.push(
		'',
		`  Ctrl-C stops ${twilio ? 'n8n' : 'n8n and the sandbox'}. State is kept in ${dir} (npm run dev -- --fresh starts over).`,
		'',
	);
	console.log(lines.join('\n'));
	await new Promise(() => {});
}

main().catch((error) => {
	console.error(`[dev] ${error.message}`);
	stop(1);
});
