#!/usr/bin/env node
// @ts-check
'use strict';

const { startSandbox } = require('./index');

const USAGE = `Offline Twilio sandbox

  node sandbox/cli.js [serve] [options]        start the sandbox
    --port N                   port (default 4010; 0 picks a free one)
    --host H                   interface (default 127.0.0.1)
    --seed FILE                seed JSON (default sandbox/seed.default.json)
    --latency MS | MIN-MAX     time from arrival to every API answer
    --concurrency-limit N      answer 429 (20429) beyond N requests in flight
    --rate-503 R               share of API requests answered 503 (0-1)
    --reset-before-rate R      share of API requests whose connection is dropped before processing
    --reset-after-rate R       share of API requests processed, then dropped without an answer
    --fault-seed N             seed of the random fault choices (default 1)
    --step-ms MS | MIN-MAX     time between message statuses (default 50-200)
    --schedule-immediately     release scheduled messages at once
    --sign-fragment            sign webhook URLs with their #connection-overrides
    --allow-non-local-webhooks let webhooks go to hosts other than loopback

  node sandbox/cli.js inbound --to ADDRESS --from ADDRESS [options]   simulate a customer's message
    --body TEXT  --channel sms|mms|whatsapp|messenger|rcs  --media URL[;TYPE] (repeatable)
    --button-payload P  --button-text T  --profile-name N  --wa-id ID  --latitude L  --longitude L
    --sandbox URL              the running sandbox (default http://127.0.0.1:4010)

  node sandbox/cli.js advance --ms N [--sandbox URL]   move the sandbox clock forward
`;

/** @param {string[]} argv */
function parseArgs(argv) {
	/** @type {string[]} */
	const positional = [];
	/** @type {Record<string, string | boolean | string[]>} */
	const flags = {};
	for (let i = 0; i < argv.length; i += 1) {
		const arg = argv[i];
		if (!arg.startsWith('--')) {
			positional.push(arg);
			continue;
		}
		const name = arg.slice(2);
		const next = argv[i + 1];
		const value = next === undefined || next.startsWith('--') ? true : ((i += 1), next);
		const previous = flags[name];
		flags[name] =
			previous === undefined
				? value
				: [...(Array.isArray(previous) ? previous : [String(previous)]), String(value)];
	}
	return { command: positional[0] ?? 'serve', flags };
}

/** @param {string | boolean | string[] | undefined} value @param {string} name */
function text(value, name) {
	if (value === undefined) return undefined;
	if (typeof value !== 'string') throw new Error(`--${name} needs one value`);
	return value;
}

/** A number, or a MIN-MAX range. @param {string | undefined} value @param {string} name @returns {number | [number, number] | undefined} */
function duration(value, name) {
	if (value === undefined) return undefined;
	const range = /^(\d+)-(\d+)$/.exec(value);
	if (range) return [Number(range[1]), Number(range[2])];
	if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a number of ms or MIN-MAX`);
	return Number(value);
}

/** @param {string | undefined} value @param {string} name */
function number(value, name) {
	if (value === undefined) return undefined;
	const n = Number(value);
	if (!Number.isFinite(n)) throw new Error(`--${name} must be a number`);
	return n;
}

/** @param {Record<string, string | boolean | string[]>} flags */
async function serve(flags) {
	/** @type {Record<string, number>} */
	const faults = {};
	for (const [flag, knob] of [
		['concurrency-limit', 'concurrencyLimit'],
		['rate-503', 'rate503'],
		['reset-before-rate', 'resetBeforeRate'],
		['reset-after-rate', 'resetAfterRate'],
		['fault-seed', 'seed'],
	]) {
		const value = number(text(flags[flag], flag), flag);
		if (value !== undefined) faults[knob] = value;
	}
	const stepMs = duration(text(flags['step-ms'], 'step-ms'), 'step-ms');
	const sandbox = await startSandbox({
		port: number(text(flags.port, 'port'), 'port') ?? 4010,
		host: text(flags.host, 'host') ?? '127.0.0.1',
		seed: text(flags.seed, 'seed'),
		latencyMs: duration(text(flags.latency, 'latency'), 'latency'),
		faults,
		timing: stepMs === undefined ? {} : { stepMs },
		scheduleImmediately: flags['schedule-immediately'] === true,
		signFragment: flags['sign-fragment'] === true,
		allowNonLocalWebhooks: flags['allow-non-local-webhooks'] === true,
	});
	console.log(
		`Twilio sandbox listening on ${sandbox.url} (the base URL for api, content and messaging.twilio.com)`,
	);
	for (const account of sandbox.state.accounts.values()) {
		console.log(`\nAccount ${account.friendlyName}`);
		console.log(`  Account SID   ${account.sid}`);
		console.log(`  Auth Token    ${account.authToken}`);
		for (const key of sandbox.state.apiKeys.values()) {
			if (key.accountSid === account.sid)
				console.log(`  API Key       ${key.sid}  secret ${key.secret}`);
		}
		for (const n of sandbox.state.numbersOf(account.sid))
			console.log(`  Number        ${n.phone_number}  ${n.sid}  ${n.friendly_name}`);
		for (const s of sandbox.state.servicesOf(account.sid)) {
			const senders = s.senders.map((/** @type {any} */ c) => c.sender).join(', ');
			console.log(
				`  Service       ${s.sid}  ${s.friendly_name}${senders ? `  senders: ${senders}` : ''}`,
			);
		}
	}
	console.log(`\nPhone (every message as the customer sees it): ${sandbox.url}/phone`);
	console.log('Control endpoints under /sandbox (see sandbox/README.md). Ctrl+C stops.');
	const stop = () => {
		sandbox.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

/** @param {string} base @param {string} path @param {unknown} body */
async function postJson(base, path, body) {
	const response = await fetch(`${base.replace(/\/+$/, '')}${path}`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify(body),
	});
	const result = /** @type {any} */ (await response.json());
	if (!response.ok) throw new Error(result.error ?? `HTTP ${response.status}`);
	return result;
}

/** @param {Record<string, string | boolean | string[]>} flags */
async function inbound(flags) {
	const media =
		flags.media === undefined
			? []
			: Array.isArray(flags.media)
				? flags.media
				: [text(flags.media, 'media')];
	const body = {
		to: text(flags.to, 'to'),
		from: text(flags.from, 'from'),
		body: text(flags.body, 'body'),
		channel: text(flags.channel, 'channel'),
		media: media.map((m) => {
			const [url, contentType] = String(m).split(';');
			return contentType ? { url, contentType } : { url };
		}),
		buttonPayload: text(flags['button-payload'], 'button-payload'),
		buttonText: text(flags['button-text'], 'button-text'),
		profileName: text(flags['profile-name'], 'profile-name'),
		waId: text(flags['wa-id'], 'wa-id'),
		latitude: text(flags.latitude, 'latitude'),
		longitude: text(flags.longitude, 'longitude'),
	};
	const result = await postJson(
		text(flags.sandbox, 'sandbox') ?? 'http://127.0.0.1:4010',
		'/sandbox/inbound',
		body,
	);
	console.log(JSON.stringify(result, null, 2));
}

/** @param {Record<string, string | boolean | string[]>} flags */
async function advance(flags) {
	const ms = number(text(flags.ms, 'ms'), 'ms');
	if (ms === undefined) throw new Error('--ms is required');
	const result = await postJson(
		text(flags.sandbox, 'sandbox') ?? 'http://127.0.0.1:4010',
		'/sandbox/clock',
		{ advanceMs: ms },
	);
	console.log(JSON.stringify(result));
}

async function main() {
	const { command, flags } = parseArgs(process.argv.slice(2));
	if (flags.help || command === 'help') {
		console.log(USAGE);
		return;
	}
	const commands = { serve, inbound, advance };
	const run = /** @type {Record<string, (f: typeof flags) => Promise<void>>} */ (commands)[command];
	if (!run) throw new Error(`unknown command "${command}"\n\n${USAGE}`);
	await run(flags);
}

main().catch((error) => {
	console.error(error.message);
	process.exit(1);
});
