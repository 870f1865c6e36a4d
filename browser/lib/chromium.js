// @ts-check
'use strict';

const fs = require('fs');
const { aptInstall } = require('../../e2e/lib/apt');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Installs Debian's chromium when it is missing (needs root, as on CI). Driver libraries cannot
 * download a browser build here, so the system's chromium is the browser.
 */
function ensureChromium() {
	if (fs.existsSync(CHROMIUM)) return CHROMIUM;
	aptInstall('chromium', 'install chromium yourself, or set CHROMIUM_PATH');
	if (!fs.existsSync(CHROMIUM)) throw new Error(`chromium installed, but ${CHROMIUM} is missing`);
	return CHROMIUM;
}

/**
 * A headless chromium driven by playwright-core. `--no-sandbox` because CI runs as root;
 * `--disable-dev-shm-usage` because /dev/shm is small in containers.
 * @param {{ headless?: boolean }} [o]
 * @returns {Promise<import('playwright-core').Browser>}
 */
async function launchChromium({ headless = process.env.BROWSER_HEADED !== '1' } = {}) {
	const { chromium } = require('playwright-core');
	return await chromium.launch({
		executablePath: ensureChromium(),
		headless,
		args: ['--no-sandbox', '--disable-dev-shm-usage'],
	});
}

/**
 * A page at 1440×900 (n8n's node panel shows input, parameters and output side by side), with
 * clipboard access for paste tests.
 * @param {import('playwright-core').Browser} browser @param {string} [baseURL]
 */
async function newPage(browser, baseURL) {
	const context = await browser.newContext({
		viewport: { width: 1440, height: 900 },
		baseURL,
		permissions: ['clipboard-read', 'clipboard-write'],
	});
	return await context.newPage();
}

module.exports = { CHROMIUM, ensureChromium, launchChromium, newPage };
