// @ts-check
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');

/**
 * @typedef {{ name: string, pid: number, log: string, child: import('child_process').ChildProcess,
 *   exited: Promise<number | null>, exitCode: () => number | null | undefined }} Started
 */

const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts long-running processes with their output in log files and stops them by PID, last
 * started first. Each child gets its own process group, so a Ctrl-C in the terminal reaches only
 * the script, which then stops the children in order.
 */
class Processes {
	/** @param {string} logDir */
	constructor(logDir) {
		this.logDir = logDir;
		/** @type {Started[]} */
		this.started = [];
		/** @type {Started[]} every process ever started, for the failure report */
		this.all = [];
		fs.mkdirSync(logDir, { recursive: true });
	}

	/**
	 * @param {string} name also the log file's name
	 * @param {string} command
	 * @param {string[]} args
	 * @param {{ env?: NodeJS.ProcessEnv, cwd?: string }} [options]
	 * @returns {Started}
	 */
	start(name, command, args, options = {}) {
		const log = path.join(this.logDir, `${name}.log`);
		fs.mkdirSync(this.logDir, { recursive: true });
		const fd = fs.openSync(log, 'a');
		const child = spawn(command, args, {
			env: options.env ?? process.env,
			cwd: options.cwd,
			stdio: ['ignore', fd, fd],
			detached: true,
		});
		fs.closeSync(fd);
		if (child.pid === undefined) throw new Error(`could not start ${name} (${command})`);
		/** @type {number | null | undefined} */
		let code;
		const exited = new Promise((resolve) => {
			child.on('exit', (exitCode, signal) => {
				code = exitCode ?? (signal ? 128 : null);
				resolve(code);
			});
			child.on('error', () => {
				code = 1;
				resolve(1);
			});
		});
		const started = { name, pid: child.pid, log, child, exited, exitCode: () => code };
		this.started.push(started);
		this.all.push(started);
		return started;
	}

	/** SIGTERM by PID, then SIGKILL after `graceMs`. @param {Started} proc */
	async stop(proc, graceMs = 40000) {
		if (proc.exitCode() === undefined) {
			try {
				process.kill(proc.pid, 'SIGTERM');
			} catch {
				// already gone
			}
			let timer;
			const done = await Promise.race([
				proc.exited.then(() => true),
				new Promise((resolve) => {
					timer = setTimeout(() => resolve(false), graceMs);
				}),
			]);
			clearTimeout(timer);
			if (!done) {
				try {
					process.kill(proc.pid, 'SIGKILL');
				} catch {
					// already gone
				}
				await proc.exited;
			}
		}
		this.started = this.started.filter((p) => p !== proc);
	}

	async stopAll() {
		for (const proc of [...this.started].reverse()) await this.stop(proc);
	}

	/**
	 * On Ctrl-C or SIGTERM (once): runs `before` (closing a browser), stops every process started,
	 * exits 130, so an interrupted run leaves no server behind.
	 * @param {() => unknown} [before]
	 */
	stopAllOnSignal(before = () => undefined) {
		let stopping = false;
		for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
			process.on(signal, () => {
				if (stopping) return;
				stopping = true;
				console.log(`\n# ${signal}: stopping every process started`);
				Promise.resolve()
					.then(before)
					.catch(() => undefined)
					.finally(() => this.stopAll().finally(() => process.exit(130)));
			});
		}
	}

	/** The last lines of a process's log. @param {Started} proc */
	tail(proc, lines = 40) {
		try {
			return fs.readFileSync(proc.log, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
		} catch {
			return '(no log)';
		}
	}

	/** The log tails of every process started so far, for a failure report. */
	tails(lines = 40) {
		return this.all
			.map(
				(proc) =>
					`----- ${proc.name} (pid ${proc.pid}), last ${lines} lines of ${proc.log}\n${this.tail(proc, lines)}`,
			)
			.join('\n');
	}
}

/**
 * Runs `check` until it returns a truthy value or the time is up; the last error or value is
 * in the timeout message.
 * @template T
 * @param {string} what
 * @param {() => Promise<T> | T} check
 * @param {{ timeoutMs?: number, intervalMs?: number }} [options]
 * @returns {Promise<NonNullable<T>>}
 */
async function waitFor(what, check, { timeoutMs = 30000, intervalMs = 250 } = {}) {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	for (;;) {
		try {
			const value = await check();
			if (value) return /** @type {NonNullable<T>} */ (value);
			last = '';
		} catch (error) {
			last = `: ${/** @type {Error} */ (error).message}`;
		}
		if (Date.now() > deadline)
			throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}${last}`);
		await sleep(intervalMs);
	}
}

module.exports = { Processes, waitFor, sleep };
