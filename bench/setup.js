#!/usr/bin/env node
// @ts-check
'use strict';
/**
 * Installs bench/node_modules from bench/package-lock.json (npm ci --ignore-scripts: no install
 * script of n8n-nodes-base's many dependencies needs to run, and some would download binaries),
 * unless the installed tree already matches the lock file.
 */
const { execFileSync } = require('child_process');
const { createHash } = require('crypto');
const fs = require('fs');
const path = require('path');

const dir = __dirname;
const lock = fs.readFileSync(path.join(dir, 'package-lock.json'));
const stamp = path.join(dir, 'node_modules', '.bench-lock-sha256');
const wanted = createHash('sha256').update(lock).digest('hex');
if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === wanted) {
	console.error('bench: node_modules matches package-lock.json');
	process.exit(0);
}
console.error('bench: npm ci --ignore-scripts in bench/ (n8n-nodes-base and its dependencies)…');
execFileSync(
	process.platform === 'win32' ? 'npm.cmd' : 'npm',
	['ci', '--ignore-scripts', '--no-audit', '--no-fund'],
	{
		cwd: dir,
		stdio: 'inherit',
		env: { ...process.env, npm_config_yes: 'true' },
	},
);
fs.writeFileSync(stamp, `${wanted}\n`);
