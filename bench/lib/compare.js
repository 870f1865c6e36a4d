// @ts-check
'use strict';
/**
 * Keeps the bench from regressing: compares a result with a baseline (by default the reference
 * run in bench/results/reference.json) on figures that travel between machines — ratios measured
 * within one run, the CPU a node adds over the floor, memory growth — each with a tolerance wide
 * enough for run-to-run noise. Wall-clock rates themselves are not compared: they follow the machine.
 * "CPU added" is the difference of two medians of a few runs each; on a shared machine their spread
 * can be several times the fixed tolerance, so its allowance also grows with the spread both results
 * recorded (two standard errors): a check that fails on noise would teach people to ignore it.
 */

/** @typedef {{ relative?: number, absolute?: number }} Tolerance */
/** A run's JSON result (bench/results/*.json), read back from a file or just measured. @typedef {{ options?: Record<string, unknown>, scenarios: Record<string, any>, targets: Record<string, any> }} BenchResult */
/** @typedef {{ label: string, scenario: string, better: 'higher' | 'lower', tolerance: Tolerance, get: (result: BenchResult) => number | undefined, standardError?: (result: BenchResult) => number | undefined }} Check */
/** @typedef {{ label: string, baseline: number, current: number, regressed: boolean, allowance?: number, tolerance?: Tolerance, note?: string }} ComparisonRow */

/** Standard error of the median of `values` (≈ 1.253 σ/√n). @param {number[]} values */
function medianStandardError(values) {
	const n = values.length;
	if (n < 2) return undefined;
	const mean = values.reduce((sum, v) => sum + v, 0) / n;
	const variance = values.reduce((sum, v) => sum + (v - mean) ** 2, 0) / (n - 1);
	return (1.253 * Math.sqrt(variance)) / Math.sqrt(n);
}

/**
 * Standard error of "CPU added" (node − floor) from the runs the result recorded, on the transport
 * the figure is taken from (in-memory when measured, as in bench/run.js).
 * @param {string} node @param {string} floor
 */
const addedCpuStandardError = (node, floor) => (/** @type {BenchResult} */ r) => {
	const summary = r.scenarios.cpu?.summary;
	const runs = summary?.memory ?? summary?.sandbox;
	/** @param {string} key */
	const errorOf = (key) =>
		medianStandardError(
			(runs?.[key]?.runs ?? []).map((/** @type {any} */ run) => run.cpuMsPerMessage),
		);
	const [a, b] = [errorOf(node), errorOf(floor)];
	return a === undefined || b === undefined ? undefined : Math.hypot(a, b);
};

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
		standardError: addedCpuStandardError('oursItemFields', 'floorItemFields'),
	},
	{
		label: 'CPU added per message, expression variables (ms)',
		scenario: 'cpu',
		better: 'lower',
		tolerance: { absolute: 0.05 },
		get: (r) => r.targets.addedCpu?.alsoMeasured?.withExpressionVariables,
		standardError: addedCpuStandardError('oursVariables', 'floorVariables'),
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

/**
 * How much worse `current` may be than `baseline` before it counts: the tolerance, or two standard
 * errors of the difference when the runs' spread makes that wider.
 * @param {number} baseline @param {Tolerance} tolerance @param {number} [standardError]
 */
function allowance(baseline, { relative = 0, absolute = 0 }, standardError = 0) {
	return Math.max(Math.abs(baseline) * relative, absolute, 2 * standardError);
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
		const errors = [check.standardError?.(baseline), check.standardError?.(current)];
		const allowed = allowance(
			before,
			check.tolerance,
			errors.every(finite) ? Math.hypot(...errors) : undefined,
		);
		rows.push({
			label: check.label,
			baseline: before,
			current: now,
			regressed: worseBy > allowed,
			allowance: allowed,
			tolerance: check.tolerance,
		});
	}
	return rows;
}

module.exports = { compareResults, CHECKS };
