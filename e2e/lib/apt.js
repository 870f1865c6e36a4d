// @ts-check
'use strict';

const { spawnSync } = require('child_process');

/**
 * Installs a Debian package with apt-get (needs root, as on CI). On failure the error ends with the
 * last lines apt printed and `otherwise`, what the person can do instead.
 * @param {string} debianPackage @param {string} otherwise
 */
function aptInstall(debianPackage, otherwise) {
	console.log(`installing ${debianPackage} from Debian (apt-get)`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	for (const args of [['update'], ['install', '-y', debianPackage]]) {
		const result = spawnSync('apt-get', args, { env, encoding: 'utf8' });
		if (result.status !== 0) {
			const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
				.split('\n')
				.slice(-15)
				.join('\n');
			throw new Error(`apt-get ${args.join(' ')} failed (${otherwise}):\n${output}`);
		}
	}
}

module.exports = { aptInstall };
