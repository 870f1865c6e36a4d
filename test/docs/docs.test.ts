import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import type { INodeTypeDescription } from 'n8n-workflow';
import { TwilioMessaging } from '../../nodes/TwilioMessaging/TwilioMessaging.node';
import { TwilioMessagingTrigger } from '../../nodes/TwilioMessagingTrigger/TwilioMessagingTrigger.node';
import {
	anchors,
	documentationFiles,
	inlineCode,
	links,
	readMarkdown,
	ROOT,
	shellCommands,
	type CodeBlock,
} from './markdown';
import { parameterProblems } from './nodeParameters';

// Every fenced block says what it is. Workflows, node parameters, commands and scripts are checked;
// TwiML, output samples, file trees and printed output are not.
const CHECKED = {
	json: 'JSON: parses; node parameters and workflows match the nodes',
	sh: 'shell commands',
	bash: 'shell commands',
	js: 'JavaScript, run',
};
const NOT_CHECKED = { text: 'output, file trees', xml: 'TwiML' };

const docs = documentationFiles().map(readMarkdown);
const blocks = docs.flatMap((doc) => doc.blocks);
const at = (block: CodeBlock) => `${block.file}:${block.line}`;

const packageJson = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	name: string;
	scripts: Record<string, string>;
};
const descriptions: Record<string, INodeTypeDescription> = {
	[`${packageJson.name}.twilioMessaging`]: new TwilioMessaging().description,
	[`${packageJson.name}.twilioMessagingTrigger`]: new TwilioMessagingTrigger().description,
};

interface WorkflowNode {
	name: string;
	type: string;
	typeVersion: number;
	parameters: Record<string, unknown>;
}

function workflowProblems(workflow: { nodes: WorkflowNode[] }): string[] {
	return workflow.nodes.flatMap((node) => {
		const description = descriptions[node.type];
		if (!description)
			return node.type.startsWith(`${packageJson.name}.`)
				? [`${node.name}: no node type ${node.type}`]
				: [];
		const versions = ([] as number[]).concat(description.version);
		const version = versions.includes(node.typeVersion)
			? []
			: [`${node.name}: typeVersion ${node.typeVersion}, the node has ${versions.join(', ')}`];
		return [
			...version,
			...parameterProblems(description, node.parameters).map(
				(problem) => `${node.name}: ${problem}`,
			),
		];
	});
}

/** The source of the program an npm script or a `node` command runs, to check the flags given to it. */
function programOf(words: string[]): string | undefined {
	const file = words.slice(1).find((word) => !word.startsWith('-'));
	return file && fs.existsSync(path.join(ROOT, file)) ? file : undefined;
}

function scriptProgram(script: string): string | undefined {
	const nodeCommands = shellCommands(packageJson.scripts[script] ?? '').filter(
		(words) => words[0] === 'node',
	);
	return nodeCommands.length > 0 ? programOf(nodeCommands[nodeCommands.length - 1]) : undefined;
}

/** Environment variables and the code that reads them: everything but the docs and this test. */
const codeText = (() => {
	const skip = new Set([
		'node_modules',
		'dist',
		'.git',
		'docs',
		'specs',
		'.work',
		'results',
		'.n8n-dev',
		'.cache',
	]);
	const read = (dir: string): string[] =>
		fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
			const relative = path.join(dir, entry.name);
			if (entry.isDirectory())
				return skip.has(entry.name) || relative === path.join('test', 'docs') ? [] : read(relative);
			return /\.(ts|js|mjs|sh|json|ya?ml)$/.test(entry.name) || relative === path.join('.ci', 'run')
				? [fs.readFileSync(path.join(ROOT, relative), 'utf8')]
				: [];
		});
	return read('.').join('\n');
})();
const ENV_NAME = /^([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)(?:=\S*)?$/;
const envProblem = (name: string) =>
	new RegExp(`\\b${name}\\b`).test(codeText) ? [] : [`${name}: no code reads this variable`];

const NPM_COMMANDS = new Set(['ci', 'install', 'pack', 'version', 'publish']);
const OTHER_COMMANDS = new Set(['cd', 'curl', 'git', 'apt-get', 'du']);

/** What is wrong with one command a doc shows; `--help` of a plain `node` script is run. */
function commandProblems(command: string[]): string[] {
	const words = [...command];
	const problems: string[] = [];
	while (words.length > 1 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0])) {
		problems.push(...envProblem((words.shift() as string).split('=')[0]));
	}
	const [program, ...args] = words;
	let target: string | undefined;
	let passed: string[] = [];
	if (program === 'npm') {
		const script = args[0] === 'run' ? args[1] : args[0] === 'test' ? 'test' : undefined;
		if (script === undefined)
			return NPM_COMMANDS.has(args[0])
				? problems
				: [...problems, `npm ${args[0]}: not an npm command the docs use`];
		if (!packageJson.scripts[script])
			return [...problems, `npm run ${script}: no such script in package.json`];
		target = scriptProgram(script);
		const separator = args.indexOf('--');
		passed = separator < 0 ? [] : args.slice(separator + 1);
		if (
			passed[passed.length - 1] === '--help' &&
			shellCommands(packageJson.scripts[script]).length === 1 &&
			target
		) {
			problems.push(...helpProblems([target, ...passed]));
		}
	} else if (program === 'node') {
		target = programOf(words);
		if (!target) return [...problems, `node ${args.join(' ')}: no such file`];
		passed = args.slice(args.indexOf(target) + 1);
		if (passed[passed.length - 1] === '--help') problems.push(...helpProblems([target, ...passed]));
	} else if (program === 'npx') {
		const bin = args.find((word) => !word.startsWith('-')) ?? '';
		if (!fs.existsSync(path.join(ROOT, 'node_modules', '.bin', bin)))
			problems.push(`npx ${bin}: not installed by package.json`);
	} else if (program === 'bash' || program === 'sh') {
		if (!fs.existsSync(path.join(ROOT, args[0] ?? '')))
			problems.push(`${program} ${args[0]}: no such file`);
	} else if (!OTHER_COMMANDS.has(program)) {
		problems.push(`${program}: not a command the docs are known to use`);
	}
	if (target) {
		const source = fs.readFileSync(path.join(ROOT, target), 'utf8');
		for (const flag of passed.filter((word) => /^--[a-z]/.test(word))) {
			const name = flag.split('=')[0];
			const camelCase = name
				.slice(2)
				.replace(/-([a-z0-9])/g, (_dash, letter: string) => letter.toUpperCase());
			if (!source.includes(name) && !new RegExp(`\\b${camelCase}\\b`).test(source))
				problems.push(`${flag}: ${target} has no such option`);
		}
	}
	return problems;
}

function helpProblems(args: string[]): string[] {
	try {
		execFileSync(process.execPath, args, { cwd: ROOT, stdio: 'pipe', timeout: 20_000 });
		return [];
	} catch (error) {
		return [
			`node ${args.join(' ')} failed: ${String((error as { stderr?: Buffer }).stderr ?? error)}`,
		];
	}
}

describe('every fenced block', () => {
	it('says what it holds with a language tag', () => {
		const known = { ...CHECKED, ...NOT_CHECKED };
		expect(
			blocks
				.filter((block) => !(block.language in known))
				.map((block) => `${at(block)}: "${block.language}"`),
		).toEqual([]);
	});
});

describe('JSON blocks', () => {
	const json = blocks.filter((block) => block.language === 'json');
	const parsed = json.map((block) => ({
		block,
		value: JSON.parse(block.text) as Record<string, unknown>,
	}));

	it('parse', () => {
		expect(json.length).toBeGreaterThan(10);
	});

	it('that are node parameters have only parameters the node knows, with values it allows', () => {
		const parameterBlocks = parsed.filter(
			({ value }) => 'resource' in value && 'operation' in value,
		);
		expect(parameterBlocks.length).toBeGreaterThanOrEqual(3);
		const action = descriptions[`${packageJson.name}.twilioMessaging`];
		expect(
			parameterBlocks.flatMap(({ block, value }) =>
				parameterProblems(action, value).map((problem) => `${at(block)}: ${problem}`),
			),
		).toEqual([]);
	});

	it('that are workflows match the nodes', () => {
		const workflows = parsed.filter(({ value }) => Array.isArray(value.nodes));
		expect(
			workflows.flatMap(({ block, value }) =>
				workflowProblems(value as never).map((problem) => `${at(block)}: ${problem}`),
			),
		).toEqual([]);
	});
});

describe('the example workflows', () => {
	const examples = fs
		.readdirSync(path.join(ROOT, 'examples'))
		.filter((file) => file.endsWith('.json'));

	it.each(examples)('%s matches the nodes', (file) => {
		const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples', file), 'utf8')) as {
			nodes: WorkflowNode[];
		};
		expect(workflow.nodes.some((node) => node.type in descriptions)).toBe(true);
		expect(workflowProblems(workflow)).toEqual([]);
	});

	it('are each linked from the README', () => {
		const readme = docs.find((doc) => doc.file === 'README.md');
		const linked = new Set(
			links(readme?.prose ?? '').map((target) => path.normalize(target.split('#')[0])),
		);
		expect(examples.filter((file) => !linked.has(path.join('examples', file)))).toEqual([]);
	});
});

describe('shell blocks', () => {
	const shell = blocks.filter((block) => block.language === 'sh' || block.language === 'bash');

	it.each(shell.map((block) => [at(block), block] as const))(
		'%s parses and names scripts, files and variables that exist',
		(_where, block) => {
			execFileSync('bash', ['-n'], { input: block.text, stdio: 'pipe' });
			expect(shellCommands(block.text).flatMap(commandProblems)).toEqual([]);
		},
	);
});

describe('JavaScript blocks', () => {
	const js = blocks.filter((block) => block.language === 'js');

	it.each(js.map((block) => [at(block), block] as const))('%s runs', (_where, block) => {
		const script = `(async () => {\n${block.text}\n})().catch((error) => { console.error(error); process.exit(1); });`;
		execFileSync(process.execPath, ['-e', script], { cwd: ROOT, stdio: 'pipe', timeout: 20_000 });
	});
});

describe('commands and variables named in the text', () => {
	const spans = docs.flatMap((doc) =>
		inlineCode(doc.prose).map((code) => ({ file: doc.file, code })),
	);

	it('name npm scripts, files and options that exist', () => {
		const commands = spans.filter(({ code }) =>
			/^(?:[A-Z][A-Z0-9_]*=\S+ )*(?:npm (?:run \S|test\b)|node .*\.m?js\b)/.test(code),
		);
		expect(commands.length).toBeGreaterThan(10);
		expect(
			commands.flatMap(({ file, code }) =>
				shellCommands(code)
					.flatMap(commandProblems)
					.map((problem) => `${file}: \`${code}\`: ${problem}`),
			),
		).toEqual([]);
	});

	it('name environment variables the code reads', () => {
		const names = spans
			.map(({ file, code }) => ({ file, name: ENV_NAME.exec(code)?.[1] }))
			.filter(({ name }) => name !== undefined);
		expect(names.length).toBeGreaterThan(10);
		expect(
			names.flatMap(({ file, name }) =>
				envProblem(name as string).map((problem) => `${file}: ${problem}`),
			),
		).toEqual([]);
	});
});

describe('paths named in the docs', () => {
	// `nodes/…`, `test/…`: in the text, and at the start of a line of a file tree.
	const PATH =
		/^(?:nodes|credentials|test|e2e|sandbox|bench|browser|scripts|examples|docs|specs|\.ci|\.github)\/[\w./-]*$/;
	const named = docs.flatMap((doc) => [
		...inlineCode(doc.prose).map((code) => ({ file: doc.file, name: code })),
		...doc.blocks
			.filter((block) => block.language === 'text')
			.flatMap((block) =>
				block.text
					.split('\n')
					.map((line) => ({ file: doc.file, name: line.trim().split(/\s/)[0] })),
			),
	]);

	it('exist', () => {
		const paths = named.filter(({ name }) => PATH.test(name) && !name.includes('…'));
		expect(paths.length).toBeGreaterThan(20);
		const missing = paths.filter(
			({ name }) => !fs.existsSync(path.join(ROOT, name.replace(/[.,:;]$/, ''))),
		);
		// What runs write (logs, results) is git-ignored, not missing.
		const ignored = (name: string) =>
			[name, `${name}/`].some((candidate) => {
				try {
					execFileSync('git', ['check-ignore', '-q', '--no-index', candidate], { cwd: ROOT });
					return true;
				} catch {
					return false;
				}
			});
		expect(
			missing.filter(({ name }) => !ignored(name)).map(({ file, name }) => `${file}: ${name}`),
		).toEqual([]);
	});
});

describe('links between the docs', () => {
	const anchorsOf = new Map(docs.map((doc) => [doc.file, anchors(doc.headings)]));

	it.each(docs.map((doc) => [doc.file, doc] as const))(
		'%s: every relative link and anchor resolves',
		(_file, doc) => {
			const broken = links(doc.prose).filter((target) => {
				const [file, anchor] = target.split('#');
				const resolved = file
					? path.normalize(path.join(path.dirname(doc.file), decodeURIComponent(file)))
					: doc.file;
				if (!fs.existsSync(path.join(ROOT, resolved))) return true;
				if (anchor === undefined) return false;
				return !(
					anchorsOf.get(resolved) ??
					anchors(resolved.endsWith('.md') ? readMarkdown(resolved).headings : [])
				).has(anchor);
			});
			expect(broken).toEqual([]);
		},
	);
});

describe('the README', () => {
	const readme = docs.find((doc) => doc.file === 'README.md');
	const action = descriptions[`${packageJson.name}.twilioMessaging`];
	const named = (options: unknown) =>
		(options as Array<{ name: string; value: string }>).map((option) => option.name);
	const resources = new Map(
		(
			(action.properties.find((property) => property.name === 'resource')?.options ?? []) as Array<{
				name: string;
				value: string;
			}>
		).map((option) => [option.value, option.name]),
	);
	const operations = action.properties
		.filter((property) => property.name === 'operation')
		.flatMap((property) =>
			(property.displayOptions?.show?.resource ?? []).flatMap((resource) =>
				named(property.options).map(
					(operation) => `${resources.get(resource as string)} → ${operation}`,
				),
			),
		);

	it('lists every operation of the node in its table, and only those', () => {
		const table = [
			...(readme?.prose ?? '').matchAll(/^\| (Message|Content Template|Account) \| \[([^\]]+)\]/gm),
		].map((row) => `${row[1]} → ${row[2]}`);
		expect(operations.length).toBeGreaterThan(10);
		expect(table.sort()).toEqual([...operations].sort());
	});

	it('has a section for every operation', () => {
		expect(operations.filter((operation) => !readme?.headings.includes(operation))).toEqual([]);
	});
});

describe('the README and CI', () => {
	it('the README shows every test command .ci/run runs', () => {
		const ci = shellCommands(fs.readFileSync(path.join(ROOT, '.ci', 'run'), 'utf8'))
			.filter(
				(words) => words[0] === 'npm' && (words[1] === 'test' || /^test:/.test(words[2] ?? '')),
			)
			.map((words) => (words[1] === 'test' ? 'npm test' : `npm run ${words[2]}`));
		expect(ci.length).toBeGreaterThanOrEqual(2);
		const readme = docs.find((doc) => doc.file === 'README.md');
		const shown = new Set(
			(readme?.blocks ?? [])
				.filter((block) => block.language === 'sh')
				.flatMap((block) => shellCommands(block.text))
				.map((words) => (words[1] === 'test' ? 'npm test' : words.slice(0, 3).join(' '))),
		);
		expect(ci.filter((command) => !shown.has(command))).toEqual([]);
	});
});
