// @ts-check
'use strict';

const { CredentialModal } = require('./lib/editor');
const { SEED } = require('../e2e/lib/sandbox');
const { waitFor } = require('../e2e/lib/processes');

/**
 * @typedef {{ checks: import('../e2e/lib/checks').Checks, editor: import('./lib/editor').Editor,
 *   sandbox: import('../e2e/lib/sandbox').SandboxClient, ids: { send: string, trigger: string } }} Context
 */

/** The README's example body. */
const BODY = 'Hi {{first_name}}, your order has shipped.';
const RENDERED = 'Hi Ada, your order has shipped.';
const CUSTOMER = '+15551230021';
/** The name n8n gives the node added from the nodes panel. */
const NODE = 'Send a message';
const ORDER_SHIPPED = {
	sid: 'HX00000000000000000000000000000001',
	text: 'Hi {{1}}, your order {{2}} has shipped and arrives {{3}}.',
};
const SEED_FILE = require('../sandbox/seed.default.json');
const SECOND_ACCOUNT = SEED_FILE.accounts[1];

/**
 * Clears the ledger, runs `send`, and returns the one message the sandbox then holds (or the
 * step's error).
 * @param {Context} ctx
 */
async function executeAndReadLedger(ctx) {
	await ctx.sandbox.clearMessages();
	const error = await ctx.editor.executeStep(async () => (await ctx.sandbox.ledger()).length > 0);
	const ledger = await ctx.sandbox.ledger();
	return { error, params: ledger[0]?.params, count: ledger.length };
}

/** Adds the node from the nodes panel and sets up its credential in the modal. @param {Context} ctx */
async function addNodeAndCredential(ctx) {
	const { checks, editor, sandbox } = ctx;
	await editor.openWorkflow(ctx.ids.send);
	await editor.addNodeAfter('Customer', 'Twilio Messaging', 'Send a message');
	checks.check(
		'the nodes panel adds Twilio Messaging › Send a message after Customer',
		await editor.ndv.isVisible(),
	);
	await editor.screenshot('node-added');

	const modal = new CredentialModal(editor);
	await modal.openNew();
	await modal.fill({
		accountSid: SEED.accountSid,
		apiSid: SEED.apiKeySid,
		apiKeySecret: 'not-the-secret',
		baseUrlOverride: sandbox.url,
	});
	const wrongSecret = await modal.saveAndTest();
	await editor.screenshot('credential-wrong-secret');
	checks.check(
		'credential test with a wrong API Key Secret says the key SID and secret were rejected (20003)',
		/rejected the API Key SID and API Key Secret/.test(wrongSecret ?? '') &&
			/20003/.test(wrongSecret ?? ''),
		wrongSecret ?? 'the test passed',
	);

	const otherKey = SECOND_ACCOUNT.apiKeys[0];
	await modal.fill({ apiSid: otherKey.sid, apiKeySecret: otherKey.secret });
	const otherAccount = await modal.saveAndTest();
	await editor.screenshot('credential-other-account');
	checks.check(
		"credential test with another account's API key says the key belongs to another account (20404)",
		/belongs to another account/.test(otherAccount ?? '') && /20404/.test(otherAccount ?? ''),
		otherAccount ?? 'the test passed',
	);

	await modal.fill({ apiSid: SEED.apiKeySid, apiKeySecret: SEED.apiKeySecret });
	const right = await modal.saveAndTest();
	await editor.screenshot('credential-right-secret');
	checks.check('credential test with the right API Key Secret passes', right === undefined, right);
	await modal.close();
	const chosen = await editor.ndv
		.getByTestId('node-credentials-select')
		.locator('input')
		.first()
		.inputValue();
	checks.check('the node uses the new credential', chosen.length > 0, chosen);
}

/** The README's body typed, pasted and filled; then mapped by drag and drop. @param {Context} ctx */
async function inlineBody(ctx) {
	const { checks, editor } = ctx;
	await editor.pickFromList('from', 'Sandbox main line');
	await editor.fillText('to', CUSTOMER);
	await editor.ndv
		.getByTestId('fixed-collection-inlineVariables')
		.getByTestId('fixed-collection-add')
		.click();
	const variables = editor.ndv.getByTestId('fixed-collection-inlineVariables');
	await variables.getByTestId('parameter-input-name').locator('input').fill('first_name');
	await variables
		.getByTestId('parameter-input-value')
		.locator('input, textarea')
		.first()
		.fill('Ada');

	/** @type {Array<[string, (name: string, text: string) => Promise<void>]>} */
	const inputs = [
		['typed key by key', (name, text) => editor.typeText(name, text)],
		['pasted with Ctrl+V', (name, text) => editor.pasteText(name, text)],
		['set at once (locator.fill)', (name, text) => editor.fillText(name, text)],
	];
	for (const [how, enter] of inputs) {
		await enter('body', BODY);
		await editor.settle('body');
		await editor.blur();
		await editor.settle('body');
		const mode = (await editor.isExpression('body')) ? 'Expression' : 'Fixed';
		const sent = await executeAndReadLedger(ctx);
		await editor.screenshot(`body-${how.split(' ')[0]}`);
		checks.check(
			`Message Body ${how} (ends up in ${mode} mode): the sandbox receives "${RENDERED}"`,
			sent.count === 1 && sent.params?.Body === RENDERED,
			sent.error ?? sent.params,
		);
	}

	await editor.clearText('body');
	await editor.dragInputField('first_name', 'body');
	await editor.settle('body');
	await editor.blur();
	await editor.settle('body');
	const dropped = await editor.parameter('body').innerText();
	const sent = await executeAndReadLedger(ctx);
	await editor.screenshot('body-drag-and-drop');
	checks.check(
		'dragging first_name from the input panel onto Message Body maps it: the sandbox receives "Ada"',
		sent.count === 1 && sent.params?.Body === 'Ada',
		{ dropped, error: sent.error, params: sent.params },
	);
}

/** Options follow the channel and the sender. @param {Context} ctx */
async function optionsFollowSender(ctx) {
	const { checks, editor } = ctx;
	const smsByNumber = await editor.collectionChoices('options');
	checks.check(
		'SMS from a phone number: Options offer no Shorten URLs, and do offer Smart Encoded',
		!smsByNumber.includes('Shorten URLs') && smsByNumber.includes('Smart Encoded'),
		smsByNumber,
	);
}

/** A WhatsApp template: its variables, its text, what Twilio receives. @param {Context} ctx */
async function whatsappTemplate(ctx) {
	const { checks, editor } = ctx;
	await editor.choose('channel', 'WhatsApp');
	await editor.choose('senderType', 'Messaging Service');
	await editor.pickFromList('messagingServiceSid', 'Sandbox Notifications');
	await editor.choose('templateType', 'Text');
	await editor.pickFromList('contentSid', 'order_shipped');
	const mapper = editor.ndv.getByTestId('resource-mapper-container');
	await mapper.getByTestId('parameter-input-3').waitFor();
	const labels = await mapper.innerText();
	await editor.screenshot('whatsapp-template');
	checks.check(
		'the order_shipped template offers its variables {{1}}, {{2}}, {{3}}',
		['{{1}}', '{{2}}', '{{3}}'].every((variable) => labels.includes(variable)),
		labels,
	);
	const panel = await editor.ndv.getByTestId('node-parameters').innerText();
	checks.check(
		"the panel shows the template's text next to its variables",
		panel.includes(ORDER_SHIPPED.text),
		panel,
	);

	const whatsappByService = await editor.collectionChoices('options');
	checks.check(
		'WhatsApp through a Messaging Service: Options offer Send At, Shorten URLs and Persistent Action, not Smart Encoded',
		['Send At', 'Shorten URLs', 'Persistent Action'].every((option) =>
			whatsappByService.includes(option),
		) && !whatsappByService.includes('Smart Encoded'),
		whatsappByService,
	);

	const values = { 1: 'Ada', 2: 'A-1001', 3: 'tomorrow' };
	for (const [variable, value] of Object.entries(values)) {
		await mapper
			.getByTestId(`parameter-input-${variable}`)
			.locator('input, textarea')
			.first()
			.fill(value);
	}
	await editor.blur();
	const sent = await executeAndReadLedger(ctx);
	await editor.screenshot('whatsapp-template-sent');
	const params = sent.params ?? {};
	checks.check(
		'the sandbox receives the template with ContentVariables {"1":"Ada","2":"A-1001","3":"tomorrow"}',
		sent.count === 1 &&
			params.ContentSid === ORDER_SHIPPED.sid &&
			params.To === `whatsapp:${CUSTOMER}` &&
			JSON.stringify(JSON.parse(String(params.ContentVariables ?? '{}'))) ===
				JSON.stringify(values),
		sent.error ?? params,
	);
}

/** Changing the type or the channel leaves no stale choice. @param {Context} ctx */
async function noStaleChoice(ctx) {
	const { checks, editor } = ctx;
	await editor.choose('templateType', 'Quick Reply');
	await waitFor(
		'the template to be cleared',
		async () => (await editor.locatorValue('contentSid')) === '',
		{ timeoutMs: 5000 },
	).catch(() => undefined);
	const afterType = await editor.locatorValue('contentSid');
	checks.check(
		'changing Content Template Type from Text to Quick Reply clears the Text template',
		afterType === '',
		afterType,
	);

	await editor.pickFromList('contentSid', 'delivery_feedback');
	await editor.choose('channel', 'SMS');
	await waitFor(
		'the template to be cleared',
		async () => (await editor.locatorValue('contentSid')) === '',
		{ timeoutMs: 5000 },
	).catch(() => undefined);
	const afterChannel = await editor.locatorValue('contentSid');
	const notice = editor.ndv.getByText(/The Content Template Type chosen is not available on SMS/);
	await editor.screenshot('stale-after-channel-change');
	checks.check(
		'changing Channel from WhatsApp to SMS clears the Quick Reply template',
		afterChannel === '',
		afterChannel,
	);
	checks.check(
		'the Quick Reply type left on SMS is flagged: a notice names the types SMS offers',
		await notice.isVisible(),
	);

	await editor.choose('templateType', 'Text');
	checks.check('choosing a type SMS offers removes the notice', await notice.isHidden());
}

/** Subtitles read like n8n's own. @param {Context} ctx */
async function subtitle(ctx) {
	const { checks, editor } = ctx;
	await editor.closeNdv();
	const node = editor.canvasNode(NODE);
	const text = await node.innerText();
	await editor.screenshot('canvas-subtitle');
	checks.check('the node on the canvas reads "Send: SMS"', text.includes('Send: SMS'), text);
}

/** The trigger tells before publishing that verification needs the Auth Token. @param {Context} ctx */
async function triggerNotice(ctx) {
	const { checks, editor } = ctx;
	await editor.openWorkflow(ctx.ids.trigger);
	const node = editor.canvasNode('Twilio Messaging Trigger');
	const canvasText = await node.innerText();
	checks.check(
		'the trigger on the canvas reads "Inbound Message"',
		canvasText.includes('Inbound Message') && !canvasText.includes('inbound\n'),
		canvasText,
	);
	await node.dblclick();
	await editor.ndv.waitFor();
	const notice = editor.ndv.getByText(/Verification needs the Auth Token in the credential/);
	await editor.screenshot('trigger-notice');
	checks.check(
		'with Verify Signature on, the trigger panel says verification needs the Auth Token',
		await notice.isVisible(),
	);

	const statusNotice = editor.ndv.getByText(
		/Status updates cannot wait for the workflow to answer/,
	);
	await editor.choose('respond', "From the Workflow's Last Node");
	checks.check(
		'answering from the last node with inbound messages only shows no status notice',
		await statusNotice.isHidden(),
	);
	await editor.addOption('events', 'Message Status Update');
	await statusNotice.waitFor({ timeout: 5000 }).catch(() => undefined);
	await editor.screenshot('trigger-status-needs-immediate-answer');
	checks.check(
		'adding status updates while the last node answers: the panel says status updates need a trigger that responds Immediately',
		await statusNotice.isVisible(),
	);
	await editor.choose('respond', 'Immediately, Without a Reply');
	checks.check('responding Immediately removes the notice', await statusNotice.isHidden());
}

module.exports = {
	addNodeAndCredential,
	inlineBody,
	optionsFollowSender,
	whatsappTemplate,
	noStaleChoice,
	subtitle,
	triggerNotice,
};
