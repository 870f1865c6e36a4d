// @ts-check
'use strict';

const http = require('http');
const { EventEmitter } = require('events');
const { State, loadSeed } = require('./state');
const { Clock } = require('./time');
const { createRng } = require('./rng');
const { Faults } = require('./faults');
const { Lifecycle } = require('./lifecycle');
const { createRequestListener } = require('./server');
const { createControl } = require('./control');
const { simulateInbound } = require('./inbound');
const { ledgerView } = require('./ledger');
const { createPhone, isPhonePath } = require('./phone');

/**
 * @typedef {object} SandboxOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [host] default 127.0.0.1
 * @property {object | string} [seed] a seed object or the path of a seed JSON file (default: seed.default.json)
 * @property {number | [number, number]} [latencyMs] shortcut for faults.latencyMs
 * @property {Partial<import('./faults').FaultConfig>} [faults]
 * @property {Partial<import('./lifecycle').Timing>} [timing] stepMs between statuses (default [50, 200]),
 *   retryDelayMs between webhook retries (default 100), read (WhatsApp/RCS reach `read`, default true)
 * @property {boolean} [scheduleImmediately] release scheduled messages at once instead of at SendAt
 * @property {boolean} [signFragment] sign webhook URLs with their connection-override fragment (default false:
 *   the URL that goes on the wire is signed)
 * @property {boolean} [allowNonLocalWebhooks] let webhooks go to hosts other than loopback (default false)
 * @property {number} [rngSeed] seed of the timing jitter (default 1)
 */

class Sandbox extends EventEmitter {
	/** @param {SandboxOptions} options */
	constructor(options) {
		super();
		this.options = options;
		this.state = new State(loadSeed(options.seed));
		this.clock = new Clock();
		this.faults = new Faults({
			...options.faults,
			...(options.latencyMs !== undefined ? { latencyMs: options.latencyMs } : {}),
		});
		/** Aborts webhooks still on the wire when the sandbox closes. */
		this.shutdown = new AbortController();
		this.webhooks = {
			signFragment: options.signFragment ?? false,
			allowNonLocal: options.allowNonLocalWebhooks ?? false,
			signal: this.shutdown.signal,
		};
		this.timing = { stepMs: [50, 200], retryDelayMs: 100, read: true, ...options.timing };
		/** @type {(event: string, payload: any) => void} */
		const emit = (event, payload) => {
			this.emit(event, payload);
		};
		this.lifecycle = new Lifecycle({
			state: this.state,
			clock: this.clock,
			rng: createRng(options.rngSeed ?? 1),
			timing: /** @type {import('./lifecycle').Timing} */ (this.timing),
			scheduleImmediately: options.scheduleImmediately ?? false,
			webhooks: this.webhooks,
			emit,
		});
		const ctx = {
			state: this.state,
			clock: this.clock,
			lifecycle: this.lifecycle,
			faults: this.faults,
			emit,
			baseUrl: () => this.url,
		};
		this.server = http.createServer(
			createRequestListener(ctx, createControl(this), {
				matches: isPhonePath,
				handle: createPhone(this),
			}),
		);
		this.url = '';
		this.port = 0;
	}

	/** @param {number} port @param {string} host */
	async listen(port, host) {
		await new Promise((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(port, host, () => resolve(undefined));
		});
		const address = /** @type {import('net').AddressInfo} */ (this.server.address());
		this.port = address.port;
		this.url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
	}

	/** Stops the server, every pending status step and timer, and open connections. */
	async close() {
		this.clock.clear();
		this.lifecycle.reset();
		this.shutdown.abort();
		await new Promise((resolve) => {
			this.server.close(() => resolve(undefined));
			this.server.closeAllConnections();
		});
	}

	/** Back to the seed: resources as seeded, no messages, ledger, callbacks or inbound records; stats zeroed. */
	reset() {
		this.clock.clear();
		this.lifecycle.reset();
		this.state.load();
		this.faults.resetStats();
	}

	/** Forgets messages, ledger, callbacks and inbound records but keeps changed numbers and services. */
	clearMessages() {
		this.clock.clear();
		this.lifecycle.reset();
		this.state.messages.clear();
		this.state.ledger.length = 0;
		this.state.callbacks.length = 0;
		this.state.inbound.length = 0;
	}

	/** @param {Partial<import('./faults').FaultConfig>} faults */
	setFaults(faults) {
		this.faults.set(faults);
	}

	clearFaults() {
		this.faults.clear();
	}

	getFaults() {
		return { ...this.faults.config };
	}

	stats() {
		return { ...this.faults.stats };
	}

	ledger() {
		return this.state.ledger.map(ledgerView);
	}

	callbacks() {
		return [...this.state.callbacks];
	}

	inboundLog() {
		return [...this.state.inbound];
	}

	/** @param {import('./inbound').InboundOptions} options */
	simulateInbound(options) {
		return simulateInbound(
			{
				state: this.state,
				clock: this.clock,
				base: this.url,
				webhooks: this.webhooks,
				retryDelayMs: this.timing.retryDelayMs ?? 100,
				emit: (e, p) => {
					this.emit(e, p);
				},
			},
			options,
		);
	}

	/** Moves the sandbox clock forward, releasing scheduled messages that became due. @param {number} ms */
	advanceTime(ms) {
		this.clock.advance(ms);
	}

	now() {
		return this.clock.now();
	}

	/**
	 * Resolves once `check()` is true, re-checking whenever a message, status, callback or inbound
	 * delivery happens.
	 * @param {() => boolean} check
	 * @param {number} [timeoutMs]
	 */
	waitFor(check, timeoutMs = 5000) {
		return new Promise((resolve, reject) => {
			const events = ['message', 'status', 'callback', 'inbound'];
			const done = (/** @type {Error | null} */ error) => {
				clearTimeout(timer);
				for (const e of events) this.off(e, probe);
				if (error) reject(error);
				else resolve(undefined);
			};
			const probe = () => {
				if (check()) done(null);
			};
			const timer = setTimeout(
				() => done(new Error(`waitFor: condition not met within ${timeoutMs} ms`)),
				timeoutMs,
			);
			for (const e of events) this.on(e, probe);
			probe();
		});
	}

	/** @param {string} sid @param {string} status @param {number} [timeoutMs] */
	waitForStatus(sid, status, timeoutMs) {
		return this.waitFor(() => this.state.messages.get(sid)?.status === status, timeoutMs);
	}

	/** Resolves when every queued status callback has been delivered or given up. */
	settled() {
		return this.lifecycle.settled();
	}
}

/**
 * Starts a local fake Twilio. One base URL stands for api.twilio.com, content.twilio.com and
 * messaging.twilio.com.
 * @param {SandboxOptions} [options]
 * @returns {Promise<Sandbox>}
 */
async function startSandbox(options = {}) {
	const sandbox = new Sandbox(options);
	await sandbox.listen(options.port ?? 0, options.host ?? '127.0.0.1');
	return sandbox;
}

module.exports = { startSandbox, Sandbox };
