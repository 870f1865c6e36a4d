// @ts-check
'use strict';

const fs = require('fs');
const path = require('path');
const { N8n, n8nEnv, installPackage, freePorts } = require('./n8n');

const CREDENTIAL = { id: 'twilioSandbox001', name: 'Twilio sandbox', type: 'twilioMessagingApi' };

/**
 * A fresh n8n home with the package installed and the credential (unless there is no
 * `credentialData`) and workflows imported, ready to start in regular or queue mode.
 * @param {{ processes: import('./processes').Processes, dir: string, tarball: string, pathEnv: string,
 *   credentialData?: Record<string, string>, credentialName?: string, workflows: string[], encryptionKey: string,
 *   port?: number, webhookPort?: number, queue?: { redisPort: number }, database?: Record<string, string> }} o
 */
async function prepareInstance(o) {
	const userFolder = path.join(o.dir, 'home');
	const logDir = path.join(o.dir, 'logs');
	fs.mkdirSync(logDir, { recursive: true });
	installPackage(userFolder, o.tarball);
	const [port] = o.port ? [o.port] : await freePorts(1);
	const webhookUrl = `http://127.0.0.1:${o.webhookPort ?? port}/`;
	const env = n8nEnv({
		pathEnv: o.pathEnv,
		userFolder,
		port,
		webhookUrl,
		encryptionKey: o.encryptionKey,
		queue: o.queue,
		database: o.database,
	});
	const n8n = new N8n({ processes: o.processes, env, port, logDir });
	if (o.credentialData) {
		const credentialsFile = path.join(o.dir, 'credentials.json');
		fs.writeFileSync(
			credentialsFile,
			JSON.stringify(
				[{ ...CREDENTIAL, name: o.credentialName ?? CREDENTIAL.name, data: o.credentialData }],
				null,
				2,
			),
		);
		await n8n.importCredentials(credentialsFile);
	}
	if (o.workflows.length) await n8n.importWorkflows(o.workflows);
	return { n8n, userFolder, port, webhookUrl };
}

/** The production URL of a webhook node: `<WEBHOOK_URL>webhook/<webhookId>/<path>`. @param {string} webhookUrl @param {string} file @param {string} nodeName */
function nodeWebhookUrl(webhookUrl, file, nodeName, nodePath = 'twilio') {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	const node = workflow.nodes.find((/** @type {any} */ n) => n.name === nodeName);
	return `${webhookUrl}webhook/${node.webhookId}/${nodePath}`;
}

const SLOTS = { inbound: ['inbound_request_url', 'inbound_method'], status: ['status_callback'] };

/**
 * The Messaging Service settings a workflow's trigger takes over while active.
 * @param {string} file @param {string} webhookUrl @returns {Array<{ service: string, expected: Record<string, string> }>}
 */
function registrationsOf(file, webhookUrl) {
	const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
	return workflow.nodes
		.filter(
			(/** @type {any} */ n) =>
				n.type.endsWith('.twilioMessagingTrigger') &&
				n.parameters.registerOn === 'messagingService',
		)
		.map((/** @type {any} */ n) => {
			const url = nodeWebhookUrl(webhookUrl, file, n.name);
			/** @type {Record<string, string>} */
			const expected = {};
			for (const event of n.parameters.events) {
				for (const key of SLOTS[/** @type {'inbound' | 'status'} */ (event)])
					expected[key] = key.endsWith('_method') ? 'POST' : url;
			}
			return { service: n.parameters.messagingService.value, expected };
		});
}

/** @param {Record<string, any>} service @param {Record<string, string>} expected */
const holds = (service, expected) =>
	Object.entries(expected).every(([key, value]) => service[key] === value);

module.exports = { CREDENTIAL, prepareInstance, nodeWebhookUrl, registrationsOf, holds };
