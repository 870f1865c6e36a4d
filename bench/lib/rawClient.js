// @ts-check
'use strict';
/**
 * The transport's own ceiling: a bare Node http client (no n8n, no node code) sending the same
 * form bodies to the same sandbox with the same number of requests in flight, a new connection
 * per request as n8n-core's HTTP helper makes. No node can beat it; it shows how much of the gap
 * to concurrency ÷ latency is the sandbox and loopback rather than the node.
 */
const http = require('http');
const { ACCOUNT_SID, API_KEY_SID, API_KEY_SECRET, FROM, expectedBody } = require('./nodes');

/**
 * @param {string} sandboxUrl
 * @param {import('./nodes').BenchItem[]} items
 * @param {number} concurrency
 */
async function rawClientRun(sandboxUrl, items, concurrency) {
	const { hostname, port } = new URL(sandboxUrl);
	const authorization = `Basic ${Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString('base64')}`;
	const path = `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`;
	const send = (/** @type {import('./nodes').BenchItem} */ item) =>
		new Promise((resolve, reject) => {
			const body = new URLSearchParams({
				To: item.phone,
				From: FROM,
				Body: expectedBody(item),
			}).toString();
			const request = http.request(
				{
					host: hostname,
					port,
					method: 'POST',
					path,
					agent: new http.Agent(),
					headers: {
						authorization,
						'content-type': 'application/x-www-form-urlencoded',
						'content-length': Buffer.byteLength(body),
					},
				},
				(response) => {
					/** @type {Buffer[]} */
					const chunks = [];
					response.on('data', (chunk) => chunks.push(chunk));
					response.on('end', () =>
						response.statusCode === 201
							? resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
							: reject(new Error(`raw client: HTTP ${response.statusCode}`)),
					);
				},
			);
			request.on('error', reject);
			request.end(body);
		});
	let next = 0;
	const cpu = process.cpuUsage();
	const start = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: Math.min(concurrency, items.length) }, async () => {
			while (next < items.length) await send(items[next++]);
		}),
	);
	const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
	const used = process.cpuUsage(cpu);
	return {
		wallMs,
		messagesPerSecond: items.length / (wallMs / 1000),
		cpuMsPerMessage: (used.user + used.system) / 1000 / items.length,
	};
}

module.exports = { rawClientRun };
