// Declarations of the untyped packages the JavaScript tooling imports, as far as it uses them.

declare module 'gulp' {
	export function src(globs: string, options?: { encoding?: boolean }): NodeJS.ReadWriteStream;
	export function dest(folder: string): NodeJS.WritableStream;
	export function parallel(...tasks: Array<() => unknown>): () => unknown;
}

declare module 'eslint-plugin-n8n-nodes-base' {
	import type { ESLint, Linter } from 'eslint';
	const plugin: ESLint.Plugin & {
		configs: Record<'community' | 'credentials' | 'nodes', { rules: Linter.RulesRecord }>;
	};
	export default plugin;
}

declare module '@n8n/scan-community-package/scanner/scanner.mjs' {
	/** The files of a package's repository that n8n's scan lints. */
	export const SOURCE_FILE_PATTERNS: string[];
	/** Lints a package folder with n8n's verification rules. */
	export function analyzePackage(
		dir: string,
		patterns?: string[],
	): Promise<{ passed: boolean; message?: string; details?: string }>;
}
