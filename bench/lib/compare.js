// @ts-check
'use strict';
/**
 * Keeps the bench from regressing: compares a result with a baseline (by default the reference
 * run in bench/results/reference.json) on figures that travel between machines — ratios measured
 * within one run, the CPU a node adds over the floor, memory growth — each with a tolerance wide
 * enough for run-to-run noise. Wall-clock rates themselves are not compared: they follow the machine.
 */

/** @typedef {{ relative?: number, absolute?: number }} Tolerance */
/** A run's JSON result (bench/results/*.json), read back from a file or just measured. @typedef {{ options?: Record<string, unknown>, scenarios: Record<string, any>, targets: Record<string, any> }} BenchResult */
/** @typedef {{ label: string, scenario: string, better: 'higher' | 'lower', tolerance: Tolerance, get: (result: BenchResult) => number | undefined }} Check */
/** @typedef {{ label: string, baseline: number, current: number, regressed: boolean, tolerance?: Tolerance, note?: string }} ComparisonRow */

const THROUGHPUT_SETTINGS = ['items', 'latency', 'concurrency', 'limit'];

/** @type {Check[]} */
const CHECKS = [
	{
		label: '× the built-in node',
		scenario: 'throughput',
		better: 'higher',
		tolerance: { relative: 0.1 },
		get: (r) => r.targets.speedup?.value,
	},
	{
		label: 'share of concurrency ÷ latency',
		scenario: 'throughput',
		better: 'higher',
		tolerance: { relative: 0.1 },
		get: (r) => r.targets.shareOfBound?.value,
	},
	{
		label: "share of n8n's helper alone",
		scenario: 'throughput',
		better: 'higher',
		tolerance: { relative: 0.1 },
		get: (r) => r.targets.shareOfBound?.value / r.targets.shareOfBound?.ceilings?.n8nHelper,
	},
	{
		label: 'CPU added per message, item fields (ms)',
		scenario: 'cpu',
		better: 'lower',
		tolerance: { absolute: 0.05 },
		get: (r) => r.targets.addedCpu?.value,
	},
	{
		label: 'CPU added per message, expression variables (ms)',
		scenario: 'cpu',
		better: 'lower',
		tolerance: { absolute: 0.05 },
		get: (r) => r.targets.addedCpu?.alsoMeasured?.withExpressionVariables,
	},
	{
		label: 'peak heap per item, largest ÷ smallest run',
		scenario: 'memory',
		better: 'lower',
		tolerance: { absolute: 0.25 },
		get: (r) => r.targets.flatMemory?.value,
	},
	{
		label: 'trigger CPU per webhook request (ms)',
		scenario: 'trigger',
		better: 'lower',
		tolerance: { relative: 0.3 },
		get: (r) => r.scenarios.trigger?.cpuMsPerRequest,
	},
];

/** @param {unknown} value @returns {value is number} */
const finite = (value) => typeof value === 'number' && Number.isFinite(value);

/** How much worse `current` may be than `baseline` before it counts. @param {number} baseline @param {Tolerance} tolerance */
function allowance(baseline, { relative = 0, absolute = 0 }) {
	return Math.max(Math.abs(baseline) * relative, absolute);
}

/** Why two results' throughput figures cannot be compared, or undefined when they can. @param {BenchResult} baseline @param {BenchResult} current */
function incomparableThroughput(baseline, current) {
	const differing = THROUGHPUT_SETTINGS.filter(
		(key) => baseline.options?.[key] !== current.options?.[key],
	);
	if (differing.length === 0) return undefined;
	return `different settings: ${differing.map((key) => `${key} ${baseline.options?.[key]} → ${current.options?.[key]}`).join(', ')}`;
}

/**
 * One row per check both results have: the two values, the change, and whether it is a
 * regression beyond the tolerance. Checks of a scenario one result skipped are left out.
 * @param {BenchResult} baseline
 * @param {BenchResult} current
 */
function compareResults(baseline, current) {
	const throughputNote = incomparableThroughput(baseline, current);
	/** @type {ComparisonRow[]} */
	const rows = [];
	for (const check of CHECKS) {
		const before = check.get(baseline);
		const now = check.get(current);
		if (!finite(before) || !finite(now)) continue;
		if (check.scenario === 'throughput' && throughputNote) {
			rows.push({
				label: check.label,
				baseline: before,
				current: now,
				regressed: false,
				note: `not compared: ${throughputNote}`,
			});
			continue;
		}
		const worseBy = check.better === 'higher' ? before - now : now - before;
		rows.push({
			label: check.label,
			baseline: before,
			current: now,
			regressed: worseBy > allowance(before, check.tolerance),
			tolerance: check.tolerance,
		});
	}
	return rows;
}

module.exports = { compareResults, CHECKS };
