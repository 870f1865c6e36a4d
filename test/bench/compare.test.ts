import { compareResults } from '../../bench/lib/compare';
import reference from '../../bench/results/reference.json';

type Result = typeof reference;
type Row = {
	label: string;
	baseline: number;
	current: number;
	regressed: boolean;
	allowance?: number;
	note?: string;
};

/** The reference run with some figures changed, as a later run might report them. */
function laterRun(change: (result: Result) => void): Result {
	const result = structuredClone(reference);
	change(result);
	return result;
}

const row = (rows: Row[], label: string) => rows.find((r) => r.label === label);

describe('bench regression check', () => {
	it('compares every machine-independent figure of a full run and finds nothing against itself', () => {
		const rows: Row[] = compareResults(reference, reference);
		expect(rows.map((r) => r.label)).toEqual([
			'× the built-in node',
			'share of concurrency ÷ latency',
			"share of n8n's helper alone",
			'CPU added per message, item fields (ms)',
			'CPU added per message, expression variables (ms)',
			'peak heap per item, largest ÷ smallest run',
			'trigger CPU per webhook request (ms)',
		]);
		expect(rows.filter((r) => r.regressed)).toEqual([]);
	});

	it('flags a throughput ratio that fell by more than 10 %, not one within the noise', () => {
		const speedup = reference.targets.speedup.value;
		const fell = compareResults(
			reference,
			laterRun((r) => (r.targets.speedup.value = speedup * 0.85)),
		);
		expect(row(fell, '× the built-in node')).toMatchObject({
			baseline: speedup,
			current: speedup * 0.85,
			regressed: true,
		});
		const noise = compareResults(
			reference,
			laterRun((r) => (r.targets.speedup.value = speedup * 0.95)),
		);
		expect(row(noise, '× the built-in node')?.regressed).toBe(false);
	});

	it('flags CPU added per message growing by more than 0.05 ms, and never an improvement', () => {
		const added = reference.targets.addedCpu.value;
		const grew = compareResults(
			reference,
			laterRun((r) => (r.targets.addedCpu.value = added + 0.06)),
		);
		expect(row(grew, 'CPU added per message, item fields (ms)')?.regressed).toBe(true);
		const slightly = compareResults(
			reference,
			laterRun((r) => (r.targets.addedCpu.value = added + 0.03)),
		);
		expect(row(slightly, 'CPU added per message, item fields (ms)')?.regressed).toBe(false);
		const better = compareResults(
			reference,
			laterRun((r) => {
				r.targets.addedCpu.value = 0;
				r.targets.speedup.value *= 2;
				r.scenarios.trigger.cpuMsPerRequest /= 2;
			}),
		);
		expect(better.filter((r) => r.regressed)).toEqual([]);
	});

	it("widens the added-CPU allowance to two standard errors of the runs' spread, and still flags a real rise", () => {
		const label = 'CPU added per message, item fields (ms)';
		const added = reference.targets.addedCpu.value;
		// Runs as a shared 2-core machine gives them: the same medians, each run ±0.1 ms apart.
		const noisy = (rise: number) =>
			laterRun((r) => {
				r.targets.addedCpu.value = added + rise;
				for (const key of ['oursItemFields', 'floorItemFields'] as const) {
					const { cpuMsPerMessage } = r.scenarios.cpu.summary.memory[key];
					r.scenarios.cpu.summary.memory[key].runs.forEach(
						(run, i) => (run.cpuMsPerMessage = cpuMsPerMessage + [-0.1, -0.05, 0, 0.05, 0.1][i]),
					);
				}
			});
		// σ = 0.079 per series, standard error of each median 0.044, of the difference 0.063.
		const within = row(compareResults(reference, noisy(0.1)), label);
		expect(within?.regressed).toBe(false);
		expect(within?.allowance).toBeCloseTo(0.127, 2);
		expect(row(compareResults(reference, noisy(0.2)), label)?.regressed).toBe(true);
		// The spread of either side counts: a noisy baseline widens it the same way.
		expect(
			row(
				compareResults(
					noisy(0),
					laterRun(() => {}),
				),
				label,
			)?.allowance,
		).toBeCloseTo(0.127, 2);
	});

	it('flags memory that stopped being flat and a slower trigger', () => {
		const rows = compareResults(
			reference,
			laterRun((r) => {
				r.targets.flatMemory.value = reference.targets.flatMemory.value + 0.5;
				r.scenarios.trigger.cpuMsPerRequest = reference.scenarios.trigger.cpuMsPerRequest * 1.5;
			}),
		);
		expect(rows.filter((r) => r.regressed).map((r) => r.label)).toEqual([
			'peak heap per item, largest ÷ smallest run',
			'trigger CPU per webhook request (ms)',
		]);
	});

	it('does not compare throughput taken with other settings, but still compares the rest', () => {
		const rows: Row[] = compareResults(
			reference,
			laterRun((r) => {
				r.options.latency = 200;
				r.targets.speedup.value = 1;
				r.targets.addedCpu.value += 1;
			}),
		);
		expect(row(rows, '× the built-in node')).toMatchObject({
			regressed: false,
			note: 'not compared: different settings: latency 50 → 200',
		});
		expect(row(rows, 'CPU added per message, item fields (ms)')?.regressed).toBe(true);
	});

	it('leaves out the figures of a scenario the run skipped', () => {
		const rows: Row[] = compareResults(
			reference,
			laterRun((r) => {
				delete (r.scenarios as Partial<Result['scenarios']>).trigger;
			}),
		);
		expect(row(rows, 'trigger CPU per webhook request (ms)')).toBeUndefined();
		expect(rows).toHaveLength(6);
	});
});
