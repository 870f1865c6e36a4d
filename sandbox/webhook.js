// @ts-check
'use strict';

const http = require('http');
const https = require('https');
const { randomUUID } = require('crypto');
const { twilioSignature } = require('./signature');

/**
 * Twilio's webhook connection overrides, read from the URL fragment
 * (`https://host/path#rc=3&rp=5xx,ct&ct=1000&rt=3000&tt=8000&e=dublin`). Defaults and bounds are
 * Twilio's; out-of-range values are clamped. The fragment never goes on the wire.
 * @typedef {{ retryCount: number, retryPolicy: Set<string>, connectTimeout: number, readTimeout: number,
 *   totalTimeout: number, edge: string | null }} Overrides
 */
const LIMITS = {
	rc: { field: 'retryCount', min: 0, max: 5, fallback: 1 },
	ct: { field: 'connectTimeout', min: 100, max: 10000, fallback: 5000 },
	rt: { field: 'readTimeout', min: 100, max: 15000, fallback: 15000 },
	tt: { field: 'totalTimeout', min: 100, max: 15000, fallback: 15000 },
};
const POLICIES = ['4xx', '5xx', 'ct', 'rt', 'all'];

/** @param {string} url @returns {{ wireUrl: string, overrides: Overrides }} */
function parseOverrides(url) {
	const hashAt = url.indexOf('#');
	const wireUrl = hashAt === -1 ? url : url.slice(0, hashAt);
	const fragment = new URLSearchParams(hashAt === -1 ? '' : url.slice(hashAt + 1));
	/** @type {any} */
	const overrides = { retryPolicy: new Set(['ct', 'rt']), edge: fragment.get('e') };
	for (const [key, { field, min, max, fallback }] of Object.entries(LIMITS)) {
		const raw = fragment.get(key);
		const value =
			raw === null || raw === '' || Number.isNaN(Number(raw)) ? fallback : Math.trunc(Number(raw));
		overrides[field] = Math.min(max, Math.max(min, value));
	}
	const rp = fragment.get('rp');
	if (rp) overrides.retryPolicy = new Set(rp.split(',').filter((p) => POLICIES.includes(p)));
	return { wireUrl, overrides };
}

/** @param {string} hostname */
function isLoopback(hostname) {
	return hostname === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(hostname) || hostname === '[::1]';
}

/**
 * @typedef {{ status: number | null, failure: 'ct' | 'rt' | '4xx' | '5xx' | null, error: string | null,
 *   contentType: string | null, body: string | null }} AttemptResult
 */

/**
 * One HTTP request with Twilio's two timeouts: `ct` until connected, `rt` until the answer
 * starts and between its chunks.
 * @param {URL} target
 * @param {{ method: string, headers: Record<string, string>, body: string | null, connectTimeout: number, readTimeout: number,
 *   signal?: AbortSignal }} o
 * @returns {Promise<AttemptResult>}
 */
function attempt(target, o) {
	return new Promise((resolve) => {
		const lib = target.protocol === 'https:' ? https : http;
		/** @type {NodeJS.Timeout | undefined} */
		let timer;
		let done = false;
		/** @param {AttemptResult} result */
		const finish = (result) => {
			if (done) return;
			done = true;
			clearTimeout(timer);
			resolve(result);
		};
		const req = lib.request(target, {
			method: o.method,
			headers: o.headers,
			agent: false,
			signal: o.signal,
		});
		/** @param {number} ms @param {'ct' | 'rt'} kind */
		const arm = (ms, kind) => {
			clearTimeout(timer);
			timer = setTimeout(() => {
				finish({
					status: null,
					failure: kind,
					error: kind === 'ct' ? 'connect timeout' : 'read timeout',
					contentType: null,
					body: null,
				});
				req.destroy();
			}, ms);
		};
		arm(o.connectTimeout, 'ct');
		req.on('socket', (socket) => socket.once('connect', () => arm(o.readTimeout, 'rt')));
		req.on('response', (res) => {
			arm(o.readTimeout, 'rt');
			/** @type {Buffer[]} */
			const chunks = [];
			res.on('data', (chunk) => {
				chunks.push(chunk);
				arm(o.readTimeout, 'rt');
			});
			res.on('end', () => {
				const status = res.statusCode ?? 0;
				const failure = status >= 500 ? '5xx' : status >= 400 ? '4xx' : null;
				finish({
					status,
					failure,
					error: null,
					contentType: res.headers['content-type'] ?? null,
					body: Buffer.concat(chunks).toString('utf8'),
				});
			});
			res.on('error', (err) =>
				finish({ status: null, failure: 'rt', error: err.message, contentType: null, body: null }),
			);
		});
		// A connection refused or reset before any answer counts as a connection failure.
		req.on('error', (err) => {
			const aborted = err.name === 'AbortError';
			finish({
				status: null,
				failure: aborted ? null : 'ct',
				error: aborted ? 'aborted' : (/** @type {any} */ (err).code ?? err.message),
				contentType: null,
				body: null,
			});
		});
		req.end(o.body ?? undefined);
	});
}

/**
 * @typedef {{ attempt: number, url: string, wireUrl: string, method: string, params: Record<string, string | string[]>,
 *   signature: string, idempotencyToken: string, status: number | null, error: string | null,
 *   contentType: string | null, body: string | null, durationMs: number, at: string }} AttemptRecord
 */

/**
 * Sends a webhook as Twilio does: form-encoded (or as a query string for GET), signed with the
 * account's Auth Token, retried per the URL's connection overrides with the same idempotency
 * token on every attempt.
 * @param {{ url: string, method?: string, params: Record<string, string | string[]>, authToken: string,
 *   signFragment: boolean, allowNonLocal: boolean, retryDelayMs: number, now: () => number,
 *   onAttempt?: (record: AttemptRecord) => void, signal?: AbortSignal }} o
 * @returns {Promise<AttemptRecord[]>}
 */
async function deliverWebhook(o) {
	const method = (o.method ?? 'POST').toUpperCase() === 'GET' ? 'GET' : 'POST';
	const { wireUrl: baseWireUrl, overrides } = parseOverrides(o.url);
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(o.params)) {
		for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
	}
	const query =
		method === 'GET' && [...form.keys()].length
			? (baseWireUrl.includes('?') ? '&' : '?') + form.toString()
			: '';
	const wireUrl = baseWireUrl + query;
	const fragment = o.url.slice(baseWireUrl.length);
	const signedUrl = wireUrl + (o.signFragment ? fragment : '');
	const signature = twilioSignature(o.authToken, signedUrl, method === 'GET' ? {} : o.params);
	const idempotencyToken = randomUUID();
	const body = method === 'POST' ? form.toString() : null;
	/** @type {Record<string, string>} */
	const headers = {
		'X-Twilio-Signature': signature,
		'I-Twilio-Idempotency-Token': idempotencyToken,
		'User-Agent': 'TwilioProxy/1.1',
		Accept: '*/*',
		'Cache-Control': 'max-age=259200',
		'X-Home-Region': 'us1',
	};
	if (body !== null) {
		headers['Content-Type'] = 'application/x-www-form-urlencoded; charset=utf-8';
		headers['Content-Length'] = String(Buffer.byteLength(body));
	}

	/** @type {AttemptRecord[]} */
	const records = [];
	const started = Date.now();
	for (let n = 1; n <= overrides.retryCount + 1; n += 1) {
		const remaining = overrides.totalTimeout - (Date.now() - started);
		if ((n > 1 && remaining <= 0) || o.signal?.aborted) break;
		const attemptStart = Date.now();
		/** @type {AttemptResult} */
		let result;
		/** @type {URL | null} */
		let target = null;
		try {
			target = new URL(wireUrl);
		} catch {
			target = null;
		}
		if (!target || !/^https?:$/.test(target.protocol)) {
			result = { status: null, failure: null, error: 'invalid URL', contentType: null, body: null };
		} else if (!o.allowNonLocal && !isLoopback(target.hostname)) {
			result = {
				status: null,
				failure: null,
				error: 'blocked: only loopback webhook hosts are allowed',
				contentType: null,
				body: null,
			};
		} else {
			result = await attempt(target, {
				method,
				headers,
				body,
				connectTimeout: Math.min(overrides.connectTimeout, remaining),
				readTimeout: Math.min(overrides.readTimeout, remaining),
				signal: o.signal,
			});
		}
		const record = {
			attempt: n,
			url: o.url,
			wireUrl,
			method,
			params: o.params,
			signature,
			idempotencyToken,
			status: result.status,
			error: result.error,
			contentType: result.contentType,
			body: result.body,
			durationMs: Date.now() - attemptStart,
			at: new Date(o.now()).toISOString(),
		};
		records.push(record);
		o.onAttempt?.(record);
		const retry =
			result.failure &&
			(overrides.retryPolicy.has('all') || overrides.retryPolicy.has(result.failure));
		if (!retry) break;
		if (o.retryDelayMs > 0 && n <= overrides.retryCount)
			await new Promise((r) => setTimeout(r, o.retryDelayMs));
	}
	return records;
}

/** Whether the last attempt got a 2xx/3xx answer. @param {AttemptRecord[]} records */
function succeeded(records) {
	const last = records[records.length - 1];
	return Boolean(last && last.status !== null && last.status < 400);
}

module.exports = { deliverWebhook, parseOverrides, succeeded };
