#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * npm run bench [-- --items 2000 --latency 50 --concurrency 20 --limit 20 ...]
 *
 * Both nodes in this one process, through n8n-core's WorkflowExecute, against the offline sandbox
 * (its own process, 127.0.0.1 only). See the README's Performance section for what is measured and why it is fair.
 */
const env = require('./lib/env');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { createEngineHarness, runWorkflow } = require('./lib/harness');
const nodes = require('./lib/nodes');
const { startSandboxProcess } = require('./lib/sandbox');
const { Probe, median } = require('./lib/measure');
const { runTriggerScenario } = require('./lib/trigger');
const { rawClientRun } = require('./lib/rawClient');
const { compareResults } = require('./lib/compare');

const REFERENCE = path.join(__dirname, 'results', 'reference.json');

const HELP = `npm run bench -- [options]
  --items N          messages per node in the latency scenario (default 2000)
  --latency MS       sandbox API latency for the throughput scenario (default 50)
  --concurrency N    this package's Concurrency option (default 20)
  --limit N          sandbox concurrency limit, 429 / 20429 above it (default 20)
  --zero-items N     messages per run in the zero-latency CPU scenario (default 2000)
  --repeats N        runs per node and transport in the zero-latency scenario, median reported (default 5)
  --transports LIST  transports of the zero-latency scenario: sandbox,memory (default both)
  --webhooks N       webhook requests in the trigger scenario (default 2000)
  --memory A,B       item counts of the memory check (default 1000,10000)
  --skip LIST        skip scenarios: throughput,cpu,trigger,memory
  --out FILE         JSON result (default bench/results/latest.json)
  --baseline FILE    result to compare with (default bench/results/reference.json; "none" to skip)
  --check            exit 1 when a compared figure regressed beyond its tolerance`;

/** @param {string[]} argv */
function parseArgs(argv) {
	const options = {
		items: 2000,
		latency: 50,
		concurrency: 20,
		limit: 20,
		zeroItems: 2000,
		repeats: 5,
		transports: ['sandbox', 'memory'],
		webhooks: 2000,
		memory: [1000, 10000],
		skip: /** @type {string[]} */ ([]),
		out: path.join(__dirname, 'results', 'latest.json'),
		baseline: /** @type {string | undefined} */ (REFERENCE),
		check: false,
	};
	for (let i = 0; i < argv.length; i++) {
		const [flag, inline] = argv[i].split('=');
		const value = () => {
			const given = inline ?? argv[++i];
			if (given === undefined) throw new Error(`${flag} needs a value\n${HELP}`);
			return given;
		};
		switch (flag) {
			case '--items':
				options.items = Number(value());
				break;
			case '--latency':
				options.latency = Number(value());
				break;
			case '--concurrency':
				options.concurrency = Number(value());
				break;
			case '--limit':
				options.limit = Number(value());
				break;
			case '--zero-items':
				options.zeroItems = Number(value());
				break;
			case '--repeats':
				options.repeats = Number(value());
				break;
			case '--transports':
				options.transports = value().split(',');
				break;
			case '--webhooks':
				options.webhooks = Number(value());
				break;
			case '--memory':
				options.memory = value().split(',').map(Number);
				break;
			case '--skip':
				options.skip = value().split(',');
				break;
			case '--out':
				options.out = path.resolve(value());
				break;
			case '--baseline': {
				const file = value();
				options.baseline = file === 'none' ? undefined : path.resolve(file);
				break;
			}
			case '--check':
				options.check = true;
				break;
			case '--help':
			case '-h':
				console.log(HELP);
				process.exit(0);
				break;
			default:
				throw new Error(`unknown option ${argv[i]}\n${HELP}`);
		}
	}
	for (const key of /** @type {const} */ ([
		'items',
		'concurrency',
		'limit',
		'zeroItems',
		'repeats',
		'webhooks',
	])) {
		if (!Number.isInteger(options[key]) || options[key] < 1)
			throw new Error(`--${key} must be a whole number ≥ 1`);
	}
	if (!(options.latency >= 0)) throw new Error('--latency must be ≥ 0');
	return options;
}

class BenchFailure extends Error {}

/**
 * Nothing lost, nothing twice: the ledger holds exactly one message per item, with its body.
 * @param {string} label
 * @param {import('./lib/nodes').BenchItem[]} items
 * @param {Array<{ to: string | null, body: string | null }>} ledger
 * @param {import('n8n-workflow').INodeExecutionData[]} output
 * @param {import('n8n-workflow').ExecutionError | undefined} runError
 */
function verifyLedger(label, items, ledger, output, runError) {
	const problems = [];
	if (runError)
		problems.push(
			`the execution failed: ${runError.message}${runError.description ? ` (${runError.description})` : ''}`,
		);
	if (output.length !== items.length)
		problems.push(`the node returned ${output.length} items for ${items.length} inputs`);
	const failedItems = output.filter((item) => item.json?.error !== undefined).length;
	if (failedItems) problems.push(`${failedItems} output items are errors`);
	if (ledger.length !== items.length)
		problems.push(`the sandbox ledger has ${ledger.length} messages for ${items.length} items`);
	/** @type {Map<string | null, string>} */
	const expected = new Map(items.map((item) => [item.phone, nodes.expectedBody(item)]));
	/** @type {Map<string | null, number>} */
	const seen = new Map();
	for (const message of ledger) seen.set(message.to, (seen.get(message.to) ?? 0) + 1);
	const twice = [...seen].filter(([, n]) => n > 1).length;
	const missing = [...expected.keys()].filter((to) => !seen.has(to)).length;
	const wrongBody = ledger.filter((message) => expected.get(message.to) !== message.body).length;
	if (twice) problems.push(`${twice} recipients got more than one message`);
	if (missing) problems.push(`${missing} recipients got no message`);
	if (wrongBody)
		problems.push(`${wrongBody} messages have another body or recipient than their item`);
	if (problems.length) throw new BenchFailure(`${label}: ${problems.join('; ')}`);
	return ledger.length;
}

/** @typedef {{ harness: import('../test/harness/engine').Harness, sandbox: Awaited<ReturnType<typeof startSandboxProcess>> }} Context */
/**
 * A measured run's figures; the scenarios add their own (ceilings, shares, per-item memory).
 * @typedef {{ label: string, transport: string, items: number, wallMs: number, messagesPerSecond: number, cpuMsPerMessage: number, peakHeapAboveBaselineMB: number, retainedWithRunMB: number, status429: number, ledgerCount: number } & Record<string, any>} MeasuredRun
 */

/**
 * One node execution, measured, then checked against the ledger. `transport: 'memory'` answers
 * from memory instead of the sandbox (CPU isolation only; see lib/env.js).
 * @param {Context} context @param {string} label @param {import('./lib/nodes').RunConfig} config
 * @param {import('./lib/nodes').BenchItem[]} items @param {{ transport?: string }} [options]
 * @returns {Promise<MeasuredRun>}
 */
async function measuredRun(context, label, config, items, { transport = 'sandbox' } = {}) {
	const { harness, sandbox } = context;
	await sandbox.reset();
	env.useMemoryTransport(transport === 'memory');
	const probe = new Probe();
	probe.prepare();
	const readsBefore = harness.credentialsHelper.reads;
	/** @type {import('n8n-workflow').INodeExecutionData[]} */
	let output;
	/** @type {import('n8n-workflow').ExecutionError | undefined} */
	let error;
	try {
		({ output, error } = await runWorkflow(harness, {
			...config,
			items,
			handOverItems: true,
			probe,
		}));
	} finally {
		env.useMemoryTransport(false);
	}
	const ledger = transport === 'memory' ? env.memory.ledger : await sandbox.ledger();
	const stats = await sandbox.stats();
	if (transport === 'memory' && stats.requests !== 0)
		throw new BenchFailure(
			`${label}: ${stats.requests} requests reached the sandbox during an in-memory run`,
		);
	const ledgerCount = verifyLedger(`${label} (${transport})`, items, ledger, output, error);
	const retainedWithRunMB = probe.retainedMB();
	const r = probe.result;
	if (!r) throw new BenchFailure(`${label}: the node under test never ran`);
	return {
		label,
		transport,
		items: items.length,
		wallMs: r.wallMs,
		messagesPerSecond: items.length / (r.wallMs / 1000),
		cpuMsPerMessage: r.cpuMs / items.length,
		cpuMs: r.cpuMs,
		peakHeapMB: r.peakHeapMB,
		peakHeapAboveBaselineMB: r.peakHeapAboveBaselineMB,
		peakRssMB: r.peakRssMB,
		retainedWithRunMB,
		status429: stats.status429,
		sandboxRequests: stats.requests,
		inFlightPeak: stats.inFlightPeak,
		ledgerCount,
		credentialReads: harness.credentialsHelper.reads - readsBefore,
	};
}

const fmt = {
	n: (/** @type {number} */ v, d = 0) =>
		Number.isFinite(v)
			? v.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d })
			: '–',
	pct: (/** @type {number} */ v) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)} %` : '–'),
};

/** A Markdown table, the first column left-aligned. @param {string[]} headers @param {Array<Array<string | number>>} rows */
function table(headers, rows) {
	const widths = headers.map((h, i) =>
		Math.max(h.length, ...rows.map((row) => String(row[i]).length)),
	);
	const line = (/** @type {Array<string | number>} */ cells) =>
		`| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
	return [
		line(headers),
		`|${widths.map((w, i) => (i === 0 ? `:${'-'.repeat(w + 1)}` : `${'-'.repeat(w + 1)}:`)).join('|')}|`,
		...rows.map(line),
	].join('\n');
}

async function main() {
	const options = parseArgs(process.argv.slice(2));
	const startedAt = new Date();
	// Read before running: --out may overwrite the baseline file.
	const baseline =
		options.baseline && fs.existsSync(options.baseline)
			? {
					file: path.relative(process.cwd(), options.baseline),
					result: JSON.parse(fs.readFileSync(options.baseline, 'utf8')),
				}
			: undefined;
	const loaded = nodes.load();
	const sandbox = await startSandboxProcess({
		latencyMs: options.latency,
		concurrencyLimit: options.limit,
	});
	env.redirectTwilioTo(sandbox.url);
	const harness = createEngineHarness(loaded.nodes, loaded.credentialTypes);
	const context = { harness, sandbox };
	/** The JSON result; every scenario and target is optional (--skip). @type {import('./lib/compare').BenchResult & Record<string, any>} */
	const result = {
		startedAt: startedAt.toISOString(),
		machine: {
			loadAverageAtStart: os.loadavg().map((v) => Number(v.toFixed(2))),
			cpus: os.cpus().length,
			cpuModel: os.cpus()[0]?.model,
			memoryGB: Math.round(os.totalmem() / 2 ** 30),
			node: process.version,
			platform: `${os.type()} ${os.release()}`,
		},
		versions: {
			n8nNodesBase: loaded.nodesBaseVersion,
			n8nCore: require('n8n-core/package.json').version,
			n8nWorkflow: require('n8n-workflow/package.json').version,
			package: require(path.join(nodes.ROOT, 'package.json')).version,
		},
		options: {
			...options,
			out: path.relative(process.cwd(), options.out),
			baseline: baseline?.file,
		},
		sandbox: { url: sandbox.url, concurrencyLimit: options.limit, latencyMs: options.latency },
		scenarios: {},
		targets: {},
	};
	const log = (/** @type {unknown[]} */ ...args) => console.error(...args);
	const oursItemFields = (/** @type {number | undefined} */ concurrency) =>
		nodes.oursRun(sandbox.url, concurrency, 'itemFields');
	const oursVariables = (/** @type {number | undefined} */ concurrency) =>
		nodes.oursRun(sandbox.url, concurrency, 'inlineVariables');

	try {
		// Warm-up (JIT, lazy module loads, n8n's first-execution setup); not reported.
		await sandbox.setFaults({ latencyMs: 0 });
		log('warming up…');
		for (const config of [
			oursItemFields(options.concurrency),
			oursVariables(options.concurrency),
			nodes.builtInRun(),
			nodes.floorRun(sandbox.url, options.concurrency, 'itemFields'),
			nodes.floorRun(sandbox.url, options.concurrency, 'inlineVariables'),
			nodes.helperCeilingRun(sandbox.url, options.concurrency),
		]) {
			await measuredRun(context, 'warm-up', config, nodes.makeItems(300));
		}

		if (!options.skip.includes('throughput')) {
			await sandbox.setFaults({ latencyMs: options.latency });
			const items = nodes.makeItems(options.items);
			/** @type {Array<[label: string, config: import('./lib/nodes').RunConfig, concurrency: number]>} */
			const runs = [
				['n8n-nodes-base Twilio (built-in)', nodes.builtInRun(), 1],
				[
					`this package, Concurrency ${options.concurrency}, variables from item fields`,
					oursItemFields(options.concurrency),
					options.concurrency,
				],
				[
					`this package, Concurrency ${options.concurrency}, variables as n8n expressions`,
					oursVariables(options.concurrency),
					options.concurrency,
				],
				[
					'this package, default Concurrency (10), variables from item fields',
					oursItemFields(undefined),
					10,
				],
			];
			/** @type {MeasuredRun[]} */
			const rows = [];
			for (const [label, config, concurrency] of runs) {
				log(`throughput: ${label}, ${items.length} messages at ${options.latency} ms…`);
				const run = await measuredRun(context, label, config, items);
				const inFlight = Math.min(concurrency, options.limit);
				run.concurrency = concurrency;
				run.boundMessagesPerSecond =
					options.latency > 0 ? inFlight / (options.latency / 1000) : Infinity;
				run.shareOfBound = run.messagesPerSecond / run.boundMessagesPerSecond;
				rows.push(run);
			}
			// Ceilings at each concurrency, same sandbox: a bare Node http client (the transport itself) and
			// n8n-core's HTTP helper in a node that does nothing else (what any node using the helper can reach).
			/** @type {Record<number, { bareClient: Record<string, number>, n8nHelper: Record<string, number> }>} */
			const ceilings = {};
			for (const concurrency of [...new Set(rows.map((run) => run.concurrency))]) {
				log(`throughput: bare Node http client (transport ceiling), Concurrency ${concurrency}…`);
				await sandbox.reset();
				const raw = await rawClientRun(sandbox.url, items, concurrency);
				const ledger = await sandbox.ledger();
				if (ledger.length !== items.length)
					throw new BenchFailure(
						`bare client: the ledger has ${ledger.length} messages for ${items.length}`,
					);
				const bareClient = {
					...raw,
					status429: (await sandbox.stats()).status429,
					ledgerCount: ledger.length,
				};
				log(
					`throughput: n8n-core HTTP helper in a minimal node (helper ceiling), Concurrency ${concurrency}…`,
				);
				const helper = await measuredRun(
					context,
					'n8n-core HTTP helper alone',
					nodes.helperCeilingRun(sandbox.url, concurrency),
					items,
				);
				const bound = /** @type {MeasuredRun} */ (
					rows.find((run) => run.concurrency === concurrency)
				).boundMessagesPerSecond;
				ceilings[concurrency] = {
					bareClient: { ...bareClient, shareOfBound: bareClient.messagesPerSecond / bound },
					n8nHelper: {
						messagesPerSecond: helper.messagesPerSecond,
						cpuMsPerMessage: helper.cpuMsPerMessage,
						status429: helper.status429,
						ledgerCount: helper.ledgerCount,
						shareOfBound: helper.messagesPerSecond / bound,
					},
				};
			}
			for (const run of rows) {
				const { bareClient, n8nHelper } = ceilings[run.concurrency];
				run.transportCeilingMessagesPerSecond = bareClient.messagesPerSecond;
				run.shareOfTransportCeiling = run.messagesPerSecond / bareClient.messagesPerSecond;
				run.helperCeilingMessagesPerSecond = n8nHelper.messagesPerSecond;
				run.shareOfHelperCeiling = run.messagesPerSecond / n8nHelper.messagesPerSecond;
			}
			const [builtIn, ours] = rows;
			for (const run of rows.slice(1))
				run.speedupVsBuiltIn = run.messagesPerSecond / builtIn.messagesPerSecond;
			result.scenarios.throughput = {
				latencyMs: options.latency,
				items: options.items,
				runs: rows,
				ceilings,
			};
			result.targets.speedup = {
				target: '≥ 15× the built-in node',
				unit: '×',
				value: ours.speedupVsBuiltIn,
				met: ours.speedupVsBuiltIn >= 15,
			};
			const ceiling = ceilings[ours.concurrency];
			result.targets.shareOfBound = {
				target: '≥ 90 % of concurrency ÷ latency',
				unit: '%',
				value: ours.shareOfBound,
				met: ours.shareOfBound >= 0.9,
				ceilings: {
					bareClient: ceiling.bareClient.shareOfBound,
					n8nHelper: ceiling.n8nHelper.shareOfBound,
				},
			};
		}

		if (!options.skip.includes('cpu')) {
			await sandbox.setFaults({ latencyMs: 0 });
			const items = nodes.makeItems(options.zeroItems);
			/** @type {Record<string, [label: string, config: import('./lib/nodes').RunConfig]>} */
			const configs = {
				floorItemFields: [
					'floor: same request, `to` expression, body in plain JS',
					nodes.floorRun(sandbox.url, options.concurrency, 'itemFields'),
				],
				oursItemFields: [
					'this package, variables from item fields',
					oursItemFields(options.concurrency),
				],
				floorVariables: [
					'floor: same request, same 3 expressions per item',
					nodes.floorRun(sandbox.url, options.concurrency, 'inlineVariables'),
				],
				oursVariables: [
					'this package, variables as n8n expressions',
					oursVariables(options.concurrency),
				],
				builtIn: ['n8n-nodes-base Twilio (built-in)', nodes.builtInRun()],
			};
			/** @typedef {Record<string, { label: string, cpuMsPerMessage: number, messagesPerSecond: number }>} CpuSummary */
			/** @type {Record<string, CpuSummary>} */
			const summary = {};
			for (const transport of options.transports) {
				/** @type {Record<string, MeasuredRun[]>} */
				const samples = Object.fromEntries(Object.keys(configs).map((key) => [key, []]));
				for (let repeat = 0; repeat < options.repeats; repeat++) {
					for (const [key, [label, config]] of Object.entries(configs)) {
						log(
							`cpu (${transport}): ${label}, ${items.length} messages at 0 ms (run ${repeat + 1}/${options.repeats})…`,
						);
						samples[key].push(await measuredRun(context, label, config, items, { transport }));
					}
				}
				summary[transport] = Object.fromEntries(
					Object.entries(samples).map(([key, runs]) => [
						key,
						{
							label: configs[key][0],
							cpuMsPerMessage: median(runs.map((run) => run.cpuMsPerMessage)),
							messagesPerSecond: median(runs.map((run) => run.messagesPerSecond)),
							runs: runs.map((run) => ({
								cpuMsPerMessage: run.cpuMsPerMessage,
								messagesPerSecond: run.messagesPerSecond,
								ledgerCount: run.ledgerCount,
							})),
						},
					]),
				);
			}
			const addedBy = (/** @type {CpuSummary} */ s) => ({
				itemFields: s.oursItemFields.cpuMsPerMessage - s.floorItemFields.cpuMsPerMessage,
				inlineVariables: s.oursVariables.cpuMsPerMessage - s.floorVariables.cpuMsPerMessage,
				builtInOverFloorWithItsExpressions:
					s.builtIn.cpuMsPerMessage - s.floorVariables.cpuMsPerMessage,
			});
			const added = Object.fromEntries(
				Object.entries(summary).map(([transport, s]) => [transport, addedBy(s)]),
			);
			result.scenarios.cpu = {
				latencyMs: 0,
				items: options.zeroItems,
				repeats: options.repeats,
				summary,
				addedCpuMsPerMessage: added,
			};
			const reference = added.memory ?? added.sandbox;
			result.targets.addedCpu = {
				target: '≤ 0.1 ms CPU added per message',
				unit: 'ms',
				value: reference.itemFields,
				alsoMeasured: { withExpressionVariables: reference.inlineVariables },
				met: reference.itemFields <= 0.1,
			};
		}

		if (!options.skip.includes('memory')) {
			await sandbox.setFaults({ latencyMs: 0 });
			const before = new Probe();
			before.prepare();
			/** @type {MeasuredRun[]} */
			const runs = [];
			for (const count of options.memory) {
				/** @type {Array<[label: string, config: import('./lib/nodes').RunConfig]>} */
				const configs = [
					['this package', oursItemFields(options.concurrency)],
					['n8n-nodes-base Twilio (built-in)', nodes.builtInRun()],
				];
				for (const [label, config] of configs) {
					log(`memory: ${label}, ${count} messages at 0 ms…`);
					const run = await measuredRun(context, label, config, nodes.makeItems(count));
					run.peakHeapKBPerItem = (run.peakHeapAboveBaselineMB * 1024) / count;
					run.retainedWithRunKBPerItem = (run.retainedWithRunMB * 1024) / count;
					runs.push(run);
				}
			}
			// Heap held once the run's data is gone: a leak would show here.
			const { Probe: P } = require('./lib/measure');
			const after = new P();
			after.prepare();
			const ours = runs.filter((run) => run.label === 'this package');
			const [small, large] = [ours[0], ours[ours.length - 1]];
			const growth = large.peakHeapKBPerItem / small.peakHeapKBPerItem;
			result.scenarios.memory = {
				latencyMs: 0,
				runs,
				heapBeforeRunsMB: before.baselineHeap / 2 ** 20,
				heapAfterAllRunsMB: after.baselineHeap / 2 ** 20,
			};
			result.targets.flatMemory = {
				target: `flat memory from ${small.items.toLocaleString('en-US')} to ${large.items.toLocaleString('en-US')} items (peak heap per item within 25 %)`,
				unit: '×',
				value: growth,
				met: growth <= 1.25,
			};
		}

		if (!options.skip.includes('trigger')) {
			log(`trigger: ${options.webhooks} webhook requests…`);
			result.scenarios.trigger = await runTriggerScenario({
				count: options.webhooks,
				TriggerClass: loaded.trigger,
				credentialTypes: loaded.credentialTypes,
			});
		}
	} finally {
		await sandbox.close();
	}

	result.loopback = {
		twilioRequestsRedirected: env.redirect.count,
		refusedConnections: env.guard.refused,
	};
	result.finishedAt = new Date().toISOString();
	result.machine.loadAverageAtEnd = os.loadavg().map((v) => Number(v.toFixed(2)));
	if (baseline)
		result.comparison = {
			baseline: baseline.file,
			baselineStartedAt: baseline.result.startedAt,
			rows: compareResults(baseline.result, result),
		};
	print(result);
	fs.mkdirSync(path.dirname(options.out), { recursive: true });
	fs.writeFileSync(options.out, `${JSON.stringify(result, null, '\t')}\n`);
	console.log(`\nJSON: ${path.relative(process.cwd(), options.out)}`);
	/** @type {import('./lib/compare').ComparisonRow[]} */
	const regressed =
		result.comparison?.rows.filter(
			(/** @type {import('./lib/compare').ComparisonRow} */ row) => row.regressed,
		) ?? [];
	if (baseline && options.check && regressed.length)
		throw new BenchFailure(
			`regressed against ${baseline.file}: ${regressed.map((row) => row.label).join('; ')}`,
		);
}

/** @param {Record<string, any>} result */
function print(result) {
	const out = [];
	const { throughput, cpu, memory, trigger } = result.scenarios;
	out.push(
		`\nn8n-nodes-twilio-messaging ${result.versions.package} vs n8n-nodes-base ${result.versions.n8nNodesBase} (n8n-core ${result.versions.n8nCore}, n8n-workflow ${result.versions.n8nWorkflow})`,
	);
	out.push(
		`${result.machine.cpus} × ${result.machine.cpuModel}, ${result.machine.memoryGB} GB, Node ${result.machine.node}, ${result.machine.platform}; load average ${result.machine.loadAverageAtStart[0]} at start, ${result.machine.loadAverageAtEnd[0]} at end`,
	);
	if (throughput) {
		out.push(
			`\nThroughput: ${fmt.n(throughput.items)} SMS per node, sandbox latency ${throughput.latencyMs} ms, concurrency limit ${result.sandbox.concurrencyLimit} (429 above)`,
		);
		out.push(
			table(
				[
					'node',
					'wall s',
					'msg/s',
					'CPU ms/msg',
					'peak heap MB',
					'peak RSS MB',
					'429s',
					'ledger',
					'× built-in',
					'of bound',
					'of n8n helper',
					'of bare client',
				],
				throughput.runs.map((/** @type {MeasuredRun} */ run) => [
					run.label,
					fmt.n(run.wallMs / 1000, 1),
					fmt.n(run.messagesPerSecond, 1),
					fmt.n(run.cpuMsPerMessage, 3),
					fmt.n(run.peakHeapMB, 0),
					fmt.n(run.peakRssMB, 0),
					fmt.n(run.status429),
					`${fmt.n(run.ledgerCount)}/${fmt.n(run.items)}`,
					run.speedupVsBuiltIn ? `${fmt.n(run.speedupVsBuiltIn, 1)}×` : '1×',
					`${fmt.pct(run.shareOfBound)} of ${fmt.n(run.boundMessagesPerSecond)}/s`,
					`${fmt.pct(run.shareOfHelperCeiling)} of ${fmt.n(run.helperCeilingMessagesPerSecond)}/s`,
					`${fmt.pct(run.shareOfTransportCeiling)} of ${fmt.n(run.transportCeilingMessagesPerSecond)}/s`,
				]),
			),
		);
		out.push(
			"\nCeilings, same sandbox and items: n8n-core's HTTP helper in a node that does nothing else, and a bare Node http client",
		);
		out.push(
			table(
				['ceiling', 'concurrency', 'msg/s', 'CPU ms/msg', 'of bound', 'ledger'],
				Object.entries(throughput.ceilings).flatMap(([concurrency, c]) =>
					[
						['n8n-core HTTP helper alone', c.n8nHelper],
						['bare Node http client', c.bareClient],
					].map(([label, ceiling]) => [
						label,
						concurrency,
						fmt.n(ceiling.messagesPerSecond, 1),
						fmt.n(ceiling.cpuMsPerMessage, 3),
						fmt.pct(ceiling.shareOfBound),
						`${fmt.n(ceiling.ledgerCount)}/${fmt.n(throughput.items)}`,
					]),
				),
			),
		);
	}
	if (cpu) {
		const transports = Object.keys(cpu.summary);
		out.push(
			`\nCPU per message at 0 ms latency: ${fmt.n(cpu.items)} SMS per run, median of ${cpu.repeats} runs (sandbox: over loopback to the sandbox; in-memory: no sockets)`,
		);
		/** @type {Record<string, string>} */
		const name = { sandbox: 'sandbox', memory: 'in-memory' };
		out.push(
			table(
				['run', ...transports.flatMap((t) => [`${name[t]} CPU ms/msg`, `${name[t]} msg/s`])],
				Object.keys(cpu.summary[transports[0]]).map((key) => [
					cpu.summary[transports[0]][key].label,
					...transports.flatMap((t) => [
						fmt.n(cpu.summary[t][key].cpuMsPerMessage, 3),
						fmt.n(cpu.summary[t][key].messagesPerSecond, 0),
					]),
				]),
			),
		);
		for (const t of transports) {
			const a = cpu.addedCpuMsPerMessage[t];
			out.push(
				`CPU added by this package per message (node − floor, ${name[t]}): ${fmt.n(a.itemFields, 3)} ms with item fields, ${fmt.n(a.inlineVariables, 3)} ms with expression variables; the built-in over the 3-expression floor: ${fmt.n(a.builtInOverFloorWithItsExpressions, 3)} ms`,
			);
		}
	}
	if (memory) {
		out.push('\nMemory at 0 ms latency (heap above the pre-run baseline after a full GC)');
		out.push(
			table(
				[
					'node',
					'items',
					'peak heap MB',
					'KB/item at peak',
					'held with run data MB',
					'peak RSS MB',
				],
				memory.runs.map((/** @type {MeasuredRun} */ run) => [
					run.label,
					fmt.n(run.items),
					fmt.n(run.peakHeapAboveBaselineMB, 1),
					fmt.n(run.peakHeapKBPerItem, 2),
					fmt.n(run.retainedWithRunMB, 1),
					fmt.n(run.peakRssMB, 0),
				]),
			),
		);
		out.push(
			`Heap before the memory runs ${fmt.n(memory.heapBeforeRunsMB, 1)} MB, after them with their data released ${fmt.n(memory.heapAfterAllRunsMB, 1)} MB`,
		);
	}
	if (trigger) {
		out.push(
			`\nTrigger webhook handling: ${fmt.n(trigger.requests)} signed requests (${trigger.mix})`,
		);
		out.push(
			table(
				['measure', 'value'],
				[
					['requests/s (one at a time)', fmt.n(trigger.requestsPerSecond, 0)],
					['CPU ms/request (WebhookContext + webhook())', fmt.n(trigger.cpuMsPerRequest, 3)],
					[
						'wall ms/request p50 / p99',
						`${fmt.n(trigger.wallMsPerRequest.p50, 3)} / ${fmt.n(trigger.wallMsPerRequest.p99, 3)}`,
					],
					['signature check alone, CPU ms', fmt.n(trigger.steps.signatureCheckCpuMs, 3)],
					['classify + normalise alone, CPU ms', fmt.n(trigger.steps.classifyAndNormaliseCpuMs, 3)],
					['forged signature answered', String(trigger.forgedSignatureStatus)],
				],
			),
		);
	}
	const targets = Object.values(result.targets);
	if (targets.length) {
		out.push('\nTargets');
		out.push(
			table(
				['target', 'measured', 'met'],
				targets.map((t) => [
					t.target,
					t.unit === '%'
						? fmt.pct(t.value)
						: t.unit === '×'
							? `${fmt.n(t.value, 2)}×`
							: `${fmt.n(t.value, 3)} ms`,
					t.met ? 'yes' : 'NO',
				]),
			),
		);
	}
	if (result.comparison) {
		const value = (/** @type {number} */ v) => fmt.n(v, Math.abs(v) < 10 ? 3 : 1);
		out.push(
			`\nAgainst ${result.comparison.baseline} (run of ${result.comparison.baselineStartedAt})`,
		);
		out.push(
			table(
				['figure', 'baseline', 'this run', 'may worsen by', 'regressed'],
				result.comparison.rows.map((/** @type {import('./lib/compare').ComparisonRow} */ row) => [
					row.label,
					value(row.baseline),
					value(row.current),
					row.allowance === undefined ? '' : value(row.allowance),
					row.note ?? (row.regressed ? 'YES' : 'no'),
				]),
			),
		);
	}
	console.log(out.join('\n'));
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(
			`\nBENCH FAILED: ${error instanceof BenchFailure ? error.message : (error?.stack ?? error)}`,
		);
		process.exit(1);
	},
);
