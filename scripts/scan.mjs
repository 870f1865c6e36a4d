#!/usr/bin/env node
// @ts-check
/**
 * n8n's verification scan, offline: `analyzePackage` of @n8n/scan-community-package over the unpacked
 * `npm pack` tarball (every .js, .ts and .json file in it, the scanner's default), and over the
 * sources it lints in a published package's repository (package.json, nodes/, credentials/). The
 * tarball is unpacked inside the repository so the rules resolve n8n-workflow from node_modules.
 * Exits 1 on any error. Run `npm run build` first (`npm run scan` does).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
	analyzePackage,
	SOURCE_FILE_PATTERNS,
} from '@n8n/scan-community-package/scanner/scanner.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const work = path.join(root, '.scan');
fs.rmSync(work, { recursive: true, force: true });
fs.mkdirSync(path.join(work, 'package'), { recursive: true });

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const [packed] = JSON.parse(
	execFileSync(npm, ['pack', '--json', '--pack-destination', work], {
		cwd: root,
		encoding: 'utf8',
	}),
);
const tarball = path.join(work, packed.filename);
execFileSync('tar', ['-xzf', tarball, '-C', path.join(work, 'package'), '--strip-components=1']);
console.log(
	`# ${packed.filename}: ${packed.entryCount} files, ${(packed.size / 1024).toFixed(1)} kB packed, ${(packed.unpackedSize / 1024).toFixed(1)} kB unpacked`,
);

let failed = 0;
/** @type {Array<[label: string, dir: string, patterns: string[] | undefined]>} */
const scans = [
	['tarball', path.join(work, 'package'), undefined],
	['sources', root, SOURCE_FILE_PATTERNS],
];
for (const [label, dir, patterns] of scans) {
	const result = await analyzePackage(dir, patterns);
	if (result.passed) {
		console.log(`ok - scan of the ${label}: 0 errors`);
	} else {
		failed++;
		console.log(`FAIL - scan of the ${label}: ${result.message}`);
		if (result.details) console.log(result.details);
	}
}
console.log(`${2 - failed} passed, ${failed} failed`);
process.exitCode = failed === 0 ? 0 : 1;
