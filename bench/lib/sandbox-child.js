'use strict';
/**
 * The sandbox in its own process, so its CPU (parsing, validation, the ledger, status timers) is
 * not counted as the nodes' CPU. Listens on 127.0.0.1 only; driven over IPC by lib/sandbox.js.
 */
const path = require('path');
const { startSandbox } = require(path.join(__dirname, '..', '..', 'sandbox'));

let sandbox;

const commands = {
	async start(options) {
		sandbox = await startSandbox({
			host: '127.0.0.1',
			port: 0,
			// Status steps far in the future: messages stay queued, so the sandbox does no status work
			// (and sends no callbacks) while the nodes are being measured.
			timing: { stepMs: 24 * 3600 * 1000 },
			faults: options.faults,
		});
		return { url: sandbox.url };
	},
	async faults(faults) {
		sandbox.setFaults(faults);
		return sandbox.getFaults();
	},
	async reset() {
		sandbox.reset();
		return sandbox.stats();
	},
	async stats() {
		const cpu = process.cpuUsage();
		return { ...sandbox.stats(), cpuMs: (cpu.user + cpu.system) / 1000 };
	},
	async close() {
		await sandbox?.close();
		return true;
	},
};

process.on('message', async ({ id, command, payload }) => {
	try {
		process.send({ id, ok: true, value: await commands[command](payload) });
	} catch (error) {
		process.send({ id, ok: false, error: String(error?.stack ?? error) });
	}
	if (command === 'close') process.disconnect();
});
process.on('disconnect', () => process.exit(0));
