'use strict';
/**
 * The trigger's per-request handling through its real code path: n8n-core's WebhookContext (as
 * n8n's webhook server builds it for each request) and the node's webhook(), which reads the raw
 * body, checks X-Twilio-Signature with the `twilio` package, classifies, normalises, answers
 * Twilio (TwiML or 200) and hands back the output item. Requests are signed beforehand with the
 * `twilio` package's own signing, so only the receiving side is measured. No sockets: the
 * request and response objects are what n8n's express layer would hand the node.
 */
require('./env');
const path = require('path');
const { randomUUID } = require('crypto');
const { ExecutionLifecycleHooks, WebhookContext } = require('n8n-core');
const { Workflow } = require('n8n-workflow');
const { createHarness, buildAdditionalData, ensureBinaryData } = require('./harness');
const { ROOT, DIST, ACCOUNT_SID, AUTH_TOKEN, API_KEY_SID, API_KEY_SECRET, FROM } = require('./nodes');
const { median, percentile, gc, heapUsed } = require('./measure');

// The product's own dependency, from the root install (what the node itself loads).
const { getExpectedTwilioSignature } = require(require.resolve('twilio/lib/webhooks/webhooks', { paths: [ROOT] }));

const { EventEmitter } = require('events');

const TRIGGER_TYPE = 'n8n-nodes-twilio-messaging.twilioMessagingTrigger';
const WEBHOOK_ID = '5b0c8a7e-1d2f-4c3b-9a8e-7f6d5c4b3a21';
const WEBHOOK_BASE = 'https://n8n.example.com/webhook';
const SERVICE_SID = 'MG00000000000000000000000000000001';

/** Enough of a ServerResponse for the trigger: headers, body, and the 'finish' event n8n's answer emits. */
class RecordingResponse extends EventEmitter {
	constructor() {
		super();
		this.statusCode = 200;
		this.headersSent = false;
		this.writableEnded = false;
		this.body = '';
		this.headers = {};
	}

	setHeader(name, value) {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	getHeader(name) {
		return this.headers[name.toLowerCase()];
	}

	getHeaders() {
		return { ...this.headers };
	}

	writeHead(statusCode, headers = {}) {
		this.statusCode = statusCode;
		for (const [name, value] of Object.entries(headers)) this.setHeader(name, value);
		this.headersSent = true;
		return this;
	}

	end(chunk) {
		this.headersSent = true;
		this.writableEnded = true;
		if (chunk !== undefined) this.body += chunk.toString();
		this.emit('finish');
		return this;
	}
}

function sid(prefix, n) {
	return `${prefix}${n.toString(16).padStart(32, '0')}`;
}

/** Inbound SMS and status callbacks alternately, shaped like Twilio's (test/fixtures/twilioWebhooks.ts). */
function webhookParams(i) {
	const messageSid = sid('SM', 0x100000 + i);
	if (i % 2 === 0) {
		return {
			ToCountry: 'US',
			ToState: 'CA',
			SmsMessageSid: messageSid,
			NumMedia: '0',
			ToCity: 'SAN FRANCISCO',
			FromZip: '94105',
			SmsSid: messageSid,
			FromState: 'CA',
			SmsStatus: 'received',
			FromCity: 'SAN FRANCISCO',
			Body: `Is my order ${i} on its way?`,
			FromCountry: 'US',
			To: FROM,
			MessagingServiceSid: SERVICE_SID,
			ToZip: '94105',
			NumSegments: '1',
			ReferralNumMedia: '0',
			MessageSid: messageSid,
			AccountSid: ACCOUNT_SID,
			From: `+1555${3000000 + i}`,
			ApiVersion: '2010-04-01',
		};
	}
	return {
		SmsSid: messageSid,
		SmsStatus: 'delivered',
		MessageStatus: 'delivered',
		To: `+1555${3000000 + i}`,
		MessagingServiceSid: SERVICE_SID,
		MessageSid: messageSid,
		AccountSid: ACCOUNT_SID,
		From: FROM,
		ApiVersion: '2010-04-01',
		RawDlrDoneDate: '2611231200',
	};
}

function signedRequest(url, params) {
	const form = new URLSearchParams(params).toString();
	const raw = Buffer.from(form, 'utf8');
	const pathname = new URL(url).pathname;
	return {
		method: 'POST',
		url: pathname,
		originalUrl: pathname,
		path: pathname,
		headers: {
			'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
			'user-agent': 'TwilioProxy/1.1',
			'x-twilio-signature': getExpectedTwilioSignature(AUTH_TOKEN, url, params),
			'i-twilio-idempotency-token': randomUUID(),
		},
		query: {},
		params: {},
		contentType: 'application/x-www-form-urlencoded',
		body: { ...params },
		rawBody: raw,
	};
}

async function runTriggerScenario({ count, TriggerClass, credentialTypes }) {
	await ensureBinaryData();
	const nodeType = new TriggerClass();
	const harness = createHarness({ nodes: { [TRIGGER_TYPE]: nodeType }, credentialTypes });
	const credentialRef = harness.credentialsHelper.add('cred-trigger', 'twilioMessagingApi', {
		accountSid: ACCOUNT_SID,
		authType: 'apiKey',
		apiSid: API_KEY_SID,
		apiKeySecret: API_KEY_SECRET,
		authToken: AUTH_TOKEN,
	});
	const node = {
		id: 'trigger-under-test',
		name: 'Twilio Trigger',
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: { events: ['inbound', 'status'], registerOn: 'manual', respond: 'noReply', verifySignature: true, options: {} },
		credentials: { twilioMessagingApi: credentialRef },
	};
	const workflowData = { id: 'trigger-workflow', name: 'trigger bench', active: true, isArchived: false, nodes: [node], connections: {}, settings: { executionOrder: 'v1' } };
	const workflow = new Workflow({ id: workflowData.id, name: workflowData.name, nodes: [node], connections: {}, active: true, nodeTypes: harness.nodeTypes, settings: workflowData.settings, staticData: {} });
	const webhookDescription = nodeType.description.webhooks[0];
	const url = `${WEBHOOK_BASE}/${WEBHOOK_ID}/${webhookDescription.path}`;

	const requests = Array.from({ length: count }, (_, i) => signedRequest(url, webhookParams(i)));
	// Each request gets what n8n's webhook server gives it: fresh additional data and a WebhookContext.
	let executions = 0;
	const deliver = async (req) => {
		const res = new RecordingResponse();
		const executionId = `webhook-${++executions}`;
		const additionalData = {
			...buildAdditionalData(harness, workflowData, executionId),
			hooks: new ExecutionLifecycleHooks('webhook', executionId, workflowData),
			webhookBaseUrl: WEBHOOK_BASE,
			webhookTestBaseUrl: 'https://n8n.example.com/webhook-test',
			httpRequest: req,
			httpResponse: res,
		};
		const webhookData = {
			httpMethod: 'POST',
			node: node.name,
			path: `${WEBHOOK_ID}/${webhookDescription.path}`,
			webhookDescription,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
			isTest: false,
		};
		const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
		const result = await nodeType.webhook.call(context);
		return { res, result };
	};

	const check = ({ res, result }, i) => {
		const item = result.workflowData?.[0]?.[0]?.json;
		const expected = i % 2 === 0 ? 'inbound' : 'status';
		if (res.statusCode !== 200 || item?.event !== expected || item.messageSid !== sid('SM', 0x100000 + i)) {
			throw new Error(`trigger bench: request ${i} was not handled as a signed ${expected} webhook (status ${res.statusCode}, item ${JSON.stringify(item)?.slice(0, 200)})`);
		}
	};

	// Warm up on separate requests (their own idempotency tokens), then measure every request.
	const warmup = Array.from({ length: Math.min(200, count) }, (_, i) => signedRequest(url, webhookParams(i)));
	for (const [i, req] of warmup.entries()) check(await deliver(req), i);

	gc();
	const heapBefore = heapUsed();
	const wall = [];
	const cpuStart = process.cpuUsage();
	const start = process.hrtime.bigint();
	for (const [i, req] of requests.entries()) {
		const t0 = process.hrtime.bigint();
		const outcome = await deliver(req);
		wall.push(Number(process.hrtime.bigint() - t0) / 1e6);
		check(outcome, i);
	}
	const totalMs = Number(process.hrtime.bigint() - start) / 1e6;
	const cpu = process.cpuUsage(cpuStart);
	const heapAfter = heapUsed();

	// A forged signature must be refused (the check is really on).
	const forged = signedRequest(url, webhookParams(1));
	forged.headers['x-twilio-signature'] = 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=';
	const refused = await deliver(forged);
	if (refused.res.statusCode !== 403) throw new Error(`trigger bench: a forged signature got ${refused.res.statusCode}, not 403`);

	// The two named steps on their own, through the node's own modules.
	const { hasValidSignature } = require(path.join(DIST, 'nodes/TwilioMessagingTrigger/trigger/signature.js'));
	const { readRequest } = require(path.join(DIST, 'nodes/TwilioMessagingTrigger/trigger/incomingRequest.js'));
	const { classify, normalize } = require(path.join(DIST, 'nodes/TwilioMessagingTrigger/trigger/normalize.js'));
	const received = await Promise.all(requests.map((req) => readRequest(req)));
	const timeEach = (fn) => {
		const c = process.cpuUsage();
		for (const [i, request] of received.entries()) fn(request, i);
		const used = process.cpuUsage(c);
		return (used.user + used.system) / 1000 / received.length;
	};
	const signatureCpuMs = timeEach((request) => {
		if (!hasValidSignature(AUTH_TOKEN, url, request)) throw new Error('trigger bench: a signature did not verify');
	});
	const normaliseCpuMs = timeEach((request) => normalize(classify(request.params), request.params, request.idempotencyToken));

	const sorted = [...wall].sort((a, b) => a - b);
	return {
		requests: count,
		mix: 'half inbound SMS, half status callbacks; signature verification on; no auto-reply',
		totalWallMs: totalMs,
		requestsPerSecond: count / (totalMs / 1000),
		cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / count,
		wallMsPerRequest: { mean: totalMs / count, p50: median(wall), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] },
		steps: { signatureCheckCpuMs: signatureCpuMs, classifyAndNormaliseCpuMs: normaliseCpuMs },
		heapGrowthMB: (heapAfter - heapBefore) / 2 ** 20,
		forgedSignatureStatus: refused.res.statusCode,
		credentialReads: harness.credentialsHelper.reads,
	};
}

module.exports = { runTriggerScenario };
