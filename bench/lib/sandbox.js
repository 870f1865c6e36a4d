'use strict';
const { fork } = require('child_process');
const http = require('http');
const path = require('path');

/** Starts the sandbox in a child process on 127.0.0.1 and returns a handle to drive it. */
async function startSandboxProcess(faults) {
	const child = fork(path.join(__dirname, 'sandbox-child.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [] });
	const pending = new Map();
	let next = 0;
	child.on('message', ({ id, ok, value, error }) => {
		const call = pending.get(id);
		pending.delete(id);
		if (ok) call.resolve(value);
		else call.reject(new Error(error));
	});
	child.on('exit', (code) => {
		for (const call of pending.values()) call.reject(new Error(`sandbox process exited (${code})`));
		pending.clear();
	});
	const send = (command, payload) =>
		new Promise((resolve, reject) => {
			const id = ++next;
			pending.set(id, { resolve, reject });
			child.send({ id, command, payload });
		});
	const { url } = await send('start', { faults });
	return {
		url,
		setFaults: (value) => send('faults', value),
		reset: () => send('reset'),
		stats: () => send('stats'),
		/** The ledger through the sandbox's documented control endpoint, GET /sandbox/messages. */
		ledger: () => getJson(`${url}/sandbox/messages`).then((body) => body.messages),
		close: async () => {
			if (child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			await send('close').catch(() => undefined);
			await exited;
		},
	};
}

function getJson(url) {
	return new Promise((resolve, reject) => {
		http
			.get(url, (res) => {
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
