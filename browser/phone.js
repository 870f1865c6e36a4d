#!/usr/bin/env node
// @ts-check
'use strict';

/**
 * The sandbox's phone page (`/phone`) in a real browser, next to a real n8n with the packed package:
 * a workflow sends a WhatsApp quick-reply template, the page shows its buttons, a tap runs the trigger
 * workflow with Twilio's ButtonPayload/ButtonText; a link in a message opens and reaches n8n; a Send
 * and Wait approval link tapped on the phone resumes the waiting execution; typed
 * replies, the sample image and STOP reach the trigger; every template type renders from its
 * definition; the business view shows the registered trigger and its deliveries; the page works in a
 * narrow window and with the keyboard. Prints `ok - …` / `FAIL - …` and `N passed, M failed`.
 * `--docs` also writes the screenshots into docs/phone/.
 */

const fs = require('fs');
const path = require('path');
const { Checks } = require('../e2e/lib/checks');
const { ROOT, ensureN8n, buildPackage, packPackage, freePorts } = require('../e2e/lib/n8n');
const { Processes, waitFor } = require('../e2e/lib/processes');
const { SEED, startSandbox, sandboxCredentialData } = require('../e2e/lib/sandbox');
const { prepareInstance, registrationsOf, holds } = require('../e2e/lib/stack');
const { launchChromium } = require('./lib/chromium');

const WORK = path.resolve(
	process.env.BROWSER_WORK_DIR || path.join(ROOT, 'browser', '.work', 'phone'),
);
const SHOTS = path.join(WORK, 'screenshots');
const DOCS = path.join(ROOT, 'docs', 'phone');
const WRITE_DOCS = process.argv.includes('--docs');
const OWNER = { email: 'owner@example.com', password: 'PhoneOwnerPassw0rd!' };
const FILES = {
	send: path.join(__dirname, 'workflows', 'phone-send-quick-reply.json'),
	answers: path.join(__dirname, 'workflows', 'phone-button-answers.json'),
	link: path.join(__dirname, 'workflows', 'phone-link-opened.json'),
	refund: path.join(ROOT, 'examples', 'refund-approval-sms.json'),
};
const IDS = Object.fromEntries(
	Object.entries(FILES).map(([key, file]) => [key, JSON.parse(fs.readFileSync(file, 'utf8')).id]),
);
const WHATSAPP_CUSTOMER = '+15551230042';
const SMS_CUSTOMER = '+15551230043';
const TEMPLATE_CUSTOMER = '+15551230044';
const WHATSAPP_SENDER = `whatsapp:${SEED.mainNumber}`;
/**
 * The seed's templates by the content type WhatsApp shows, with the variables the screenshots fill in.
 * @type {Array<[string, string, Record<string, string>]>}
 */
const TEMPLATES = [
	['twilio-media', 'HX00000000000000000000000000000002', { 1: 'Grace', 2: '15%' }],
	['quick-reply', 'HX00000000000000000000000000000003', { 1: 'Grace' }],
	['call-to-action', 'HX00000000000000000000000000000004', { 1: 'Tuesday 14:30', 2: 'B-17' }],
	['list-picker', 'HX00000000000000000000000000000005', { 1: 'hoodie' }],
	['twilio-card', 'HX00000000000000000000000000000006', { 1: 'Red sneakers', 2: 'sku-777' }],
	['whatsapp-card', 'HX00000000000000000000000000000007', { 1: 'Grace' }],
	['whatsapp-authentication', 'HX00000000000000000000000000000008', { 1: '482913' }],
	['catalog', 'HX00000000000000000000000000000009', { 1: 'Grace' }],
	['carousel', 'HX0000000000000000000000000000000a', { 1: 'Grace' }],
];

const checks = new Checks();
const processes = new Processes(path.join(WORK, 'logs'));
const log = (/** @type {string} */ text) => console.log(`# ${text}`);

/** The output items of one node over a workflow's executions. @param {any[]} executions @param {string} node */
function nodeItems(executions, node) {
	return executions.flatMap((execution) =>
		(execution.data?.resultData?.runData?.[node] ?? []).flatMap((/** @type {any} */ run) =>
			(run.data?.main ?? []).flat().map((/** @type {any} */ item) => item.json),
		),
	);
}

/**
 * Saves a screenshot with the run's files, and into the docs with `--docs` when `forDocs`.
 * `.jpg` names are JPEG (quality 60) to keep the docs' pictures small.
 * @param {import('playwright-core').Page | import('playwright-core').Locator} target @param {string} name
 */
async function screenshot(target, name, forDocs = true) {
	fs.mkdirSync(SHOTS, { recursive: true });
	const file = path.join(SHOTS, name);
	await target.screenshot(
		name.endsWith('.jpg') ? { path: file, type: 'jpeg', quality: 60 } : { path: file, type: 'png' },
	);
	if (WRITE_DOCS && forDocs) {
		fs.mkdirSync(DOCS, { recursive: true });
		fs.copyFileSync(file, path.join(DOCS, name));
	}
	return file;
}

/** @param {import('playwright-core').Page} page @param {string} conversation */
async function openConversation(page, conversation) {
	const item = page.locator(`[data-conversation="${conversation}"]`);
	await item.waitFor({ timeout: 20000 });
	await item.click();
	await page
		.locator('#thread-title')
		.filter({ hasText: conversation.replace(/^\w+:/, '') })
		.waitFor();
}

/**
 * @param {{ n8n: import('../e2e/lib/n8n').N8n, sandbox: import('../e2e/lib/sandbox').SandboxClient, page: import('playwright-core').Page }} ctx
 */
async function quickReply({ n8n, sandbox, page }) {
	const answer = await fetch(
		`${n8n.baseUrl}/webhook/phone-send-quick-reply?to=${encodeURIComponent(WHATSAPP_CUSTOMER)}&name=Grace`,
	);
	checks.check(
		'the workflow sends the WhatsApp quick-reply template (its webhook answers 200)',
		answer.ok,
		await answer.text(),
	);
	const [sent] = (await sandbox.ledger()).filter((m) => m.to === `whatsapp:${WHATSAPP_CUSTOMER}`);
	checks.check(
		"the sandbox holds the template message with the workflow's variables",
		sent?.params.ContentSid === TEMPLATES[1][1] &&
			sent?.params.ContentVariables === '{"1":"Grace"}',
		sent,
	);

	await openConversation(page, `whatsapp:${WHATSAPP_CUSTOMER}`);
	const message = page.locator(`li[data-sid="${sent?.sid}"]`);
	await message.getByText('How was your delivery, Grace?').waitFor();
	const great = message.getByRole('button', { name: 'Great' });
	const bad = message.getByRole('button', { name: 'Not good' });
	checks.check(
		"the page shows the template's text with the variable filled in and its two quick-reply buttons",
		(await great.isVisible()) && (await bad.isVisible()),
	);
	const status = message.locator('.status[data-status="read"]');
	const live = await status.waitFor({ timeout: 20000 }).then(
		() => true,
		() => false,
	);
	checks.check(
		'the message\'s status moves on the page by itself up to "Read"',
		live,
		await message.locator('.status').getAttribute('title'),
	);

	await great.click();
	const item = await waitFor(
		'the trigger workflow to run with the button',
		async () =>
			nodeItems(await n8n.executions(IDS.answers), 'Customer answers').find(
				(json) => json.whatsapp?.buttonPayload === 'feedback_great',
			),
		{ timeoutMs: 30000, intervalMs: 500 },
	).catch((error) => error);
	checks.check(
		'tapping "Great" runs the trigger workflow with ButtonPayload feedback_great, ButtonText Great, body Great from the customer',
		item?.whatsapp?.buttonText === 'Great' &&
			item?.body === 'Great' &&
			item?.from === WHATSAPP_CUSTOMER &&
			item?.parameters?.ButtonPayload === 'feedback_great',
		item,
	);
	const note = page.locator('.from-customer .webhook').last();
	await note
		.filter({ hasText: 'Webhook 200' })
		.waitFor({ timeout: 10000 })
		.catch(() => undefined);
	checks.check(
		"the customer's answer shows the webhook's 200",
		/Webhook 200/.test(await note.innerText()),
		await note.innerText(),
	);
	await screenshot(page, 'quick-reply-answered.png', false);
}

/** @param {{ n8n: import('../e2e/lib/n8n').N8n, sandbox: import('../e2e/lib/sandbox').SandboxClient, page: import('playwright-core').Page }} ctx */
async function linkAndAnswers({ n8n, sandbox, page }) {
	const link = `${n8n.baseUrl}/webhook/phone-link-opened?token=t0k3n`;
	await sandbox.sendMessage({
		From: SEED.mainNumber,
		To: SMS_CUSTOMER,
		Body: `Your booking is confirmed.\nManage it here: ${link}.`,
	});
	await openConversation(page, SMS_CUSTOMER);
	const anchor = page.getByRole('link', { name: link });
	await anchor.waitFor();
	checks.check(
		'a link in a message is a link to exactly the URL (the full stop after it left out)',
		(await anchor.getAttribute('href')) === link,
	);
	const [popup] = await Promise.all([page.waitForEvent('popup'), anchor.click()]);
	await popup.waitForLoadState();
	const opened = await waitFor(
		"the link's workflow to run",
		async () =>
			nodeItems(await n8n.executions(IDS.link), 'Link opened').find(
				(json) => json.query?.token === 't0k3n',
			),
		{ timeoutMs: 30000, intervalMs: 500 },
	).catch((error) => error);
	checks.check(
		'clicking the link opens it in a new tab and the n8n workflow behind it runs',
		opened?.query?.token === 't0k3n',
		opened,
	);
	await popup.close();

	const answers = async () => nodeItems(await n8n.executions(IDS.answers), 'Customer answers');
	await page.locator('#reply-text').fill('Thanks!\nSee the picture');
	await page.getByRole('button', { name: 'Attach sample image' }).click();
	await page.getByRole('button', { name: 'Send', exact: true }).click();
	const typed = await waitFor(
		'the typed answer',
		async () => (await answers()).find((json) => json.body === 'Thanks!\nSee the picture'),
		{ timeoutMs: 30000, intervalMs: 500 },
	).catch((error) => error);
	const media = typed?.media?.[0];
	checks.check(
		'a typed reply with the sample image reaches the trigger as an MMS from the customer, the image served by the sandbox',
		typed?.from === SMS_CUSTOMER &&
			typed?.to === SEED.mainNumber &&
			media?.contentType === 'image/png' &&
			media?.url === `${sandbox.url}/phone/sample.png`,
		typed,
	);
	const image = media?.url ? await fetch(media.url) : undefined;
	checks.check(
		"the sample image's URL the workflow gets serves a PNG",
		image?.headers.get('content-type') === 'image/png',
	);
	await page
		.locator('.from-customer img[alt^="Image sample.png"]')
		.waitFor({ timeout: 10000 })
		.catch(() => undefined);
	checks.check(
		'the thread shows the sent image',
		await page.locator('.from-customer img[alt^="Image sample.png"]').isVisible(),
	);

	await page.getByRole('button', { name: 'STOP', exact: true }).click();
	const stop = await waitFor(
		'the STOP',
		async () => (await answers()).find((json) => json.body === 'STOP'),
		{ timeoutMs: 30000, intervalMs: 500 },
	).catch((error) => error);
	checks.check(
		'STOP reaches the trigger with the opt-out',
		stop?.optOut?.type === 'STOP' && stop?.parameters?.OptOutType === 'STOP',
		stop,
	);
	await page
		.locator('.from-customer .webhook')
		.last()
		.filter({ hasText: 'Webhook' })
		.waitFor({ timeout: 10000 })
		.catch(() => undefined);
	await screenshot(page.locator('.phone'), 'sms-link-image-stop.png', false);
}

/**
 * Send and Wait: the refund-approval example texts a manager an Approve and a Decline link and
 * waits; the manager taps Approve on the phone and the execution finishes approved.
 * @param {{ n8n: import('../e2e/lib/n8n').N8n, page: import('playwright-core').Page }} ctx
 */
async function sendAndWait({ n8n, page }) {
	const manager = '+15551230046';
	const request = {
		order_id: 'A-3001',
		amount: '$18.50',
		reason: 'late',
		customer_phone: '+15551230047',
		manager_phone: manager,
	};
	const started = await fetch(`${n8n.baseUrl}/webhook/refund-approval`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(request),
	});
	checks.check('the refund-approval example accepts the request', started.ok, started.status);
	await waitFor(
		'the execution to wait',
		async () => (await n8n.executions(IDS.refund, 1)).find((e) => e.status === 'waiting'),
		{ timeoutMs: 60000 },
	);
	await openConversation(page, manager);
	const message = page.locator('#messages li.from-business').last();
	await message.getByText('Refund $18.50 for order A-3001 (late)?', { exact: false }).waitFor();
	const approve = message.locator('a[href*="approved=true"]');
	checks.check(
		"the manager's phone shows the question with an Approve and a Decline link",
		(await approve.count()) === 1 &&
			(await message.locator('a[href*="approved=false"]').count()) === 1,
	);
	const [popup] = await Promise.all([page.waitForEvent('popup'), approve.click()]);
	await popup.waitForLoadState();
	const thanks = await popup
		.getByText('Got it, thanks', { exact: false })
		.waitFor({ timeout: 15000 })
		.then(
			() => true,
			() => false,
		);
	await popup.close();
	const finished = await waitFor(
		'the execution to finish',
		async () => {
			const [execution] = await n8n.executions(IDS.refund, 1);
			return execution?.status === 'success' && execution;
		},
		{ timeoutMs: 60000 },
	).catch((error) => error);
	const [output] = nodeItems(finished instanceof Error ? [] : [finished], 'Ask the manager');
	checks.check(
		'tapping Approve on the phone resumes the waiting execution, which finishes with { data: { approved: true } }',
		thanks && output?.data?.approved === true,
		{ thanks, output: output ?? String(finished) },
	);
}

/** @param {{ sandbox: import('../e2e/lib/sandbox').SandboxClient, page: import('playwright-core').Page }} ctx */
async function templateTypes({ sandbox, page }) {
	for (const [, sid, variables] of TEMPLATES) {
		await sandbox.sendMessage({
			From: WHATSAPP_SENDER,
			To: `whatsapp:${TEMPLATE_CUSTOMER}`,
			ContentSid: String(sid),
			ContentVariables: JSON.stringify(variables),
		});
	}
	const sent = (await sandbox.ledger()).filter((m) => m.to === `whatsapp:${TEMPLATE_CUSTOMER}`);
	await openConversation(page, `whatsapp:${TEMPLATE_CUSTOMER}`);
	await page.setViewportSize({ width: 900, height: 900 });
	/** @type {Record<string, (m: import('playwright-core').Locator) => Promise<boolean>>} */
	const expectations = {
		'twilio-media': async (m) =>
			(await m.getByText('Grace, here is your 15% coupon!').isVisible()) &&
			(await m.getByRole('img', { name: /Image spring\.png/ }).isVisible()),
		'quick-reply': async (m) =>
			(await m.getByRole('button', { name: 'Great' }).isVisible()) &&
			(await m.getByRole('button', { name: 'Not good' }).isVisible()),
		'call-to-action': async (m) =>
			(await m.getByRole('link', { name: 'Manage booking' }).getAttribute('href')) ===
				'https://example.com/appointments/B-17' &&
			(await m.getByRole('link', { name: /Call us/ }).getAttribute('href')) ===
				'tel:+15550100001' &&
			(await m.getByText('Your appointment is on Tuesday 14:30.').isVisible()),
		'list-picker': async (m) => {
			const menu = m.getByRole('button', { name: 'Sizes' });
			await menu.click();
			const opened = (await menu.getAttribute('aria-expanded')) === 'true';
			return (
				opened &&
				(await m.getByRole('button', { name: 'Medium' }).isVisible()) &&
				(await m.getByText('Which size of hoodie would you like?').isVisible())
			);
		},
		'twilio-card': async (m) =>
			(await m.getByText('Red sneakers are back in stock').isVisible()) &&
			(await m.getByRole('link', { name: 'Order now' }).getAttribute('href')) ===
				'https://example.com/p/sku-777',
		'whatsapp-card': async (m) =>
			(await m.getByText('Reservation').isVisible()) &&
			(await m.getByText('Reply STOP to opt out').isVisible()) &&
			(await m.getByRole('button', { name: 'On my way' }).isVisible()),
		'whatsapp-authentication': async (m) =>
			(await m.getByText('482913 is your verification code.', { exact: false }).isVisible()) &&
			(await m.getByRole('button', { name: 'Copy code' }).isVisible()),
		catalog: async (m) => {
			await m.getByRole('button', { name: 'View items' }).click();
			return (
				(await m.getByText('Our spring picks for you, Grace').isVisible()) &&
				(await m.locator('.catalog-item').count()) === 2
			);
		},
		carousel: async (m) =>
			(await m.locator('.carousel-card').count()) === 2 &&
			(await m.getByRole('link', { name: 'Buy' }).isVisible()) &&
			(await m.getByRole('button', { name: 'More like this' }).isVisible()),
	};
	for (const [index, [name]] of TEMPLATES.entries()) {
		const message = page.locator(`li[data-sid="${sent[index]?.sid}"]`);
		await message.waitFor({ timeout: 10000 }).catch(() => undefined);
		const ok = await expectations[name](message).catch((/** @type {Error} */ error) => error);
		checks.check(
			`template ${name} renders from its definition with the variables filled in`,
			ok === true,
			ok,
		);
		await message.scrollIntoViewIfNeeded();
		await screenshot(message, `${name}.png`);
	}
	const listPicker = page.locator(`li[data-sid="${sent[3]?.sid}"]`);
	await listPicker.getByRole('button', { name: 'Medium' }).click();
	const picked = await waitFor(
		'the list item to be sent',
		async () =>
			(await sandbox.inboundLog()).find(
				(r) => r.from === `whatsapp:${TEMPLATE_CUSTOMER}` && r.params.ButtonPayload === 'size_m',
			),
		{ timeoutMs: 20000 },
	).catch((error) => error);
	checks.check(
		'picking "Medium" in the list sends the item\'s id as ButtonPayload and its text as ButtonText and Body, to the sender of the message',
		picked?.params?.ButtonText === 'Medium' &&
			picked?.params?.Body === 'Medium' &&
			picked?.to === WHATSAPP_SENDER &&
			picked?.status === 200,
		picked,
	);
	await page.setViewportSize({ width: 1440, height: 900 });
}

/** Message bodies and template variables are text on the page, never markup or script. @param {{ sandbox: import('../e2e/lib/sandbox').SandboxClient, page: import('playwright-core').Page }} ctx */
async function escaping({ sandbox, page }) {
	const customer = '+15551230045';
	const body =
		'<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>\njavascript:window.__xss=3 https://example.com/ok';
	await sandbox.sendMessage({ From: SEED.mainNumber, To: customer, Body: body });
	await sandbox.sendMessage({
		From: WHATSAPP_SENDER,
		To: `whatsapp:${customer}`,
		ContentSid: TEMPLATES[1][1],
		ContentVariables: JSON.stringify({ 1: '<img src=x onerror="window.__xss=4">' }),
	});
	await openConversation(page, customer);
	const sms = page.locator('#messages .bubble').first();
	await sms.getByText('<script>', { exact: false }).waitFor();
	const smsText = await sms.innerText();
	const smsLinks = await sms
		.getByRole('link')
		.evaluateAll((links) => links.map((a) => a.getAttribute('href')));
	await openConversation(page, `whatsapp:${customer}`);
	const template = page.locator('#messages .bubble').first();
	await template.getByText('How was your delivery', { exact: false }).waitFor();
	const templateText = await template.innerText();
	const injected = await page.evaluate(() => /** @type {any} */ (window).__xss);
	const images = await page.locator('#messages .bubble img').count();
	checks.check(
		'HTML and script in a body or a template variable show as text: no element, no script run, only the https address is a link',
		smsText.startsWith(body.split('\n')[0]) &&
			templateText.includes('How was your delivery, <img src=x onerror="window.__xss=4">?') &&
			injected === undefined &&
			images === 0 &&
			JSON.stringify(smsLinks) === JSON.stringify(['https://example.com/ok']),
		{ smsText, templateText, injected, images, smsLinks },
	);
}

/** @param {{ page: import('playwright-core').Page }} ctx */
async function businessView({ page }) {
	await page.getByRole('button', { name: 'Business' }).click();
	const service = page.locator('article', {
		has: page.getByRole('heading', { name: new RegExp(SEED.notificationsService) }),
	});
	await service.waitFor();
	const badge = await service.locator('.badge').first().innerText();
	checks.check(
		"the business view shows the n8n trigger registered as MG…01's inbound URL",
		badge === 'n8n production webhook b0e00002-5a1e-4f00-8000-000000000002',
		badge,
	);
	const answers = await service.locator('table.deliveries tbody tr td:last-child').allInnerTexts();
	checks.check(
		'and its last deliveries with the answers n8n gave',
		answers.length >= 3 && answers.includes('200'),
		answers,
	);
	await screenshot(service, 'business.jpg');
	await page.getByRole('button', { name: 'Customer phone' }).click();
}

/** @param {{ page: import('playwright-core').Page }} ctx */
async function narrowAndKeyboard({ page }) {
	await page.setViewportSize({ width: 390, height: 760 });
	await page.reload();
	const first = page.locator(`[data-conversation="whatsapp:${TEMPLATE_CUSTOMER}"]`);
	await first.waitFor();
	checks.check(
		'in a narrow window the page shows the conversation list alone',
		(await first.isVisible()) && !(await page.locator('#messages').isVisible()),
	);
	await first.focus();
	await page.keyboard.press('Enter');
	const thread = await page.locator('#messages').isVisible();
	const back = page.getByRole('button', { name: 'Back to the conversations' });
	checks.check(
		'Enter on a conversation opens its thread, with a Back button, and focus goes to the message field',
		thread &&
			(await back.isVisible()) &&
			(await page.evaluate(() => document.activeElement?.id)) === 'reply-text',
	);
	await page.locator('#reply-text').blur();
	await screenshot(page, 'narrow.jpg');
	await back.click();
	checks.check(
		'Back returns to the list with the conversation focused',
		await page.evaluate(() => document.activeElement?.hasAttribute('data-conversation')),
	);
	const unnamed = await page.evaluate(() =>
		Array.from(document.querySelectorAll('button, a, select, textarea, input'))
			.filter((node) => {
				const e = /** @type {HTMLElement} */ (node);
				const label = e.id ? document.querySelector(`label[for="${e.id}"]`) : null;
				return !(
					e.getAttribute('aria-label') ||
					e.textContent?.trim() ||
					label?.textContent?.trim()
				);
			})
			.map((e) => e.outerHTML.slice(0, 120)),
	);
	checks.check(
		'every button, link and field has an accessible name',
		unnamed.length === 0,
		unnamed,
	);
	await page.setViewportSize({ width: 1440, height: 900 });
}

/**
 * The README's picture: the n8n execution the phone's tap started, its output open, next to the phone.
 * @param {{ n8n: import('../e2e/lib/n8n').N8n, browser: import('playwright-core').Browser, page: import('playwright-core').Page }} ctx
 */
async function sideBySide({ n8n, browser, page }) {
	const context = await browser.newContext({ viewport: { width: 900, height: 720 } });
	const cookie = String(n8n.cookie);
	await context.addCookies([
		{
			name: cookie.slice(0, cookie.indexOf('=')),
			value: cookie.slice(cookie.indexOf('=') + 1),
			url: n8n.baseUrl,
		},
	]);
	const editor = await context.newPage();
	const executions = await n8n.executions(IDS.answers);
	const tapped = executions.find((e) =>
		nodeItems([e], 'Customer answers').some(
			(json) => json.whatsapp?.buttonPayload === 'feedback_great',
		),
	);
	await editor.goto(`${n8n.baseUrl}/workflow/${IDS.answers}/executions/${tapped?.id}`);
	await editor.waitForLoadState('networkidle').catch(() => undefined);
	// Best effort: the pictures are for the docs; the checks above are the test.
	await editor
		.getByRole('button', { name: /close/i })
		.first()
		.click({ timeout: 3000 })
		.catch(() => undefined);
	await editor.keyboard.press('Escape').catch(() => undefined);
	// The execution's preview may sit in an iframe; its logs panel shows the item the tap produced.
	for (const scope of [editor.frameLocator('iframe').first(), editor]) {
		const opened = await scope
			.getByText('Logs', { exact: true })
			.first()
			.click({ timeout: 4000 })
			.then(
				() => true,
				() => false,
			);
		if (opened) break;
	}
	await editor.waitForTimeout(2000);
	const n8nShot = await editor.screenshot();
	await context.close();
	await page.setViewportSize({ width: 780, height: 720 });
	await openConversation(page, `whatsapp:${WHATSAPP_CUSTOMER}`);
	await page.locator('#reply-text').blur();
	const phoneShot = await page.screenshot();
	await page.setViewportSize({ width: 1440, height: 900 });
	const compose = await browser.newPage({ viewport: { width: 1260, height: 540 } });
	const img = (/** @type {Buffer} */ b) =>
		`<img src="data:image/png;base64,${b.toString('base64')}" style="display:block;height:540px">`;
	await compose.setContent(
		`<body style="margin:0;display:flex;background:#fff">${img(n8nShot)}${img(phoneShot)}</body>`,
	);
	await screenshot(compose, 'dev-phone-and-n8n.jpg');
	await compose.close();
	checks.check('screenshot of the phone next to n8n written', true);
}

async function main() {
	fs.rmSync(WORK, { recursive: true, force: true });
	fs.mkdirSync(WORK, { recursive: true });
	/** @type {import('playwright-core').Browser | undefined} */
	let browser;
	processes.stopAllOnSignal(() => browser?.close());
	try {
		const pathEnv = ensureN8n();
		buildPackage();
		const tarball = packPackage(WORK);
		const [sandboxPort] = await freePorts(1);
		const sandbox = await startSandbox(processes, sandboxPort, { args: ['--step-ms', '300'] });
		const { n8n, webhookUrl } = await prepareInstance({
			processes,
			dir: WORK,
			tarball,
			pathEnv,
			encryptionKey: 'phone-encryption-key-twilio-messaging',
			credentialData: sandboxCredentialData(sandbox.client.url),
			workflows: Object.values(FILES),
		});
		const main = await n8n.startProcess('start', { name: 'n8n' });
		await n8n.waitReady(main);
		await n8n.signIn(OWNER);
		await n8n.createApiKey();
		log(`n8n on ${n8n.baseUrl}, sandbox on ${sandbox.client.url}`);
		for (const id of Object.values(IDS)) await n8n.publish(id);
		for (const { service, expected } of registrationsOf(FILES.answers, webhookUrl)) {
			await waitFor(
				`the trigger to register on ${service}`,
				async () => holds(await sandbox.client.service(service), expected),
				{ timeoutMs: 60000 },
			);
		}
		await waitFor(
			"the link workflow's webhook",
			async () => (await fetch(`${n8n.baseUrl}/webhook/phone-link-opened?token=ready`)).ok,
			{ timeoutMs: 60000 },
		);

		browser = await launchChromium();
		// Headless chromium says "HeadlessChrome", which Send and Wait rightly takes for a link-preview
		// fetcher and answers with nothing; the phone stands for a person's browser.
		const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, userAgent });
		const page = await context.newPage();
		/** @type {string[]} */
		const pageErrors = [];
		page.on('pageerror', (error) => pageErrors.push(error.message));
		page.on('console', (message) => {
			if (message.type() === 'error') pageErrors.push(message.text());
		});
		await page.goto(`${sandbox.client.url}/phone`);
		await page.getByRole('status').filter({ hasText: 'Live' }).waitFor();
		const ctx = { n8n, sandbox: sandbox.client, page, browser };
		await checks.step('quick-reply buttons run the trigger', () => quickReply(ctx));
		await checks.step('links, typed replies, the sample image and STOP', () => linkAndAnswers(ctx));
		await checks.step('Send and Wait approval from the phone', () => sendAndWait(ctx));
		await checks.step('every template type', () => templateTypes(ctx));
		await checks.step('business view', () => businessView(ctx));
		await checks.step('narrow window and keyboard', () => narrowAndKeyboard(ctx));
		await checks.step('README screenshot', () => sideBySide(ctx));
		await checks.step('escaping', () => escaping(ctx));
		await checks.step('reset', async () => {
			await sandbox.client.clearMessages();
			const emptied = await page
				.locator('[data-conversation]')
				.first()
				.waitFor({ state: 'detached', timeout: 15000 })
				.then(
					() => true,
					() => false,
				);
			checks.check(
				'after the sandbox forgets its messages, the page empties by itself',
				emptied && (await page.locator('#no-conversations').isVisible()),
			);
		});
		checks.check('the page logged no error', pageErrors.length === 0, pageErrors);
	} catch (error) {
		checks.check(
			'the phone browser test got through all its steps',
			false,
			/** @type {Error} */ (error).stack,
		);
	} finally {
		await browser?.close();
		if (checks.failed > 0)
			console.log(`\n# log tails\n${processes.tails(30)}\n# logs and screenshots under ${WORK}`);
		await processes.stopAll();
	}
	console.log(checks.summary());
	process.exitCode = checks.failed > 0 ? 1 : 0;
}

main();
