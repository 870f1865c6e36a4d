// @ts-check
'use strict';

const { execFileSync, spawn, spawnSync } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const { waitFor } = require('./processes');

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGE = require(path.join(ROOT, 'package.json'));

// Reading and publishing workflows, reading executions: all the tests do through the public API.
const PUBLIC_API_SCOPES = [
	'workflow:read',
	'workflow:list',
	'workflow:activate',
	'workflow:deactivate',
	'execution:read',
	'execution:list',
];

/** @param {string} command @param {string[]} args @param {import('child_process').ExecFileSyncOptions} [options] */
function run(command, args, options = {}) {
	const result = spawnSync(command, args, {
		encoding: 'utf8',
		maxBuffer: 64 * 1024 * 1024,
		...options,
	});
	if (result.status !== 0) {
		const output = `${result.stdout ?? ''}${result.stderr ?? ''}`
			.trimEnd()
			.split('\n')
			.slice(-40)
			.join('\n');
		throw new Error(
			`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}):\n${output}`,
		);
	}
	return String(result.stdout ?? '');
}

/**
 * Installs Node 24 and n8n into the cache when they are missing (see install-n8n.sh) and returns
 * the PATH that puts them first.
 */
function ensureN8n() {
	const out = execFileSync('bash', [path.join(__dirname, '..', 'install-n8n.sh')], {
		encoding: 'utf8',
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	const bins = out.trim().split('\n').slice(-2);
	return [...bins, process.env.PATH ?? ''].join(path.delimiter);
}

/** `npm run build`, quiet unless it fails. */
function buildPackage() {
	run('npm', ['run', 'build'], { cwd: ROOT });
}

/** `npm pack` into `dir`; returns the tarball's path. @param {string} dir */
function packPackage(dir) {
	fs.mkdirSync(dir, { recursive: true });
	const name = run('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: ROOT })
		.trim()
		.split('\n')
		.pop();
	return path.join(dir, String(name));
}

/**
 * Installs the tarball into `<userFolder>/.n8n/nodes` the way n8n 2.x's community-package installer
 * does: unpacked into node_modules/<name>, dev/peer/optional dependencies dropped from its
 * package.json, `npm install` of the runtime dependencies inside it without scripts or lockfile,
 * and the package recorded in nodes/package.json.
 * @param {string} userFolder @param {string} tarball
 */
function installPackage(userFolder, tarball) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const dir = path.join(nodesDir, 'node_modules', PACKAGE.name);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
	const manifestPath = path.join(dir, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(
		fs.readFileSync(manifestPath, 'utf8'),
	);
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	run(
		'npm',
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--loglevel=error',
		],
		{ cwd: dir },
	);
	const nodesManifest = path.join(nodesDir, 'package.json');
	const installed = fs.existsSync(nodesManifest)
		? JSON.parse(fs.readFileSync(nodesManifest, 'utf8'))
		: { name: 'installed-nodes', private: true };
	installed.dependencies = { ...installed.dependencies, [PACKAGE.name]: manifest.version };
	fs.writeFileSync(nodesManifest, JSON.stringify(installed, null, 2));
	return dir;
}

/** A free TCP port on 127.0.0.1 (free when asked; the caller binds it soon after). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {net.AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

/** `n` distinct free ports. @param {number} n @returns {Promise<number[]>} */
async function freePorts(n) {
	const ports = new Set();
	while (ports.size < n) ports.add(await freePort());
	return [...ports];
}

/** @param {number} port */
function portInUse(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/**
 * Environment shared by every n8n process of one instance. `brokerPort` must differ per process:
 * each one (main, worker, webhook, and CLI commands) opens its own task-runner broker.
 * @param {{ pathEnv: string, userFolder: string, port: number, webhookUrl: string, encryptionKey: string, queue?: { redisPort: number },
 *   database?: Record<string, string> }} o SQLite in the n8n home unless `database` says otherwise
 */
function n8nEnv(o) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {
		...process.env,
		PATH: o.pathEnv,
		N8N_USER_FOLDER: o.userFolder,
		N8N_ENCRYPTION_KEY: o.encryptionKey,
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		N8N_PORT: String(o.port),
		WEBHOOK_URL: o.webhookUrl,
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		// Its refresh task calls api.n8n.io; nothing here needs it, and traffic stays on 127.0.0.1.
		N8N_DISABLED_MODULES: 'mcp-registry',
	};
	// npm's own variables (from `npm run`) would leak the project's config into n8n's npm calls.
	for (const key of Object.keys(env)) if (key.startsWith('npm_')) delete env[key];
	Object.assign(env, o.database);
	if (o.queue) {
		Object.assign(env, {
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(o.queue.redisPort),
		});
	}
	return env;
}

/** One n8n installation's processes, CLI and HTTP APIs. */
class N8n {
	/**
	 * @param {{ processes: import('./processes').Processes, env: NodeJS.ProcessEnv, port: number, logDir: string }} o
	 */
	constructor(o) {
		this.processes = o.processes;
		this.env = o.env;
		this.port = o.port;
		this.baseUrl = `http://127.0.0.1:${o.port}`;
		this.logDir = o.logDir;
		/** @type {string | undefined} */
		this.cookie = undefined;
		/** @type {string | undefined} */
		this.apiKey = undefined;
	}

	/**
	 * Runs an n8n CLI command with its own broker port; its output goes to logs/cli.log. Spawned
	 * asynchronously: blocking the event loop for seconds would leave stale keep-alive sockets.
	 * @param {string[]} args
	 */
	async cli(args) {
		const [brokerPort] = await freePorts(1);
		const child = spawn('n8n', args, {
			env: { ...this.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort) },
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		let output = '';
		child.stdout.on('data', (chunk) => (output += chunk));
		child.stderr.on('data', (chunk) => (output += chunk));
		const code = await new Promise((resolve) => {
			child.on('close', (exitCode, signal) => resolve(exitCode ?? signal));
			child.on('error', (error) => resolve(error.message));
		});
		fs.appendFileSync(path.join(this.logDir, 'cli.log'), `$ n8n ${args.join(' ')}\n${output}\n`);
		if (code !== 0)
			throw new Error(
				`n8n ${args.join(' ')} failed (${code}):\n${output.trimEnd().split('\n').slice(-30).join('\n')}`,
			);
		return output;
	}

	/** @param {string} file a JSON array of credentials with plain `data`, encrypted on import */
	async importCredentials(file) {
		await this.cli(['import:credentials', `--input=${file}`]);
	}

	/** @param {string[]} files workflow JSON files, imported in one CLI run */
	async importWorkflows(files) {
		const dir = fs.mkdtempSync(path.join(this.logDir, 'import-'));
		for (const file of files) fs.copyFileSync(file, path.join(dir, path.basename(file)));
		await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
		fs.rmSync(dir, { recursive: true, force: true });
	}

	/**
	 * @param {'start' | 'worker' | 'webhook'} command
	 * @param {{ name?: string, port?: number, args?: string[] }} [o]
	 */
	async startProcess(command, o = {}) {
		const [brokerPort] = await freePorts(1);
		const env = {
			...this.env,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			...(o.port ? { N8N_PORT: String(o.port) } : {}),
		};
		return this.processes.start(o.name ?? `n8n-${command}`, 'n8n', [command, ...(o.args ?? [])], {
			env,
		});
	}

	/** Waits until n8n answers /healthz/readiness (database up and migrated). @param {import('./processes').Started} proc */
	async waitReady(proc, port = this.port, timeoutMs = 240000) {
		await waitFor(
			`${proc.name} to be ready on port ${port}`,
			async () => {
				if (proc.exitCode() !== undefined)
					throw new Error(`${proc.name} exited with code ${proc.exitCode()}`);
				const response = await fetch(`http://127.0.0.1:${port}/healthz/readiness`).catch(
					() => undefined,
				);
				return response?.ok;
			},
			{ timeoutMs, intervalMs: 250 },
		);
	}

	/** Waits for a log line, e.g. the worker's "n8n worker is now ready". @param {import('./processes').Started} proc @param {RegExp} pattern */
	async waitForLog(proc, pattern, timeoutMs = 240000) {
		await waitFor(
			`${proc.name} to log ${pattern}`,
			() => {
				if (proc.exitCode() !== undefined)
					throw new Error(`${proc.name} exited with code ${proc.exitCode()}`);
				return pattern.test(fs.readFileSync(proc.log, 'utf8'));
			},
			{ timeoutMs },
		);
	}

	/**
	 * @param {string} method @param {string} urlPath
	 * @param {{ body?: unknown, headers?: Record<string, string>, expectOk?: boolean }} [o]
	 */
	async request(method, urlPath, o = {}) {
		const response = await fetch(`${this.baseUrl}${urlPath}`, {
			method,
			headers: {
				...(o.body === undefined ? {} : { 'content-type': 'application/json' }),
				...o.headers,
			},
			body: o.body === undefined ? undefined : JSON.stringify(o.body),
		});
		const text = await response.text();
		/** @type {any} */
		let json;
		try {
			json = text ? JSON.parse(text) : undefined;
		} catch {
			json = undefined;
		}
		if (o.expectOk !== false && !response.ok)
			throw new Error(`${method} ${urlPath} answered ${response.status}: ${text.slice(0, 500)}`);
		return { status: response.status, json, text, headers: response.headers };
	}

	/** The internal REST API with the owner's session cookie. @param {string} method @param {string} urlPath @param {unknown} [body] */
	async rest(method, urlPath, body) {
		return (
			await this.request(method, `/rest${urlPath}`, {
				body,
				headers: this.cookie ? { cookie: this.cookie } : {},
			})
		).json;
	}

	/** The public API with the API key. @param {string} method @param {string} urlPath @param {unknown} [body] */
	async api(method, urlPath, body) {
		return (
			await this.request(method, `/api/v1${urlPath}`, {
				body,
				headers: { 'X-N8N-API-KEY': String(this.apiKey) },
			})
		).json;
	}

	/** Sets up the owner on a new instance, or logs in on one that has it. @param {{ email: string, password: string }} owner */
	async signIn(owner) {
		let response = await this.request('POST', '/rest/owner/setup', {
			body: { ...owner, firstName: 'Demo', lastName: 'Owner' },
			expectOk: false,
		});
		if (!response.headers.get('set-cookie')) {
			response = await this.request('POST', '/rest/login', {
				body: { emailOrLdapLoginId: owner.email, password: owner.password },
			});
		}
		this.cookie = String(response.headers.get('set-cookie')).split(';')[0];
	}

	/** Creates an API key for the public API, by default with the scopes the tests' calls need. */
	async createApiKey(scopes = PUBLIC_API_SCOPES, label = `key-${Date.now()}`) {
		const created = await this.rest('POST', '/api-keys', { label, expiresAt: null, scopes });
		this.apiKey = created.data.rawApiKey;
	}

	/** The workflow's executions, newest first, with their data. @param {string} workflowId */
	async executions(workflowId, limit = 250) {
		const page = await this.api(
			'GET',
			`/executions?workflowId=${workflowId}&includeData=true&limit=${limit}`,
		);
		return /** @type {any[]} */ (page.data);
	}

	/** The workflow's executions without their data, every page, with their status. @param {string} workflowId */
	async executionStatuses(workflowId) {
		/** @type {string[]} */
		const statuses = [];
		let cursor = '';
		do {
			const page = await this.api(
				'GET',
				`/executions?workflowId=${workflowId}&limit=250${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
			);
			statuses.push(...page.data.map((/** @type {any} */ e) => String(e.status)));
			cursor = page.nextCursor ?? '';
		} while (cursor);
		return statuses;
	}

	/** @param {string} workflowId */
	async publish(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/publish`);
	}

	/** @param {string} workflowId */
	async unpublish(workflowId) {
		return await this.api('POST', `/workflows/${workflowId}/unpublish`);
	}
}

const defaultCache = () =>
	process.env.N8N_E2E_CACHE || path.join(os.homedir(), '.cache', 'n8n-nodes-twilio-messaging');

module.exports = {
	ROOT,
	PACKAGE,
	N8n,
	n8nEnv,
	ensureN8n,
	buildPackage,
	packPackage,
	installPackage,
	freePorts,
	portInUse,
	defaultCache,
	run,
};
