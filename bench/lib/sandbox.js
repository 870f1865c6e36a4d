// @ts-check
'use strict';
const { fork } = require('child_process');
const http = require('http');
const path = require('path');

/** @typedef {{ id: number, ok: boolean, value?: any, error?: string }} Reply */

/**
 * Starts the sandbox in a child process on 127.0.0.1 and returns a handle to drive it.
 * @param {Record<string, unknown>} faults
 */
async function startSandboxProcess(faults) {
	const child = fork(path.join(__dirname, 'sandbox-child.js'), [], {
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		execArgv: [],
	});
	/** @type {Map<number, { resolve: (value: any) => void, reject: (error: Error) => void }>} */
	const pending = new Map();
	let next = 0;
	child.on('message', (/** @type {Reply} */ { id, ok, value, error }) => {
		const call = pending.get(id);
		if (!call) return;
		pending.delete(id);
		if (ok) call.resolve(value);
		else call.reject(new Error(error));
	});
	child.on('exit', (code) => {
		for (const call of pending.values()) call.reject(new Error(`sandbox process exited (${code})`));
		pending.clear();
	});
	/** @type {(command: string, payload?: unknown) => Promise<any>} */
	const send = (command, payload) =>
		new Promise((resolve, reject) => {
			const id = ++next;
			pending.set(id, { resolve, reject });
			child.send({ id, command, payload });
		});
	const { url } = await send('start', { faults });
	return {
		url,
		setFaults: (/** @type {Record<string, unknown>} */ value) => send('faults', value),
		reset: () => send('reset'),
		stats: () => send('stats'),
		/** The ledger through the sandbox's documented control endpoint, GET /sandbox/messages. */
		/** @returns {Promise<Array<{ to: string, body: string }>>} */
		ledger: () => getJson(`${url}/sandbox/messages`).then((body) => body.messages),
		close: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			await send('close').catch(() => undefined);
			await exited;
		},
	};
}

/** @param {string} url @returns {Promise<any>} */
function getJson(url) {
	return new Promise((resolve, reject) => {
		http
			.get(url, (res) => {
				/** @type {Buffer[]} */
				const chunks = [];
				res.on('data', (chunk) => chunks.push(chunk));
				res.on('end', () => {
					try {
						resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
					} catch (error) {
						reject(error);
					}
				});
			})
			.on('error', reject);
	});
}

module.exports = { startSandboxProcess };
