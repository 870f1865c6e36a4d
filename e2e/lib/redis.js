// @ts-check
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { waitFor } = require('./processes');
const { aptInstall } = require('./apt');

const has = (/** @type {string} */ command) =>
	spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;

/** Installs Debian's redis-server when it is missing (needs root, as on CI). */
function ensureRedis() {
	if (has('redis-server') && has('redis-cli')) return;
	aptInstall('redis-server', 'install redis-server yourself, or E2E_QUEUE=0 to skip queue mode');
}

/**
 * A throw-away Redis on 127.0.0.1 without persistence.
 * @param {import('./processes').Processes} processes @param {number} port @param {string} dir @param {string} name
 */
async function startRedis(processes, port, dir, name) {
	fs.mkdirSync(dir, { recursive: true });
	const proc = processes.start(name, 'redis-server', [
		'--bind',
		'127.0.0.1',
		'--port',
		String(port),
		'--save',
		'',
		'--appendonly',
		'no',
		'--dir',
		path.resolve(dir),
	]);
	await waitFor('redis to answer PING', () => {
		if (proc.exitCode() !== undefined)
			throw new Error(`redis-server exited with code ${proc.exitCode()}`);
		return (
			spawnSync('redis-cli', ['-h', '127.0.0.1', '-p', String(port), 'ping'], {
				encoding: 'utf8',
			}).stdout.trim() === 'PONG'
		);
	});
	return proc;
}

module.exports = { ensureRedis, startRedis };
