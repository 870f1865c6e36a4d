// @ts-check
'use strict';

const { createRng, pickDuration } = require('./rng');
const { ApiError } = require('./errors');

/**
 * Fault and load knobs, applied to API requests only.
 * - latencyMs: time from a request's arrival to its answer, a number or a [min, max] range
 * - concurrencyLimit: requests in flight beyond it get 429 / 20429 with Retry-After (0 = off)
 * - rate503 / next503: share of requests (0–1), or the next N requests, answered 503 / 20503
 * - resetBeforeRate / resetBeforeNext: connection destroyed before the request is processed
 * - resetAfterRate / resetAfterNext: request processed (a message is recorded), then the
 *   connection destroyed instead of answering
 * - seed: seed of the random choices, so a rate gives the same sequence every run
 * @typedef {{ latencyMs: number | [number, number], concurrencyLimit: number, retryAfterSeconds: number,
 *   rate503: number, next503: number, resetBeforeRate: number, resetBeforeNext: number,
 *   resetAfterRate: number, resetAfterNext: number, seed: number }} FaultConfig
 */

/** @type {FaultConfig} */
const DEFAULT_FAULTS = {
	latencyMs: 0,
	concurrencyLimit: 0,
	retryAfterSeconds: 1,
	rate503: 0,
	next503: 0,
	resetBeforeRate: 0,
	resetBeforeNext: 0,
	resetAfterRate: 0,
	resetAfterNext: 0,
	seed: 1,
};

const RATES = ['rate503', 'resetBeforeRate', 'resetAfterRate'];

/** @param {string} key @param {unknown} value */
function checkValue(key, value) {
	if (key === 'latencyMs' && Array.isArray(value)) {
		if (
			value.length === 2 &&
			value.every((v) => Number.isFinite(v) && v >= 0) &&
			value[0] <= value[1]
		)
			return;
		throw new Error('latencyMs must be a number of ms or a [min, max] range');
	}
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
		throw new Error(`${key} must be a number ≥ 0`);
	if (RATES.includes(key) && value > 1)
		throw new Error(`${key} is a share of requests, from 0 to 1`);
}

const zeroStats = () => ({
	requests: 0,
	inFlight: 0,
	inFlightPeak: 0,
	status429: 0,
	status503: 0,
	resetsBeforeProcessing: 0,
	resetsAfterProcessing: 0,
});

class Faults {
	/** @param {Partial<FaultConfig>} [initial] */
	constructor(initial) {
		/** @type {FaultConfig} */
		this.config = { ...DEFAULT_FAULTS };
		this.rng = createRng(this.config.seed);
		this.stats = zeroStats();
		if (initial) this.set(initial);
	}

	/** Changes some knobs, keeping the others. @param {Partial<FaultConfig>} partial */
	set(partial) {
		for (const [key, value] of Object.entries(partial)) {
			if (!(key in DEFAULT_FAULTS)) throw new Error(`unknown fault knob "${key}"`);
			checkValue(key, value);
		}
		Object.assign(this.config, partial);
		if ('seed' in partial) this.rng = createRng(this.config.seed);
	}

	clear() {
		this.config = { ...DEFAULT_FAULTS };
		this.rng = createRng(this.config.seed);
	}

	resetStats() {
		this.stats = { ...zeroStats(), inFlight: this.stats.inFlight };
	}

	/** Whether this request gets a fault: the "next N" counter first, then the random rate. @param {'503' | 'resetBefore' | 'resetAfter'} kind */
	take(kind) {
		const nextKey = /** @type {'next503' | 'resetBeforeNext' | 'resetAfterNext'} */ (
			kind === '503' ? 'next503' : `${kind}Next`
		);
		const rateKey = /** @type {'rate503' | 'resetBeforeRate' | 'resetAfterRate'} */ (
			kind === '503' ? 'rate503' : `${kind}Rate`
		);
		if (this.config[nextKey] > 0) {
			this.config[nextKey] -= 1;
			return true;
		}
		return this.config[rateKey] > 0 && this.rng() < this.config[rateKey];
	}

	/**
	 * Runs an API request through the knobs: the concurrency gate, a reset before processing, then
	 * either a 503 or the processing itself, answered once the latency has passed since the request
	 * arrived (as a real API's latency includes its own work), then a reset instead of the answer.
	 * @param {import('http').IncomingMessage} req
	 * @param {import('http').ServerResponse} res
	 * @param {() => Promise<import('./server').ApiResult>} process
	 * @param {(res: import('http').ServerResponse, result: import('./server').ApiResult) => void} send
	 */
	async run(req, res, process, send) {
		const stats = this.stats;
		stats.requests += 1;
		stats.inFlight += 1;
		stats.inFlightPeak = Math.max(stats.inFlightPeak, stats.inFlight);
		try {
			const limit = this.config.concurrencyLimit;
			if (limit > 0 && stats.inFlight > limit) {
				stats.status429 += 1;
				const error = new ApiError(20429);
				send(res, {
					status: 429,
					body: error.toJSON(),
					headers: { 'Retry-After': String(this.config.retryAfterSeconds) },
				});
				return;
			}
			if (this.take('resetBefore')) {
				stats.resetsBeforeProcessing += 1;
				req.socket.destroy();
				return;
			}
			const latency = pickDuration(this.config.latencyMs, this.rng);
			const answerTime =
				latency > 0 ? new Promise((resolve) => setTimeout(resolve, latency)) : undefined;
			if (this.take('503')) {
				await answerTime;
				stats.status503 += 1;
				send(res, { status: 503, body: new ApiError(20503).toJSON() });
				return;
			}
			const result = await process();
			await answerTime;
			if (this.take('resetAfter')) {
				stats.resetsAfterProcessing += 1;
				req.socket.destroy();
				return;
			}
			send(res, result);
		} finally {
			stats.inFlight -= 1;
		}
	}
}

module.exports = { Faults };
