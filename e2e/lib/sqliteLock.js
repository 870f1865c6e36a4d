// @ts-check
'use strict';

const { spawn } = require('child_process');

// Runs in n8n's Node 24, whose built-in node:sqlite can take the lock without an extra package.
const HOLDER = `
const { DatabaseSync } = require('node:sqlite');
const db = new DatabaseSync(process.argv[1]);
db.exec('BEGIN IMMEDIATE');
process.stdout.write('locked\\n');
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
	const exited = new Promise((resolve) => holder.once('exit', resolve));
	return new Promise((resolve, reject) => {
		const fail = () => reject(new Error(`could not lock ${databaseFile}: ${output.trim()}`));
		holder.once('exit', fail);
		for (const stream of [holder.stdout, holder.stderr]) {
			stream.on('data', (chunk) => {
				output += chunk;
				if (!output.includes('locked\n')) return;
				holder.off('exit', fail);
				resolve({
					async release() {
						holder.stdin.end();
						const code = await exited;
						if (code !== 0)
							throw new Error(`the lock holder exited with ${code}: ${output.trim()}`);
					},
				});
			});
		}
	});
}

module.exports = { lockDatabase };
