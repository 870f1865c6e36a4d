// @ts-check
'use strict';

const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { waitFor } = require('./processes');
const { aptInstall } = require('./apt');

const PG_ROOT = '/usr/lib/postgresql';

/** The newest installed PostgreSQL's bin directory, or undefined. */
function pgBin() {
	if (!fs.existsSync(PG_ROOT)) return undefined;
	const versions = fs
		.readdirSync(PG_ROOT)
		.filter((v) => fs.existsSync(path.join(PG_ROOT, v, 'bin', 'postgres')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(PG_ROOT, versions[0], 'bin') : undefined;
}

/** Installs Debian's postgresql when it is missing (needs root, as on CI). Returns its bin directory. */
function ensurePostgres() {
	const existing = pgBin();
	if (existing) return existing;
	aptInstall(
		'postgresql',
		'install postgresql yourself, or E2E_QUEUE_DB=sqlite (SQLite shared by three processes; may fail with SQLITE_BUSY)',
	);
	const installed = pgBin();
	if (!installed) throw new Error(`postgresql installed, but no server binary under ${PG_ROOT}`);
	return installed;
}

/**
 * A throw-away PostgreSQL cluster on 127.0.0.1 with trust authentication and durability off (a
 * test database). PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 * @param {import('./processes').Processes} processes @param {number} port @param {string} dir @param {string} name
 */
async function startPostgres(processes, port, dir, name) {
	const bin = ensurePostgres();
	const data = path.resolve(dir, 'data');
	fs.mkdirSync(dir, { recursive: true });
	const asRoot = process.getuid?.() === 0;
	if (asRoot) spawnSync('chown', ['-R', 'postgres:postgres', dir]);
	/** @param {string} command @param {string[]} args */
	const as = (command, args) =>
		asRoot
			? [
					'setpriv',
					['--reuid=postgres', '--regid=postgres', '--init-groups', '--', command, ...args],
				]
			: [command, args];
	const [initCommand, initArgs] = as(path.join(bin, 'initdb'), [
		'-D',
		data,
		'-U',
		'n8n',
		'--auth=trust',
		'-E',
		'UTF8',
		'--no-instructions',
	]);
	const init = spawnSync(/** @type {string} */ (initCommand), /** @type {string[]} */ (initArgs), {
		encoding: 'utf8',
	});
	if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}${init.stderr}`);
	const [command, args] = as(path.join(bin, 'postgres'), [
		'-D',
		data,
		'-p',
		String(port),
		'-k',
		path.resolve(dir),
		'-c',
		'listen_addresses=127.0.0.1',
		'-c',
		'fsync=off',
		'-c',
		'synchronous_commit=off',
		'-c',
		'full_page_writes=off',
	]);
	const proc = processes.start(
		name,
		/** @type {string} */ (command),
		/** @type {string[]} */ (args),
	);
	await waitFor('PostgreSQL to accept connections', () => {
		if (proc.exitCode() !== undefined)
			throw new Error(`postgres exited with code ${proc.exitCode()}`);
		return (
			spawnSync(path.join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)]).status === 0
		);
	});
	return proc;
}

/** n8n's settings for that cluster. @param {number} port */
function postgresEnv(port) {
	return {
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(port),
		DB_POSTGRESDB_DATABASE: 'postgres',
		DB_POSTGRESDB_USER: 'n8n',
		DB_POSTGRESDB_PASSWORD: '',
	};
}

module.exports = { startPostgres, postgresEnv };
