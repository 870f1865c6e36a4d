// @ts-check
'use strict';
const v8 = require('v8');

const SAMPLE_MS = 20;

function gc() {
	if (typeof global.gc !== 'function')
		throw new Error('run the bench with node --expose-gc (npm run bench does)');
	global.gc();
	global.gc();
}

function heapUsed() {
	return v8.getHeapStatistics().used_heap_size;
}

/**
 * Measures one node execution between n8n-core's nodeExecuteBefore and nodeExecuteAfter hooks:
 * wall time, process CPU time (user + system) and memory sampled every 20 ms (heap used, RSS).
 * `baselineHeap` is the heap after a full GC just before the workflow started.
 */
class Probe {
	constructor() {
		this.baselineHeap = 0;
		this.baselineRss = 0;
		this.peakHeap = 0;
		this.peakRss = 0;
		/** @type {NodeJS.Timeout | undefined} */
		this.timer = undefined;
		/** @type {NodeJS.CpuUsage | undefined} */
		this.cpu = undefined;
		this.start = 0n;
		/** @type {{ wallMs: number, cpuMs: number, peakHeapMB: number, peakHeapAboveBaselineMB: number, peakRssMB: number } | undefined} */
		this.result = undefined;
	}

	prepare() {
		gc();
		this.baselineHeap = heapUsed();
		this.baselineRss = process.memoryUsage.rss();
	}

	before() {
		this.peakHeap = heapUsed();
		this.peakRss = process.memoryUsage.rss();
		this.timer = setInterval(() => this.sample(), SAMPLE_MS);
		this.cpu = process.cpuUsage();
		this.start = process.hrtime.bigint();
	}

	sample() {
		this.peakHeap = Math.max(this.peakHeap, heapUsed());
		this.peakRss = Math.max(this.peakRss, process.memoryUsage.rss());
	}

	after() {
		const wallNs = process.hrtime.bigint() - this.start;
		const cpu = process.cpuUsage(this.cpu);
		clearInterval(this.timer);
		this.sample();
		this.result = {
			wallMs: Number(wallNs) / 1e6,
			cpuMs: (cpu.user + cpu.system) / 1000,
			peakHeapMB: this.peakHeap / 2 ** 20,
			peakHeapAboveBaselineMB: (this.peakHeap - this.baselineHeap) / 2 ** 20,
			peakRssMB: this.peakRss / 2 ** 20,
		};
	}

	/** Heap still held after a full GC, relative to the baseline (call while the run is referenced or not). */
	retainedMB() {
		gc();
		return (heapUsed() - this.baselineHeap) / 2 ** 20;
	}
}

/** @param {number[]} values */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** @param {number[]} sortedValues @param {number} p */
function percentile(sortedValues, p) {
	if (sortedValues.length === 0) return NaN;
	return sortedValues[
		Math.min(sortedValues.length - 1, Math.floor((p / 100) * sortedValues.length))
	];
}

module.exports = { Probe, gc, heapUsed, median, percentile };
