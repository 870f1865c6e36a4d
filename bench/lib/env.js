// @ts-check
'use strict';
/**
 * Process-wide setup of the bench, loaded before anything from n8n:
 *
 * 1. One n8n: `n8n-workflow`, `n8n-core` and `@n8n/di` resolve to bench/node_modules from
 *    everywhere, including this package's dist/ (which would otherwise find the root's copies),
 *    as in n8n, where community nodes use the host's n8n-workflow (a peer dependency).
 * 2. Loopback only: every TCP connection this process opens must go to 127.0.0.1, ::1 or
 *    localhost; anything else throws before a packet is sent. Proxy variables are dropped so
 *    n8n-core's proxy agents connect directly.
 * 3. The built-in Twilio node hard-codes https://api.twilio.com (n8n-nodes-base's
 *    GenericFunctions.twilioApiRequest). An axios request interceptor on the axios instance n8n-core
 *    sends with rewrites that origin to the sandbox's http://127.0.0.1:<port> — the same base URL
 *    this package reaches through its credential's Base URL Override — so both nodes use the same
 *    n8n-core request path, the same plain-HTTP loopback transport and the same fake Twilio.
 * 4. For the CPU-isolation runs only, `useMemoryTransport(true)` swaps axios's adapter (the last
 *    step, after n8n-core and axios built the request) for one that answers message creates from
 *    memory with the sandbox's JSON, so socket and kernel time (and the sandbox process competing
 *    for the CPU) drop out of the comparison. It keeps its own ledger to check nothing was lost.
 */
const Module = require('module');
const net = require('net');
const path = require('path');

const BENCH_MODULES = path.join(__dirname, '..', 'node_modules');
const SHARED = ['n8n-workflow', 'n8n-core', '@n8n/di', 'reflect-metadata'];

const resolvedShared = new Map(
	SHARED.map((name) => [name, require.resolve(name, { paths: [BENCH_MODULES] })]),
);
// Node's resolver hook (internal, but stable since Node 0.x): the only way to share one copy across callers.
const resolver =
	/** @type {{ _resolveFilename: (request: string, parent: unknown, ...rest: unknown[]) => string }} */ (
		/** @type {unknown} */ (Module)
	);
const originalResolve = resolver._resolveFilename;
resolver._resolveFilename = function resolveShared(
	/** @type {string} */ request,
	/** @type {unknown} */ parent,
	/** @type {unknown[]} */ ...rest
) {
	const shared = resolvedShared.get(request);
	if (shared) return shared;
	return originalResolve.call(this, request, parent, ...rest);
};

for (const name of [
	'HTTP_PROXY',
	'HTTPS_PROXY',
	'ALL_PROXY',
	'http_proxy',
	'https_proxy',
	'all_proxy',
])
	delete process.env[name];
process.env.NO_PROXY = '*';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const guard = { refused: /** @type {string[]} */ ([]) };
const originalConnect = net.Socket.prototype.connect;
/** @type {(this: net.Socket, ...args: any[]) => net.Socket} */
const loopbackOnly = function (...args) {
	const first = Array.isArray(args[0]) ? args[0][0] : args[0];
	const options =
		first !== null && typeof first === 'object'
			? first
			: { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
	if (options.path === undefined) {
		const host = options.host ?? 'localhost';
		if (!LOOPBACK.has(host) && !/^127\./.test(host)) {
			guard.refused.push(`${host}:${options.port}`);
			throw new Error(
				`bench: refused a connection to ${host}:${options.port}; only loopback is allowed`,
			);
		}
	}
	return originalConnect.apply(this, /** @type {Parameters<net.Socket['connect']>} */ (args));
};
net.Socket.prototype.connect = /** @type {net.Socket['connect']} */ (loopbackOnly);

const TWILIO_API_ORIGIN = 'https://api.twilio.com';
const redirect = { target: /** @type {string | undefined} */ (undefined), count: 0 };
const memory = {
	on: false,
	ledger: /** @type {Array<{ to: string | null, body: string | null }>} */ ([]),
	requests: 0,
};
let sequence = 0;

/** What the bench reads and sets of an axios request config. @typedef {{ method: string, url: string, data?: unknown, auth?: { username?: string, password?: string }, adapter?: unknown }} AxiosConfig */

/** Answers like the sandbox's POST /Messages.json (same JSON shape and size), from memory. @param {AxiosConfig} config */
function memoryAdapter(config) {
	memory.requests += 1;
	const form = new URLSearchParams(typeof config.data === 'string' ? config.data : '');
	const accountSid = /\/Accounts\/(AC[0-9a-f]{32})\//.exec(config.url)?.[1];
	if (
		config.method !== 'post' ||
		!accountSid ||
		!/\/Messages\.json$/.test(config.url.split('?')[0])
	) {
		return Promise.reject(
			new Error(`bench memory transport: unexpected ${config.method} ${config.url}`),
		);
	}
	if (!config.auth?.username || !config.auth?.password)
		return Promise.reject(new Error('bench memory transport: request without credentials'));
	const sid = `SM${(++sequence).toString(16).padStart(32, '0')}`;
	const to = form.get('To');
	memory.ledger.push({ to, body: form.get('Body') });
	const now = new Date().toUTCString().replace('GMT', '+0000');
	const base = `/2010-04-01/Accounts/${accountSid}/Messages/${sid}`;
	const data = JSON.stringify({
		account_sid: accountSid,
		api_version: '2010-04-01',
		body: form.get('Body'),
		date_created: now,
		date_sent: null,
		date_updated: now,
		direction: 'outbound-api',
		error_code: null,
		error_message: null,
		from: form.get('From'),
		messaging_service_sid: form.get('MessagingServiceSid'),
		num_media: '0',
		num_segments: '1',
		price: null,
		price_unit: 'USD',
		sid,
		status: 'queued',
		subresource_uris: { media: `${base}/Media.json`, feedback: `${base}/Feedback.json` },
		to,
		uri: `${base}.json`,
	});
	return Promise.resolve({
		data,
		status: 201,
		statusText: 'Created',
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-length': String(Buffer.byteLength(data)),
		},
		config,
		request: {},
	});
}

/** Switches the in-memory transport on (with an empty ledger) or off (keeping the ledger to check). @param {boolean} on */
function useMemoryTransport(on) {
	memory.on = on;
	if (on) {
		memory.ledger = [];
		memory.requests = 0;
	}
}

function installTwilioRedirect() {
	const axiosPath = require.resolve('axios', {
		paths: [path.dirname(require.resolve('n8n-core', { paths: [BENCH_MODULES] }))],
	});
	const axios = require(axiosPath);
	(axios.default ?? axios).interceptors.request.use((/** @type {AxiosConfig} */ config) => {
		if (typeof config.url === 'string' && config.url.startsWith(`${TWILIO_API_ORIGIN}/`)) {
			if (!redirect.target)
				throw new Error(
					'bench: a request to api.twilio.com before the sandbox was set as its target',
				);
			config.url = `${redirect.target}${config.url.slice(TWILIO_API_ORIGIN.length)}`;
			redirect.count += 1;
		}
		if (memory.on) config.adapter = memoryAdapter;
		return config;
	});
}

/** Points https://api.twilio.com at this base URL (the sandbox) from now on. @param {string} baseUrl */
function redirectTwilioTo(baseUrl) {
	const { hostname } = new URL(baseUrl);
	if (!LOOPBACK.has(hostname.replace(/^\[|\]$/g, '')))
		throw new Error(`bench: ${baseUrl} is not a loopback URL`);
	redirect.target = baseUrl.replace(/\/+$/, '');
}

if (!process.env.N8N_USER_FOLDER) {
	const { mkdtempSync } = require('fs');
	const { tmpdir } = require('os');
	process.env.N8N_USER_FOLDER = mkdtempSync(path.join(tmpdir(), 'n8n-twilio-bench-'));
}
process.env.N8N_LOG_LEVEL ??= 'silent';

require('reflect-metadata');
installTwilioRedirect();

module.exports = { redirectTwilioTo, redirect, guard, memory, useMemoryTransport, BENCH_MODULES };
