// @ts-check
'use strict';

const { spawn } = require('child_process');

// Written on stdout only once BEGIN IMMEDIATE succeeded; SQLite's own "database is locked" error on
// stderr must never pass for it.
const HELD = 'write-lock-held';

// Runs in n8n's Node 24, whose built-in node:sqlite can take the lock without an extra package.
// The busy timeout waits out a write n8n may have in progress (executions of an earlier test being
// saved) instead of failing on it.
const HOLDER = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1], { timeout: 30000 });
db.exec('BEGIN IMMEDIATE');
process.stdout.write('${HELD}\\n');
process.stdin.resume();
process.stdin.on('end', () => { db.exec('COMMIT'); db.close(); process.exit(0); });
`;

/**
 * Holds SQLite's write lock on n8n's database, as a long write of another connection would: n8n
 * can still read, but every write (creating an execution first of all) fails with SQLITE_BUSY.
 * Resolves once the lock is held; `release()` commits and waits for the holder to exit.
 * @param {string} databaseFile @param {string} pathEnv PATH with n8n's Node first
 */
function lockDatabase(databaseFile, pathEnv) {
	const holder = spawn('node', ['--no-warnings', '-e', HOLDER, databaseFile], {
		env: { ...process.env, PATH: pathEnv },
		stdio: ['pipe', 'pipe', 'pipe'],
	});
	let output = '';
	let stdout = '';
	holder.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => holder.once('exit', resolve));
	return new Promise((resolve, reject) => {
		const fail = () => reject(new Error(`could not lock ${databaseFile}: ${output.trim()}`));
		holder.once('exit', fail);
		holder.stdout.on('data', (chunk) => {
			output += chunk;
			stdout += chunk;
			if (!stdout.includes(`${HELD}\n`)) return;
			holder.off('exit', fail);
			resolve({
				async release() {
					holder.stdin.end();
					const code = await exited;
					if (code !== 0) throw new Error(`the lock holder exited with ${code}: ${output.trim()}`);
				},
			});
		});
	});
}

module.exports = { lockDatabase };
