// @ts-check
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
const {
	RecordingResponse,
	WebhookNodeHarness,
	createEngineHarness,
	ensureBinaryData,
	forMessage,
	inboundSms,
	statusCallback,
	twilioFormRequest,
} = require('./harness');
const { DIST, ACCOUNT_SID, AUTH_TOKEN, CREDENTIALS, FROM } = require('./nodes');
const { median, percentile, gc, heapUsed } = require('./measure');

const TRIGGER_TYPE = 'n8n-nodes-twilio-messaging.twilioMessagingTrigger';
const SERVICE_SID = 'MG00000000000000000000000000000001';

/** @param {string} prefix @param {number} n */
function sid(prefix, n) {
	return `${prefix}${n.toString(16).padStart(32, '0')}`;
}

/** Inbound SMS and status callbacks alternately: the tests' fixtures, on the sandbox's account, one message each. */
function webhookParams(/** @type {number} */ i) {
	const customer = `+1555${3000000 + i}`;
	const account = { AccountSid: ACCOUNT_SID, MessagingServiceSid: SERVICE_SID };
	if (i % 2 === 0)
		return forMessage(inboundSms, sid('SM', 0x100000 + i), {
			...account,
			Body: `Is my order ${i} on its way?`,
			To: FROM,
			From: customer,
		});
	return forMessage(statusCallback('delivered'), sid('SM', 0x100000 + i), {
		...account,
		To: customer,
		From: FROM,
	});
}

/**
 * @param {{ count: number, TriggerClass: new () => import('n8n-workflow').INodeType, credentialTypes: Record<string, import('n8n-workflow').ICredentialType> }} options
 */
async function runTriggerScenario({ count, TriggerClass, credentialTypes }) {
	await ensureBinaryData();
	const nodeType = new TriggerClass();
	const webhook = nodeType.webhook;
	if (!webhook) throw new Error('trigger bench: the trigger has no webhook()');
	const trigger = new WebhookNodeHarness({
		harness: createEngineHarness({ [TRIGGER_TYPE]: nodeType }, credentialTypes),
		nodeType,
		type: TRIGGER_TYPE,
		name: 'Twilio Trigger',
		parameters: {
			events: ['inbound', 'status'],
			registerOn: 'manual',
			respond: 'noReply',
			verifySignature: true,
			options: {},
		},
		credentialType: 'twilioMessagingApi',
		credentials: CREDENTIALS,
	});
	const url = trigger.url();
	/** @param {number} i @param {import('../../test/harness/twilioWebhook').SigningOptions} [signing] */
	const signedRequest = (i, signing) =>
		trigger.request(
			twilioFormRequest(url, webhookParams(i), { authToken: AUTH_TOKEN, ...signing }),
		);

	const requests = Array.from({ length: count }, (_, i) => signedRequest(i));
	// Each request gets what n8n's webhook server gives it: fresh additional data and a WebhookContext.
	/** @param {import('../../test/harness/webhookNode').HarnessRequest} req */
	const deliver = async (req) => {
		const res = new RecordingResponse();
		const result = await webhook.call(trigger.webhookContext(req, res).context);
		return { res, result };
	};

	/** @param {{ res: RecordingResponse, result: import('n8n-workflow').IWebhookResponseData }} outcome @param {number} i */
	const check = ({ res, result }, i) => {
		const item = result.workflowData?.[0]?.[0]?.json;
		const expected = i % 2 === 0 ? 'inbound' : 'status';
		if (
			res.statusCode !== 200 ||
			item?.event !== expected ||
			item.messageSid !== sid('SM', 0x100000 + i)
		) {
			throw new Error(
				`trigger bench: request ${i} was not handled as a signed ${expected} webhook (status ${res.statusCode}, item ${JSON.stringify(item)?.slice(0, 200)})`,
			);
		}
	};

	// Warm up on separate requests (their own idempotency tokens), then measure every request.
	const warmup = Array.from({ length: Math.min(200, count) }, (_, i) => signedRequest(i));
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
	const refused = await deliver(signedRequest(1, { signature: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }));
	if (refused.res.statusCode !== 403)
		throw new Error(`trigger bench: a forged signature got ${refused.res.statusCode}, not 403`);

	// The two named steps on their own, through the node's own modules.
	const { hasValidSignature } = require(
		path.join(DIST, 'nodes/TwilioMessagingTrigger/trigger/signature.js'),
	);
	const { readRequest } = require(
		path.join(DIST, 'nodes/TwilioMessagingTrigger/trigger/incomingRequest.js'),
	);
	const { classify, normalize } = require(
		path.join(DIST, 'nodes/TwilioMessagingTrigger/trigger/normalize.js'),
	);
	const received = await Promise.all(requests.map((req) => readRequest(req)));
	/** @param {(request: any, i: number) => unknown} fn */
	const timeEach = (fn) => {
		const c = process.cpuUsage();
		for (const [i, request] of received.entries()) fn(request, i);
		const used = process.cpuUsage(c);
		return (used.user + used.system) / 1000 / received.length;
	};
	const signatureCpuMs = timeEach((request) => {
		if (!hasValidSignature(AUTH_TOKEN, url, request))
			throw new Error('trigger bench: a signature did not verify');
	});
	const normaliseCpuMs = timeEach((request) =>
		normalize(classify(request.params), request.params, request.idempotencyToken),
	);

	const sorted = [...wall].sort((a, b) => a - b);
	return {
		requests: count,
		mix: 'half inbound SMS, half status callbacks; signature verification on; no auto-reply',
		totalWallMs: totalMs,
		requestsPerSecond: count / (totalMs / 1000),
		cpuMsPerRequest: (cpu.user + cpu.system) / 1000 / count,
		wallMsPerRequest: {
			mean: totalMs / count,
			p50: median(wall),
			p99: percentile(sorted, 99),
			max: sorted[sorted.length - 1],
		},
		steps: { signatureCheckCpuMs: signatureCpuMs, classifyAndNormaliseCpuMs: normaliseCpuMs },
		heapGrowthMB: (heapAfter - heapBefore) / 2 ** 20,
		forgedSignatureStatus: refused.res.statusCode,
		credentialReads: trigger.harness.credentialsHelper.reads,
	};
}

module.exports = { runTriggerScenario };
