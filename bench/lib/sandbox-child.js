// @ts-check
'use strict';
/**
 * The sandbox in its own process, so its CPU (parsing, validation, the ledger, status timers) is
 * not counted as the nodes' CPU. Listens on 127.0.0.1 only; driven over IPC by lib/sandbox.js.
 */
const path = require('path');
const { startSandbox } = require(path.join(__dirname, '..', '..', 'sandbox'));

/** @type {import('../../sandbox').Sandbox | undefined} */
let sandbox;

/** The sandbox once started; a command before `start` is a bench bug. */
function started() {
	if (!sandbox) throw new Error('bench sandbox: not started');
	return sandbox;
}

/** @type {Record<string, (payload: any) => Promise<unknown>>} */
const commands = {
	async start(options) {
		const created = await startSandbox({
			host: '127.0.0.1',
			port: 0,
			// Status steps far in the future: messages stay queued, so the sandbox does no status work
			// (and sends no callbacks) while the nodes are being measured.
			timing: { stepMs: 24 * 3600 * 1000 },
			faults: options.faults,
		});
		sandbox = created;
		return { url: created.url };
	},
	async faults(faults) {
		started().setFaults(faults);
		return started().getFaults();
	},
	async reset() {
		started().reset();
		return started().stats();
	},
	async stats() {
		const cpu = process.cpuUsage();
		return { ...started().stats(), cpuMs: (cpu.user + cpu.system) / 1000 };
	},
	async close() {
		await sandbox?.close();
		return true;
	},
};

process.on(
	'message',
	async (
		/** @type {{ id: number, command: string, payload?: unknown }} */ { id, command, payload },
	) => {
		const reply = (/** @type {import('./sandbox').Reply} */ message) => process.send?.(message);
		try {
			const run = commands[command];
			if (!run) throw new Error(`bench sandbox: unknown command ${command}`);
			reply({ id, ok: true, value: await run(payload) });
		} catch (error) {
			reply({ id, ok: false, error: String(error?.stack ?? error) });
		}
		if (command === 'close') process.disconnect();
	},
);
process.on('disconnect', () => process.exit(0));
