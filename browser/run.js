#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * Browser suite: n8n 2.41.1's real editor in headless Chromium (Debian's chromium driven by
 * playwright-core), with the packed package and the Twilio sandbox, all on 127.0.0.1 and
 * stopped by PID. Prints `ok - …` / `FAIL - …` and ends with `N passed, M failed`.
 * Screenshots go to browser/.work/screenshots.
 */

const fs = require('fs');
const path = require('path');
const { launchChromium, newPage } = require('./lib/chromium');
const { Editor } = require('./lib/editor');
const scenarios = require('./scenarios');
const { Checks } = require('../e2e/lib/checks');
const { ROOT, ensureN8n, buildPackage, packPackage, freePorts } = require('../e2e/lib/n8n');
const { Processes } = require('../e2e/lib/processes');
const { startSandbox } = require('../e2e/lib/sandbox');
const { prepareInstance } = require('../e2e/lib/stack');

const WORK = path.resolve(process.env.BROWSER_WORK_DIR || path.join(__dirname, '.work'));
const ENCRYPTION_KEY = 'browser-encryption-key-twilio-messaging';
const OWNER = { email: 'owner@example.com', password: 'BrowserOwnerPassw0rd!' };
const FILES = {
	send: path.join(__dirname, 'workflows', 'browser-send.json'),
	trigger: path.join(__dirname, 'workflows', 'browser-trigger.json'),
};
const IDS = {
	send: JSON.parse(fs.readFileSync(FILES.send, 'utf8')).id,
	trigger: JSON.parse(fs.readFileSync(FILES.trigger, 'utf8')).id,
};

const checks = new Checks();
const processes = new Processes(path.join(WORK, 'logs'));
const log = (/** @type {string} */ text) => console.log(`# ${text}`);

async function main() {
	const started = Date.now();
	fs.rmSync(WORK, { recursive: true, force: true });
	fs.mkdirSync(WORK, { recursive: true });
	/** @type {import('playwright-core').Browser | undefined} */
	let browser;
	processes.stopAllOnSignal(() => browser?.close());
	const screenshots = path.join(WORK, 'screenshots');
	try {
		const pathEnv = ensureN8n();
		buildPackage();
		const tarball = packPackage(WORK);
		const [sandboxPort] = await freePorts(1);
		const sandbox = await startSandbox(processes, sandboxPort, { name: 'browser-sandbox' });
		const { n8n } = await prepareInstance({
			processes,
			dir: WORK,
			tarball,
			pathEnv,
			encryptionKey: ENCRYPTION_KEY,
			workflows: Object.values(FILES),
		});
		const server = await n8n.startProcess('start', { name: 'browser-n8n' });
		await n8n.waitReady(server);
		await n8n.signIn(OWNER);
		log(
			`n8n on ${n8n.baseUrl}, sandbox on ${sandbox.client.url} (${((Date.now() - started) / 1000).toFixed(0)} s)`,
		);

		browser = await launchChromium();
		const page = await newPage(browser, n8n.baseUrl);
		const editor = new Editor(page, screenshots);
		await editor.signIn(OWNER);
		/** @type {scenarios.Context} */
		const ctx = { checks, editor, sandbox: sandbox.client, ids: IDS };
		// Each scenario goes on from where the one before left the node panel.
		const steps = /** @type {const} */ ([
			['credential modal and nodes panel', scenarios.addNodeAndCredential],
			['inline body', scenarios.inlineBody],
			['options of SMS from a number', scenarios.optionsFollowSender],
			['WhatsApp template', scenarios.whatsappTemplate],
			['stale choices', scenarios.noStaleChoice],
			['subtitle', scenarios.subtitle],
			['trigger notice', scenarios.triggerNotice],
		]);
		for (const [name, scenario] of steps) {
			const ok = await checks.step(`scenario "${name}" ran to its end`, async () => {
				await scenario(ctx);
				return true;
			});
			if (!ok) {
				await editor.screenshot(`failed-${name.replace(/\W+/g, '-')}`);
				// A dialog left open would block every later scenario.
				await page.keyboard.press('Escape');
			}
		}
	} catch (error) {
		checks.check(
			'the browser run got through all its steps',
			false,
			/** @type {Error} */ (error).stack,
		);
	} finally {
		await browser?.close().catch(() => undefined);
		if (checks.failed > 0)
			console.log(`\n# log tails\n${processes.tails(30)}\n# full logs under ${WORK}`);
		await processes.stopAll();
	}
	log(
		`screenshots in ${path.relative(ROOT, screenshots)}; total ${((Date.now() - started) / 1000).toFixed(0)} s`,
	);
	console.log(checks.summary());
	process.exitCode = checks.failed > 0 ? 1 : 0;
}

main();
