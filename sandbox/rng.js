// @ts-check
'use strict';

/**
 * Seeded pseudo-random numbers (mulberry32) so fault injection and timing jitter repeat
 * exactly from run to run.
 * @param {number} seed
 * @returns {() => number} values in [0, 1)
 */
function createRng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/**
 * A duration given as a number or a [min, max] range.
 * @param {number | [number, number] | undefined} value
 * @param {() => number} rng
 */
function pickDuration(value, rng) {
	if (Array.isArray(value)) {
		const [min, max] = value;
		return Math.round(min + (max - min) * rng());
	}
	return value ?? 0;
}

module.exports = { createRng, pickDuration };
