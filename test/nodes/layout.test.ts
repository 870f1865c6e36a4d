import fs from 'fs';
import path from 'path';

const ROOT = path.resolve(__dirname, '../..');
const NODES = ['nodes/TwilioMessaging', 'nodes/TwilioMessagingTrigger'];

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
		const relative = path.posix.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(relative);
		return /\.ts$/.test(entry.name) ? [relative] : [];
	});
}

/** Every module a file names: static imports and re-exports, `import()`, `require()`. */
function importSpecifiers(source: string): string[] {
	const patterns = [
		/\b(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
		/\bimport\s*['"]([^'"]+)['"]/g,
		/\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
	];
	return patterns.flatMap((pattern) => [...source.matchAll(pattern)].map((match) => match[1]));
}

/** The repository folders a file's relative imports reach, as paths from the repository root. */
function importedPaths(file: string): string[] {
	return importSpecifiers(fs.readFileSync(path.join(ROOT, file), 'utf8'))
		.filter((specifier) => specifier.startsWith('.'))
		.map((specifier) => path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
}

const inside = (target: string, dir: string) => target === dir || target.startsWith(`${dir}/`);

describe('import specifiers', () => {
	it('finds static, side-effect, dynamic and re-exported imports', () => {
		const source = [
			"import type { A } from '../a';",
			'import {\n\tB,\n\tC,\n} from "../b";',
			"import '../c';",
			"export { D } from '../d';",
			"export * from '../e';",
			"const f = require('../f');",
			"const g = await import('../g');",
		].join('\n');
		expect(importSpecifiers(source)).toEqual([
			'../a',
			'../b',
			'../d',
			'../e',
			'../c',
			'../f',
			'../g',
		]);
	});
});

/** Files under `dirs` whose text matches `pattern`, as paths from the repository root. */
function filesMatching(pattern: RegExp, dirs: string[]): string[] {
	return dirs
		.flatMap(sourceFiles)
		.filter((file) => pattern.test(fs.readFileSync(path.join(ROOT, file), 'utf8')));
}

describe('one home for each Twilio rule', () => {
	it('SID patterns are written only in nodes/shared/domain/sids.ts', () => {
		expect(filesMatching(/\{32\}/, ['nodes', 'credentials'])).toEqual([
			'nodes/shared/domain/sids.ts',
		]);
	});

	it('HTTP Basic auth is built only in nodes/shared/transport/basicAuth.ts', () => {
		expect(
			filesMatching(/toString\(\s*['"]base64['"]\s*\)|\bauth\s*:\s*\{\s*username/, [
				'nodes',
				'credentials',
			]),
		).toEqual(['nodes/shared/transport/basicAuth.ts']);
	});
});

describe('the two nodes are siblings', () => {
	for (const own of NODES) {
		const others = NODES.filter((dir) => dir !== own);
		it(`nothing under ${own} imports from ${others.join(', ')}`, () => {
			const crossings = sourceFiles(own).flatMap((file) =>
				importedPaths(file)
					.filter((target) => others.some((other) => inside(target, other)))
					.map((target) => `${file} -> ${target}`),
			);
			expect(crossings).toEqual([]);
		});
	}

	it('shared code and the credential import from neither node', () => {
		const crossings = [...sourceFiles('nodes/shared'), ...sourceFiles('credentials')].flatMap(
			(file) =>
				importedPaths(file)
					.filter((target) => NODES.some((node) => inside(target, node)))
					.map((target) => `${file} -> ${target}`),
		);
		expect(crossings).toEqual([]);
	});
});
