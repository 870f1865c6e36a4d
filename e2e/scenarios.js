// @ts-check
'use strict';

const fs = require('fs');
const { bulkInput, expectedMessages, ledgerDifferences } = require('./lib/bulk');
const { waitFor, sleep } = require('./lib/processes');
const { SEED, sandboxCredentialData } = require('./lib/sandbox');
const { twilioSignature } = require('./lib/signature');
const { CREDENTIAL, nodeWebhookUrl, registrationsOf, holds } = require('./lib/stack');
const { lockDatabase } = require('./lib/sqliteLock');

const PACKAGE_NAME = 'n8n-nodes-twilio-messaging';

/**
 * @typedef {{ checks: import('./lib/checks').Checks, n8n: import('./lib/n8n').N8n,
 *   sandbox: import('./lib/sandbox').SandboxClient, webhookUrl: string, label: string,
 *   files: Record<string, string>, ids: Record<string, string> }} Context
 */

/** The output items of one node over all of a workflow's executions. @param {any[]} executions @param {string} node */
function nodeItems(executions, node) {
	return executions.flatMap((execution) =>
		(execution.data?.resultData?.runData?.[node] ?? []).flatMap((/** @type {any} */ run) =>
			(run.data?.main ?? []).flat().map((/** @type {any} */ item) => ({
				executionId: String(execution.id),
				status: execution.status,
				json: item.json,
			})),
		),
	);
}

/** Scenario 1: n8n knows the package's node types and credential type. @param {Context} ctx */
async function nodeTypes(ctx) {
	const { checks, n8n, label } = ctx;
	const headers = { cookie: String(n8n.cookie) };
	const nodes = (await n8n.request('GET', '/types/nodes.json', { headers })).json;
	const byName = new Map(nodes.map((/** @type {any} */ n) => [n.name, n]));
	const action = byName.get(`${PACKAGE_NAME}.twilioMessaging`);
	const trigger = byName.get(`${PACKAGE_NAME}.twilioMessagingTrigger`);
	checks.check(
		`${label} n8n lists the node type ${PACKAGE_NAME}.twilioMessaging with its Send fields`,
		action?.properties?.some((/** @type {any} */ p) => p.name === 'channel'),
	);
	checks.check(
		`${label} n8n lists the node type ${PACKAGE_NAME}.twilioMessagingTrigger with its registration field`,
		trigger?.properties?.some((/** @type {any} */ p) => p.name === 'registerOn'),
	);
	checks.check(
		`${label} n8n lists the AI tool variant ${PACKAGE_NAME}.twilioMessagingTool`,
		byName.has(`${PACKAGE_NAME}.twilioMessagingTool`),
	);
	// n8n turns every node type with a sendAndWait operation and webhooks into a Human-review tool for AI Agents.
	const hitl = byName.get(`${PACKAGE_NAME}.twilioMessagingHitlTool`);
	const hitlProperty = (/** @type {string} */ name) =>
		hitl?.properties?.find((/** @type {any} */ p) => p.name === name);
	checks.check(
		`${label} n8n lists the Human-review tool ${PACKAGE_NAME}.twilioMessagingHitlTool: Send and Wait fixed to approval, with the channel fields and the credential`,
		hitl?.outputs?.[0]?.type === 'ai_tool' &&
			hitlProperty('operation')?.default === 'sendAndWait' &&
			hitlProperty('responseType')?.type === 'hidden' &&
			hitlProperty('responseType')?.default === 'approval' &&
			Boolean(hitlProperty('channel')) &&
			Boolean(hitlProperty('approvalOptions')) &&
			hitl?.credentials?.some((/** @type {any} */ c) => c.name === 'twilioMessagingApi'),
		hitl
			? {
					outputs: hitl.outputs,
					properties: hitl.properties?.map((/** @type {any} */ p) => p.name),
					credentials: hitl.credentials,
				}
			: 'not listed',
	);
	const credentials = (await n8n.request('GET', '/types/credentials.json', { headers })).json;
	const credential = credentials.find((/** @type {any} */ c) => c.name === 'twilioMessagingApi');
	checks.check(
		`${label} n8n lists the credential type twilioMessagingApi`,
		credential?.properties?.some((/** @type {any} */ p) => p.name === 'baseUrlOverride'),
	);
}

/** Scenario 2: the credential test passes, and fails for a wrong secret or token. @param {Context} ctx */
async function credentialTest(ctx) {
	const { checks, n8n, label, sandbox } = ctx;
	const good = sandboxCredentialData(sandbox.url);
	/** @param {Record<string, string>} data */
	const test = async (data) => {
		const answer = await n8n.rest('POST', '/credentials/test', {
			credentials: { ...CREDENTIAL, data },
		});
		return answer.data ?? answer;
	};
	const ok = await test(good);
	checks.check(
		`${label} credential test passes with the sandbox's API key`,
		ok.status === 'OK',
		ok,
	);
	const token = await test({ ...good, authType: 'authToken' });
	checks.check(
		`${label} credential test passes with the sandbox's Auth Token`,
		token.status === 'OK',
		token,
	);
	const wrongSecret = await test({ ...good, apiKeySecret: 'not-the-secret' });
	checks.check(
		`${label} credential test fails for a wrong API key secret`,
		wrongSecret.status === 'Error',
		wrongSecret,
	);
	const wrongToken = await test({ ...good, authType: 'authToken', authToken: 'not-the-token' });
	checks.check(
		`${label} credential test fails for a wrong Auth Token`,
		wrongToken.status === 'Error',
		wrongToken,
	);
}

/**
 * Publishes workflows through the public API. n8n activates published workflows asynchronously,
 * so this waits until each trigger's registration shows on the sandbox's Messaging Service.
 * @param {Context} ctx @param {string[]} keys of ctx.files
 */
async function activate(ctx, keys) {
	for (const key of keys) await ctx.n8n.publish(ctx.ids[key]);
	for (const key of keys) {
		for (const { service, expected } of registrationsOf(ctx.files[key], ctx.webhookUrl)) {
			await waitFor(
				`${key} to register on ${service}`,
				async () => holds(await ctx.sandbox.service(service), expected),
				{ timeoutMs: 60000 },
			);
		}
	}
	ctx.checks.check(
		`${ctx.label} activated ${keys.join(', ')} (each trigger registered on its Messaging Service)`,
		true,
	);
}

/** Scenario 5: activation points the service at the trigger, deactivation restores it. @param {Context} ctx */
async function registration(ctx) {
	const { checks, n8n, label, sandbox, webhookUrl, files, ids } = ctx;
	const url = nodeWebhookUrl(webhookUrl, files.register, 'Twilio Messaging Trigger');
	const previous = {
		inbound_request_url: 'http://127.0.0.1:9/previous-inbound',
		inbound_method: 'GET',
		status_callback: 'http://127.0.0.1:9/previous-status',
	};
	await sandbox.twilio('POST', `/v1/Services/${SEED.emptyService}`, {
		InboundRequestUrl: previous.inbound_request_url,
		InboundMethod: previous.inbound_method,
		StatusCallback: previous.status_callback,
	});
	const [{ expected }] = registrationsOf(files.register, webhookUrl);
	await n8n.publish(ids.register);
	const active = await waitFor('the registration', async () => {
		const service = await sandbox.service(SEED.emptyService);
		return holds(service, expected) && service;
	}).catch((error) => error);
	checks.check(
		`${label} activating the trigger points Messaging Service ${SEED.emptyService} (inbound URL, method, status callback) at ${url}`,
		!(active instanceof Error),
		active,
	);
	await n8n.unpublish(ids.register);
	const restored = await waitFor('the previous values', async () => {
		const service = await sandbox.service(SEED.emptyService);
		return holds(service, previous) && service;
	}).catch((error) => error);
	checks.check(
		`${label} deactivating the trigger restores the service's previous inbound URL, method and status callback`,
		!(restored instanceof Error),
		restored,
	);
}

/** The order-confirmation and WhatsApp-template examples, run with `n8n execute`. @param {Context} ctx */
async function sendExamples(ctx) {
	const { checks, n8n, label, sandbox, ids } = ctx;
	await sandbox.clearMessages();
	await n8n.cli(['execute', `--id=${ids.orderSms}`]);
	const orders = await sandbox.ledger();
	const ada = orders.find((m) => m.params.To === '+15551230001');
	checks.check(
		`${label} example "order confirmation over SMS" (n8n execute) sends 3 SMS through MG…02 with the Handlebars list rendered`,
		orders.length === 3 &&
			orders.every(
				(m) => m.params.MessagingServiceSid === SEED.marketingService && !m.params.From,
			) &&
			ada?.params.Body ===
				'Hi Ada, thanks for your order A-1001 at Sandbox Coffee:\n- 2 x Coffee beans\n- 1 x Grinder\nTotal: $54.90\nReply STOP to opt out.',
		orders.map((m) => m.params),
	);
	await n8n.cli(['execute', `--id=${ids.whatsappTemplate}`]);
	const templates = (await sandbox.ledger()).filter((m) =>
		String(m.params.To).startsWith('whatsapp:'),
	);
	const first = templates.find((m) => m.params.To === 'whatsapp:+15551230011');
	checks.check(
		`${label} example "WhatsApp template with variables" (n8n execute) sends the template with the mapped variables`,
		templates.length === 2 &&
			first?.params.ContentSid === 'HX00000000000000000000000000000001' &&
			first?.params.ContentVariables === JSON.stringify({ 1: 'Ada', 2: 'A-1001', 3: 'tomorrow' }) &&
			first?.status !== 'failed',
		templates.map((m) => m.params),
	);
}

/**
 * Scenario 4 with the status-log example: signed status callbacks of `messageSids` start one
 * execution each, an inbound message is answered with the auto-reply TwiML, and forged requests
 * get 403 without an execution. Returns the executions' ids.
 * @param {Context} ctx @param {string[]} messageSids sent through MG…02
 */
async function trigger(ctx, messageSids) {
	const { checks, n8n, label, sandbox, webhookUrl, files, ids } = ctx;
	const url = nodeWebhookUrl(webhookUrl, files.statusLog, 'Twilio Messaging Trigger');
	const wanted = new Set(messageSids);
	const statusItems = async () =>
		nodeItems(await n8n.executions(ids.statusLog), 'Status log').filter((i) =>
			wanted.has(i.json.messageSid),
		);
	const finalStatuses = await waitFor(
		`status callbacks of ${messageSids.length} messages to reach the trigger`,
		async () => {
			const delivered = new Set(
				(await statusItems())
					.filter((i) => i.json.status === 'delivered')
					.map((i) => i.json.messageSid),
			);
			return delivered.size === wanted.size ? delivered : undefined;
		},
		{ timeoutMs: 90000, intervalMs: 1000 },
	).catch((error) => error);
	checks.check(
		`${label} the trigger workflow ran for the "delivered" status of all ${messageSids.length} messages`,
		!(finalStatuses instanceof Error),
		finalStatuses,
	);
	const callbacksOf = async () =>
		(await sandbox.callbacks()).filter((c) => wanted.has(c.params?.MessageSid));
	// n8n answers a callback before its execution ends, so the last executions may still be running.
	await waitFor(
		'a finished execution for every status callback',
		async () => {
			const [items, callbacks] = [await statusItems(), await callbacksOf()];
			return items.length >= callbacks.length && items.every((i) => i.status === 'success');
		},
		{ timeoutMs: 60000 },
	).catch(() => undefined);
	const callbacks = await callbacksOf();
	// n8n answers once it has stored the execution; in a burst on SQLite that can outlast the sandbox's
	// 15 s read timeout (Twilio would log 11200 and retry). Never a 5xx, and never an answer without an execution.
	const late = callbacks.filter((c) => c.status === null && c.error === 'read timeout').length;
	checks.check(
		`${label} the sandbox signed every status callback and n8n answered each with 200 (${late} after the sandbox's read timeout)`,
		callbacks.length > 0 &&
			callbacks.every(
				(c) =>
					c.url === url &&
					c.signature &&
					(c.status === 200 || (c.status === null && c.error === 'read timeout')),
			),
		callbacks.filter((c) => !(c.url === url && c.signature && c.status === 200)).slice(0, 3),
	);
	const items = await statusItems();
	checks.check(
		`${label} each status callback started exactly one execution (${callbacks.length} callbacks)`,
		items.length === callbacks.length && items.every((i) => i.status === 'success'),
		{
			executions: items.length,
			callbacks: callbacks.length,
			statuses: items.map((i) => i.status).filter((status) => status !== 'success'),
		},
	);

	const replyText = 'Thanks for your message "Where is my order?". We will get back to you soon.';
	const inbound = await sandbox.inbound({
		to: SEED.ukNumber,
		from: '+15551239999',
		body: 'Where is my order?',
	});
	checks.check(
		`${label} an inbound message gets the auto-reply as TwiML, recorded by the sandbox`,
		inbound.status === 200 &&
			/xml/.test(inbound.contentType) &&
			JSON.stringify(inbound.replies) === JSON.stringify([replyText]),
		inbound,
	);
	const recorded = (await sandbox.inboundLog()).find((i) => i.messageSid === inbound.messageSid);
	checks.check(
		`${label} the sandbox's inbound log holds the TwiML reply`,
		recorded && String(recorded.body).includes('<Message>'),
		recorded,
	);
	const inboundItem = await waitFor('the inbound execution', async () =>
		nodeItems(await n8n.executions(ids.statusLog), 'Inbound log').find(
			(i) => i.json.body === 'Where is my order?',
		),
	).catch((error) => error);
	checks.check(
		`${label} the inbound message started the workflow with the reply it sent`,
		inboundItem?.json?.replied === replyText,
		inboundItem,
	);

	const before = (await n8n.executions(ids.statusLog)).length;
	const params = {
		AccountSid: SEED.accountSid,
		ApiVersion: '2010-04-01',
		Body: 'Forged message',
		From: '+15551237777',
		MessageSid: 'SM0000000000000000000000000000f0f0',
		NumMedia: '0',
		SmsStatus: 'received',
		To: SEED.ukNumber,
	};
	/** @param {Record<string, string>} headers */
	const post = async (headers) =>
		(
			await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
				body: new URLSearchParams(params).toString(),
			})
		).status;
	const wrongToken = await post({
		'x-twilio-signature': twilioSignature('not-the-auth-token', url, params),
	});
	const unsigned = await post({});
	checks.check(
		`${label} a request signed with the wrong Auth Token gets 403`,
		wrongToken === 403,
		wrongToken,
	);
	checks.check(
		`${label} a request without X-Twilio-Signature gets 403`,
		unsigned === 403,
		unsigned,
	);
	await sleep(3000);
	const after = await n8n.executions(ids.statusLog);
	checks.check(
		`${label} the refused requests recorded no execution`,
		after.length === before &&
			!nodeItems(after, 'Twilio Messaging Trigger').some((i) => i.json.body === 'Forged message'),
		{ before, after: after.length },
	);
	return after.map((e) => String(e.id));
}

/** Scenario 3: one workflow run sends 50 messages; the ledger holds exactly those. @param {Context} ctx @param {string} webhookBase */
async function bulk(ctx, webhookBase) {
	const { checks, n8n, label, sandbox, ids } = ctx;
	await sandbox.clearMessages();
	const input = bulkInput();
	// The webhook process learns about a newly published workflow shortly after main activates it.
	const response = await waitFor('the 50-message webhook to be registered', async () => {
		const answer = await fetch(`${webhookBase}webhook/e2e-bulk`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(input),
		});
		return answer.status === 404 ? undefined : answer;
	});
	checks.check(
		`${label} the 50-message workflow answered its webhook with 200`,
		response.status === 200,
		await response.text(),
	);
	const ledger = await sandbox.ledger();
	const problems = ledgerDifferences(ledger, expectedMessages(input));
	checks.check(
		`${label} the sandbox ledger holds exactly the 50 messages (SMS, MMS, WhatsApp, Messenger, RCS; inline and templates), each once with its parameters`,
		ledger.length === 50 && new Set(ledger.map((m) => m.sid)).size === 50 && problems.length === 0,
		{ messages: ledger.length, problems: problems.slice(0, 10) },
	);
	const [execution] = await n8n.executions(ids.bulk, 1);
	checks.check(
		`${label} the 50-message execution succeeded`,
		execution?.status === 'success',
		execution && { id: execution.id, status: execution.status },
	);
	return {
		executionId: String(execution?.id),
		marketingSids: ledger
			.filter((m) => m.params.MessagingServiceSid === SEED.marketingService)
			.map((m) => String(m.sid)),
	};
}

/** The fail-over example: a failed WhatsApp message is sent again as SMS. @param {Context} ctx */
async function failover(ctx) {
	const { checks, n8n, label, sandbox, ids } = ctx;
	await sandbox.clearMessages();
	const whatsapp = await sandbox.sendMessage({
		MessagingServiceSid: SEED.notificationsService,
		To: 'whatsapp:+15550199016',
		Body: 'Your table is ready.',
	});
	const sms = await waitFor(
		'the fallback SMS',
		async () => (await sandbox.ledger()).find((m) => m.params.To === '+15550199016'),
		{ timeoutMs: 60000 },
	).catch((error) => error);
	checks.check(
		`${label} example "fail over from WhatsApp to SMS" resends the failed WhatsApp text as SMS`,
		sms?.params?.Body === 'Your table is ready.' &&
			sms.params.MessagingServiceSid === SEED.notificationsService &&
			sms.params.Tags === JSON.stringify({ fallback_for: whatsapp.sid }),
		sms?.params ?? sms,
	);
	await waitFor(
		'the fallback SMS to be delivered',
		async () =>
			(await sandbox.ledger()).find((m) => m.params.To === '+15550199016')?.status === 'delivered',
		{ timeoutMs: 30000 },
	).catch(() => undefined);
	await sleep(2000);
	const ledger = await sandbox.ledger();
	const executions = await n8n.executions(ids.failover);
	checks.check(
		`${label} the fail-over ran once and only for the failed WhatsApp message`,
		ledger.length === 2 && executions.length === 1 && executions[0].status === 'success',
		{
			messages: ledger.map((m) => `${m.params.To} ${m.status}`),
			executions: executions.map((e) => `${e.id} ${e.status}`),
		},
	);
}

/** The STOP-handling example. @param {Context} ctx */
async function stopHandling(ctx) {
	const { checks, n8n, label, sandbox, ids } = ctx;
	for (const [keyword, node, status] of [
		['STOP', 'Mark unsubscribed', 'unsubscribed'],
		['START', 'Mark subscribed', 'subscribed'],
	]) {
		const answer = await sandbox.inbound({
			to: SEED.mainNumber,
			from: '+15551238888',
			body: keyword,
		});
		const item = await waitFor(`the ${keyword} execution`, async () =>
			nodeItems(await n8n.executions(ids.stop), node).find((i) => i.json.phone === '+15551238888'),
		).catch((error) => error);
		checks.check(
			`${label} example "STOP handling" records ${keyword} from +15551238888 as ${status}`,
			answer.status === 200 &&
				item?.json?.subscription_status === status &&
				item.json.channel === 'sms',
			{ answer: answer.status, item: item?.json ?? String(item) },
		);
	}
}

/**
 * The trigger's "From the Workflow's Last Node" reply: registered on a phone number, the workflow's
 * last node builds the TwiML and n8n sends it to Twilio as the webhook's answer.
 * @param {Context} ctx
 */
async function lastNodeReply(ctx) {
	const { checks, n8n, label, sandbox, webhookUrl, files, ids } = ctx;
	const url = nodeWebhookUrl(webhookUrl, files.replyLastNode, 'Twilio Messaging Trigger');
	await n8n.publish(ids.replyLastNode);
	const registered = await waitFor('the phone number registration', async () => {
		const { incoming_phone_numbers: numbers } = await sandbox.twilio(
			'GET',
			`/2010-04-01/Accounts/${SEED.accountSid}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(SEED.standaloneNumber)}`,
		);
		return numbers[0]?.sms_url === url && numbers[0];
	}).catch((error) => error);
	checks.check(
		`${label} activating a trigger registered on ${SEED.standaloneNumber} sets the number's SmsUrl`,
		!(registered instanceof Error),
		registered,
	);
	const answer = await sandbox.inbound({
		to: SEED.standaloneNumber,
		from: '+15551237777',
		body: 'ping',
	});
	checks.check(
		`${label} the reply built by the workflow's last node reaches Twilio as TwiML`,
		answer.status === 200 &&
			/xml/.test(answer.contentType) &&
			JSON.stringify(answer.replies) === JSON.stringify(['Echo: ping']),
		answer,
	);
	await n8n.unpublish(ids.replyLastNode);
}

/**
 * The refund-approval example: a request makes the node text the manager two signed links and the
 * execution waits; the link read from the sandbox's ledger resumes it with the answer, which picks
 * the customer's SMS. A changed or unsigned link is refused. Returns the execution's id.
 * @param {Context} ctx @param {string} webhookBase @param {'Approve' | 'Decline'} answer
 */
async function refundApproval(ctx, webhookBase, answer) {
	const { checks, n8n, label, sandbox, ids } = ctx;
	await sandbox.clearMessages();
	const manager = '+15551230077';
	const customer = '+15551230078';
	const request = {
		order_id: 'A-2001',
		amount: '$42.00',
		reason: 'damaged',
		customer_phone: customer,
		manager_phone: manager,
	};
	const started = await waitFor('the refund-approval webhook to be registered', async () => {
		const response = await fetch(`${webhookBase}webhook/refund-approval`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(request),
		});
		return response.status === 404 ? undefined : response;
	});
	checks.check(`${label} the refund request was accepted`, started.status === 200, started.status);
	const question = await waitFor(
		'the SMS to the manager',
		async () => (await sandbox.ledger()).find((m) => m.params.To === manager),
		{ timeoutMs: 60000 },
	).catch((error) => error);
	const body = String(question?.params?.Body ?? '');
	const links = Object.fromEntries(
		[...body.matchAll(/^(Approve|Decline): (\S+)$/gm)].map(([, choice, url]) => [choice, url]),
	);
	checks.check(
		`${label} Send and Wait texts the manager the question, then an Approve and a Decline link (n8n's signed resume links)`,
		body.startsWith('Refund $42.00 for order A-2001 (damaged)?\n\nDecline: ') &&
			Object.values(links).length === 2 &&
			Object.values(links).every(
				(url) =>
					url.startsWith(`${webhookBase}webhook-waiting/`) &&
					/[?&]signature=[0-9a-f]{64}$/.test(url),
			),
		body,
	);
	const waiting = await waitFor('the execution to wait', async () =>
		(await n8n.executions(ids.refund, 1)).find((e) => e.status === 'waiting'),
	).catch((error) => error);
	checks.check(
		`${label} the execution waits for the answer`,
		waiting?.status === 'waiting',
		waiting?.status ?? String(waiting),
	);

	const browser = {
		'user-agent':
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
	};
	const tampered = await fetch(String(links.Decline).replace('approved=false', 'approved=true'), {
		headers: browser,
	});
	const unsigned = await fetch(String(links.Approve).replace(/[?&]signature=[0-9a-f]+$/, ''), {
		headers: browser,
	});
	const preview = await fetch(String(links.Approve), {
		headers: { 'user-agent': 'WhatsApp/2.23.20.0 A' },
	});
	await sleep(1000);
	const stillWaiting = (await n8n.executions(ids.refund, 1))[0];
	checks.check(
		`${label} a changed or unsigned link gets 401 and a link preview answers nothing; the execution keeps waiting`,
		tampered.status === 401 &&
			unsigned.status === 401 &&
			preview.status === 200 &&
			(await preview.text()) === '' &&
			stillWaiting?.status === 'waiting',
		{
			tampered: tampered.status,
			unsigned: unsigned.status,
			preview: preview.status,
			execution: stillWaiting?.status,
		},
	);

	const opened = await fetch(String(links[answer]), { headers: browser });
	checks.check(
		`${label} opening the ${answer} link shows "Got it, thanks"`,
		opened.status === 200 && (await opened.text()).includes('Got it, thanks'),
		opened.status,
	);
	const finished = await waitFor(
		'the execution to finish',
		async () => {
			const [execution] = await n8n.executions(ids.refund, 1);
			return execution?.status === 'success' && execution;
		},
		{ timeoutMs: 60000 },
	).catch((error) => error);
	const [output] = nodeItems(finished instanceof Error ? [] : [finished], 'Ask the manager');
	const approved = answer === 'Approve';
	checks.check(
		`${label} the execution finished with the answer { data: { approved: ${approved}, respondedAt } }`,
		output?.json?.data?.approved === approved &&
			!Number.isNaN(Date.parse(output?.json?.data?.respondedAt)),
		output?.json ?? String(finished),
	);
	const reply = await waitFor(
		'the SMS to the customer',
		async () => (await sandbox.ledger()).find((m) => m.params.To === customer),
		{ timeoutMs: 30000 },
	).catch((error) => error);
	checks.check(
		`${label} the customer got the ${approved ? 'approval' : 'decline'} SMS`,
		approved
			? reply?.params?.Body === 'Good news: your refund of $42.00 for order A-2001 is approved.'
			: String(reply?.params?.Body).startsWith(
					'Sorry, we could not approve the refund for order A-2001.',
				),
		reply?.params ?? String(reply),
	);
	const again = await fetch(String(links[answer]), { headers: browser });
	checks.check(
		`${label} a link of the finished execution resumes nothing`,
		again.status !== 500 && (await n8n.executions(ids.refund)).length === 1,
		again.status,
	);
	return String(finished?.id);
}

/** The load trigger's URL, once the workflow is published and its webhook answers. @param {Context} ctx */
async function publishLoadTrigger(ctx) {
	const { n8n, webhookUrl, files, ids } = ctx;
	const url = nodeWebhookUrl(webhookUrl, files.loadTrigger, 'Twilio Messaging Trigger');
	await n8n.publish(ids.loadTrigger);
	// Unsigned requests get 403 once the webhook is registered, and start nothing.
	await waitFor(
		'the load trigger to be registered',
		async () => (await fetch(url, { method: 'POST' })).status === 403,
	);
	return url;
}

/** Twilio's "delivered" callback for the i-th message. @param {number} i */
function statusCallbackForm(i) {
	return {
		AccountSid: SEED.accountSid,
		ApiVersion: '2010-04-01',
		From: SEED.mainNumber,
		MessageSid: `SM${String(i).padStart(32, '0')}`,
		MessageStatus: 'delivered',
		SmsSid: `SM${String(i).padStart(32, '0')}`,
		SmsStatus: 'delivered',
		To: `+1555127${String(i).padStart(4, '0')}`,
	};
}

/**
 * Posts a form signed as Twilio signs it (with its idempotency token when given, as on Twilio's
 * retries); resolves with the answer's status code, or "no answer (…)".
 * @param {string} url @param {Record<string, string>} form @param {string} [idempotencyToken]
 */
async function postSigned(url, form, idempotencyToken) {
	/** @type {Record<string, string>} */
	const headers = {
		'content-type': 'application/x-www-form-urlencoded',
		'x-twilio-signature': twilioSignature(SEED.authToken, url, form),
	};
	if (idempotencyToken) headers['i-twilio-idempotency-token'] = idempotencyToken;
	return await fetch(url, {
		method: 'POST',
		headers,
		body: new URLSearchParams(form).toString(),
		signal: AbortSignal.timeout(120000),
	}).then(
		async (response) => (await response.arrayBuffer(), String(response.status)),
		(error) => `no answer (${error.name})`,
	);
}

/**
 * Twilio's retry rule under load: signed status callbacks to a trigger, `parallel` at a time. Every
 * 2xx answer must stand for an execution n8n created, and every other answer must be a 5xx, which
 * Twilio retries. Answers are awaited however long they take, so none is left unaccounted for.
 * @param {Context} ctx @param {number} total @param {number} parallel
 */
async function triggerLoad(ctx, total, parallel) {
	const { checks, n8n, label, ids } = ctx;
	const url = await publishLoadTrigger(ctx);
	/** @type {Record<string, number>} */
	const answers = {};
	let next = 0;
	let slowestMs = 0;
	const started = Date.now();
	await Promise.all(
		Array.from({ length: parallel }, async () => {
			while (next < total) {
				const form = statusCallbackForm(next++);
				const sent = Date.now();
				const status = await postSigned(url, form);
				slowestMs = Math.max(slowestMs, Date.now() - sent);
				answers[status] = (answers[status] ?? 0) + 1;
			}
		}),
	);
	const seconds = (Date.now() - started) / 1000;
	const accepted = Object.entries(answers).reduce(
		(sum, [status, count]) => sum + (/^2\d\d$/.test(status) ? count : 0),
		0,
	);
	// A 2xx comes once n8n stored the execution; the runs themselves may still be finishing.
	await waitFor(
		'every accepted webhook to finish its execution',
		async () => {
			const statuses = await n8n.executionStatuses(ids.loadTrigger);
			return (
				statuses.length >= accepted &&
				statuses.every((status) => !['new', 'running'].includes(status))
			);
		},
		{ timeoutMs: 120000, intervalMs: 2000 },
	).catch(() => undefined);
	await sleep(2000);
	const statuses = await n8n.executionStatuses(ids.loadTrigger);
	await n8n.unpublish(ids.loadTrigger);
	const summary = `${total} webhooks, ${parallel} in parallel, in ${seconds.toFixed(1)} s (slowest answer ${(slowestMs / 1000).toFixed(1)} s): answers ${JSON.stringify(answers)}, ${statuses.length} executions`;
	console.log(`# ${label} trigger load: ${summary}`);
	checks.check(
		`${label} ${total} signed webhooks, ${parallel} in parallel: executions created (${statuses.length}) = 2xx answers (${accepted}), every other answer a 5xx Twilio retries`,
		statuses.length === accepted &&
			Object.keys(answers).every((status) => /^[25]\d\d$/.test(status)),
		summary,
	);
	checks.check(
		`${label} every execution the load created succeeded`,
		statuses.every((status) => status === 'success'),
		Object.fromEntries(
			[...new Set(statuses)].map((status) => [status, statuses.filter((s) => s === status).length]),
		),
	);
}

/**
 * n8n cannot store executions (another connection holds SQLite's write lock): every signed status
 * callback must get a 5xx and start nothing, never a 2xx for an execution that does not exist.
 * Twilio's retries (same idempotency token) after the lock is gone each start exactly one execution.
 * @param {Context} ctx @param {string} databaseFile @param {string} pathEnv
 */
async function triggerWhileDatabaseLocked(ctx, databaseFile, pathEnv) {
	const { checks, n8n, label, ids } = ctx;
	const url = await publishLoadTrigger(ctx);
	const executions = async () => (await n8n.executionStatuses(ids.loadTrigger)).length;
	const before = await executions();
	const forms = Array.from({ length: 5 }, (_, k) => statusCallbackForm(9000 + k));
	const lock = await lockDatabase(databaseFile, pathEnv);
	/** @type {string[]} */
	let whileLocked;
	try {
		whileLocked = await Promise.all(forms.map((form, k) => postSigned(url, form, `locked-${k}`)));
	} finally {
		await lock.release();
	}
	const createdWhileLocked = (await executions()) - before;
	const retries = await Promise.all(forms.map((form, k) => postSigned(url, form, `locked-${k}`)));
	const expected =
		before +
		whileLocked.filter((status) => /^2/.test(status)).length +
		retries.filter((status) => /^2/.test(status)).length;
	await waitFor("the retries' executions", async () => (await executions()) >= expected, {
		timeoutMs: 60000,
		intervalMs: 1000,
	}).catch(() => undefined);
	await sleep(2000);
	const created = (await executions()) - before;
	await n8n.unpublish(ids.loadTrigger);
	const summary = { whileLocked, createdWhileLocked, retries, created };
	console.log(`# ${label} database locked: ${JSON.stringify(summary)}`);
	checks.check(
		`${label} while n8n cannot store executions, every signed status callback gets a 5xx and starts nothing`,
		whileLocked.every((status) => /^5\d\d$/.test(status)) && createdWhileLocked === 0,
		summary,
	);
	checks.check(
		`${label} Twilio's retries after the lock is gone: each a 2xx with exactly one execution`,
		retries.every((status) => /^2\d\d$/.test(status)) && created === forms.length,
		summary,
	);
}

/**
 * Queue mode: the worker is killed with SIGKILL in the middle of a Send-Once batch, a new worker
 * starts, and the workflow runs again with the same items: every recipient gets exactly one message.
 * Returns the new worker.
 * @param {Context} ctx @param {import('./lib/processes').Started} worker @param {() => Promise<import('./lib/processes').Started>} startWorker
 * @param {number} total
 */
async function workerKilledMidBatch(ctx, worker, startWorker, total) {
	const { checks, n8n, label, sandbox, webhookUrl, ids } = ctx;
	await sandbox.clearMessages();
	const recipients = Array.from({ length: total }, (_, i) => ({
		key: `order-${i}`,
		to: `+1555126${String(i).padStart(4, '0')}`,
	}));
	// 10 sends at a time at 100-200 ms each: the batch takes several seconds.
	await sandbox.control('POST', '/faults', { latencyMs: [100, 200] });
	const post = async () => {
		const answer = await waitFor('the Send Once webhook to be registered', async () => {
			const response = await fetch(`${webhookUrl}webhook/e2e-send-once`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ recipients }),
			});
			return response.status === 404 ? undefined : response;
		});
		return answer.status;
	};
	const firstAnswer = await post();
	await waitFor(
		'a fifth of the batch in the ledger',
		async () => (await sandbox.ledger()).length >= total / 5,
		{ timeoutMs: 60000, intervalMs: 100 },
	);
	// The whole process group, as when a container is killed: the worker and its task runner.
	process.kill(-worker.pid, 'SIGKILL');
	await worker.exited;
	const atKill = (await sandbox.ledger()).length;
	await sandbox.control('DELETE', '/faults');
	const replacement = await startWorker();
	const [killed] = await n8n.executions(ids.sendOnce, 1);
	// The killed run is either picked up again by the new worker (a stalled job) or marked crashed.
	const settled = await waitFor(
		'the killed execution to leave "running"',
		async () => {
			const execution = (await n8n.executions(ids.sendOnce)).find(
				(e) => String(e.id) === String(killed?.id),
			);
			return execution && !['new', 'running'].includes(execution.status) && execution;
		},
		{ timeoutMs: 90000, intervalMs: 1000 },
	).catch(() => undefined);
	const afterKill = (await sandbox.ledger()).length;
	const secondAnswer = await post();
	const rerun = await waitFor(
		'the re-run to finish',
		async () => {
			const [execution] = await n8n.executions(ids.sendOnce, 1);
			return (
				execution &&
				String(execution.id) !== String(killed?.id) &&
				!['new', 'running'].includes(execution.status) &&
				execution
			);
		},
		{ timeoutMs: 120000, intervalMs: 1000 },
	).catch((error) => error);
	const ledger = await sandbox.ledger();
	const perRecipient = new Map(recipients.map((r) => [r.to, 0]));
	for (const message of ledger)
		perRecipient.set(message.params.To, (perRecipient.get(message.params.To) ?? 0) + 1);
	const missing = [...perRecipient].filter(([, count]) => count === 0).map(([to]) => to);
	const twice = [...perRecipient].filter(([, count]) => count > 1).map(([to]) => to);
	const extra = [...perRecipient.keys()].filter((to) => !recipients.some((r) => r.to === to));
	const summary = `${total} items: ${atKill} in the ledger when the worker was killed, ${afterKill} before the re-run (killed execution ${settled ? settled.status : 'still running'}), ${ledger.length} after; ${missing.length} missing, ${twice.length} sent twice`;
	console.log(`# ${label} worker killed mid-batch: ${summary}`);
	checks.check(
		`${label} the Send Once batch was accepted twice (200) and the worker was killed mid-batch`,
		firstAnswer === 200 && secondAnswer === 200 && atKill < total,
		summary,
	);
	checks.check(
		`${label} worker killed with SIGKILL mid-batch, new worker, re-run: each of the ${total} recipients got exactly one message`,
		ledger.length === total && missing.length === 0 && twice.length === 0 && extra.length === 0,
		{ summary, missing: missing.slice(0, 5), twice: twice.slice(0, 5), extra: extra.slice(0, 5) },
	);
	checks.check(
		`${label} the re-run succeeded`,
		rerun?.status === 'success',
		rerun?.status ?? String(rerun),
	);
	return replacement;
}

/** Queue mode: the executions ran in the worker process. @param {Context} ctx @param {string} workerLog @param {string} mainLog @param {string} what @param {string[]} executionIds */
function ranOnWorker(ctx, workerLog, mainLog, what, executionIds) {
	const finished = new Set(
		[...fs.readFileSync(workerLog, 'utf8').matchAll(/Worker finished execution (\d+)/g)].map(
			(m) => m[1],
		),
	);
	const missing = executionIds.filter((id) => !finished.has(id));
	ctx.checks.check(
		`${ctx.label} ${what} ran on the worker (${executionIds.length} execution(s) in the worker's "Worker finished execution" lines)`,
		executionIds.length > 0 &&
			missing.length === 0 &&
			!/Worker finished execution/.test(fs.readFileSync(mainLog, 'utf8')),
		{ missing },
	);
}

module.exports = {
	activate,
	nodeTypes,
	refundApproval,
	credentialTest,
	registration,
	lastNodeReply,
	sendExamples,
	trigger,
	bulk,
	failover,
	stopHandling,
	ranOnWorker,
	triggerLoad,
	triggerWhileDatabaseLocked,
	workerKilledMidBatch,
};
