// @ts-check
'use strict';

/** Date formats of the two API generations: RFC 2822 for 2010-04-01, ISO 8601 (seconds) for v1. @param {number} ms */
function rfc2822(ms) {
	return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** @param {number} ms */
function iso8601(ms) {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Longest delay setTimeout accepts; longer waits are re-armed when they fire early. */
const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * @typedef {{ when: number, fn: () => void, handle: NodeJS.Timeout | null }} Timer
 */

/**
 * Wall clock plus an offset that tests can advance, so scheduled messages are released
 * without waiting. Every delayed action of the sandbox goes through one clock, so
 * `clear()` stops them all.
 */
class Clock {
	constructor() {
		this.offsetMs = 0;
		/** @type {Set<Timer>} */
		this.timers = new Set();
	}

	now() {
		return Date.now() + this.offsetMs;
	}

	/**
	 * @param {number} when clock time in ms
	 * @param {() => void} fn
	 * @returns {Timer}
	 */
	at(when, fn) {
		/** @type {Timer} */
		const timer = { when, fn, handle: null };
		this.timers.add(timer);
		this.arm(timer);
		return timer;
	}

	/** @param {number} ms @param {() => void} fn */
	after(ms, fn) {
		return this.at(this.now() + ms, fn);
	}

	/** @param {Timer | null | undefined} timer */
	cancel(timer) {
		if (!timer) return;
		if (timer.handle) clearTimeout(timer.handle);
		this.timers.delete(timer);
	}

	/** @param {Timer} timer */
	arm(timer) {
		if (timer.handle) clearTimeout(timer.handle);
		const delay = Math.min(Math.max(0, timer.when - this.now()), MAX_TIMEOUT);
		timer.handle = setTimeout(() => this.fire(timer), delay);
		timer.handle.unref();
	}

	/** @param {Timer} timer */
	fire(timer) {
		if (!this.timers.has(timer)) return;
		if (timer.when > this.now()) {
			this.arm(timer);
			return;
		}
		this.cancel(timer);
		timer.fn();
	}

	/** Moves time forward and runs, in time order, everything that became due (also what they schedule). @param {number} ms */
	advance(ms) {
		this.offsetMs += ms;
		for (;;) {
			const due = [...this.timers]
				.filter((t) => t.when <= this.now())
				.sort((a, b) => a.when - b.when);
			if (!due.length) return;
			for (const timer of due) this.fire(timer);
		}
	}

	clear() {
		for (const timer of this.timers) if (timer.handle) clearTimeout(timer.handle);
		this.timers.clear();
	}
}

module.exports = { Clock, rfc2822, iso8601 };
