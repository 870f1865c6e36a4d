// @ts-check
'use strict';
require('./env');
const path = require('path');
const { standInDescription } = require('./harness');

const ROOT = path.join(__dirname, '..', '..');
// BENCH_DIST: another build of this package (e.g. an older commit's) to compare against.
const DIST = process.env.BENCH_DIST
	? path.resolve(process.env.BENCH_DIST)
	: path.join(ROOT, 'dist');
const NODES_BASE = path.dirname(
	require.resolve('n8n-nodes-base/package.json', { paths: [path.join(__dirname, '..')] }),
);

const OURS = 'n8n-nodes-twilio-messaging.twilioMessaging';
const BUILT_IN = 'n8n-nodes-base.twilio';
const FLOOR = 'bench.floor';

// The sandbox's default seed: its main account, API key and first number.
const [SEED_ACCOUNT] = require(path.join(ROOT, 'sandbox', 'seed.default.json')).accounts;
const { sid: ACCOUNT_SID, authToken: AUTH_TOKEN } = SEED_ACCOUNT;
const { sid: API_KEY_SID, secret: API_KEY_SECRET } = SEED_ACCOUNT.apiKeys[0];
const FROM = SEED_ACCOUNT.phoneNumbers[0].phoneNumber;
// This package's credential for that account, with the Auth Token the trigger verifies with.
const CREDENTIALS = {
	accountSid: ACCOUNT_SID,
	authType: 'apiKey',
	apiSid: API_KEY_SID,
	apiKeySecret: API_KEY_SECRET,
	authToken: AUTH_TOKEN,
};
const BODY_TEMPLATE = 'Hi {{first_name}}, your code is {{code}}.';

function load() {
	const { TwilioMessaging } = require(
		path.join(DIST, 'nodes/TwilioMessaging/TwilioMessaging.node.js'),
	);
	const { TwilioMessagingTrigger } = require(
		path.join(DIST, 'nodes/TwilioMessagingTrigger/TwilioMessagingTrigger.node.js'),
	);
	const { TwilioMessagingApi } = require(
		path.join(DIST, 'credentials/TwilioMessagingApi.credentials.js'),
	);
	const { Twilio } = require(path.join(NODES_BASE, 'dist/nodes/Twilio/Twilio.node.js'));
	const { TwilioApi } = require(path.join(NODES_BASE, 'dist/credentials/TwilioApi.credentials.js'));
	return {
		nodes: { [OURS]: new TwilioMessaging(), [BUILT_IN]: new Twilio(), [FLOOR]: new FloorSender() },
		trigger: TwilioMessagingTrigger,
		credentialTypes: { twilioMessagingApi: new TwilioMessagingApi(), twilioApi: new TwilioApi() },
		nodesBaseVersion: require(path.join(NODES_BASE, 'package.json')).version,
	};
}

/**
 * The floor: the least any n8n node must do per message to send these items — resolve the same
 * per-item expressions as the measured configuration (`to`, plus the two variables when they are
 * expressions), build the form, and POST it through the same n8n-core helper
 * (httpRequestWithAuthentication, credentials read once) with the same number of requests in
 * flight. "CPU added per message" of a node is its CPU per message minus this node's.
 * With `recipient: 'itemField'` it evaluates no expression at all: what n8n-core's HTTP helper
 * alone allows inside a node, the ceiling of any node that must use it.
 */
class FloorSender {
	constructor() {
		this.description = standInDescription({
			name: 'floor',
			displayName: 'Floor Sender',
			description: 'Minimal sender, the reference for CPU added per message',
			credentials: [{ name: 'twilioMessagingApi', required: true }],
			properties: [
				{ displayName: 'To', name: 'to', type: 'string', default: '' },
				{ displayName: 'First Name', name: 'firstName', type: 'string', default: '' },
				{ displayName: 'Code', name: 'code', type: 'string', default: '' },
				{ displayName: 'Variables', name: 'variables', type: 'string', default: 'itemFields' },
				{ displayName: 'Recipient', name: 'recipient', type: 'string', default: 'expression' },
				{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 10 },
			],
		});
	}

	/** @this {import('n8n-workflow').IExecuteFunctions} */
	async execute() {
		const items = this.getInputData();
		const credentials = await this.getCredentials('twilioMessagingApi');
		const decrypted = { id: 'floor', name: 'floor', type: 'twilioMessagingApi', data: credentials };
		const url = `${credentials.baseUrlOverride}/2010-04-01/Accounts/${credentials.accountSid}/Messages.json`;
		const concurrency = /** @type {number} */ (this.getNodeParameter('concurrency', 0));
		const fromExpressions = this.getNodeParameter('variables', 0) !== 'itemFields';
		const toFromExpression = this.getNodeParameter('recipient', 0) === 'expression';
		/** @type {import('n8n-workflow').INodeExecutionData[]} */
		const output = new Array(items.length);
		let next = 0;
		const lane = async () => {
			while (next < items.length) {
				const i = next++;
				const { json } = items[i];
				const firstName = fromExpressions ? this.getNodeParameter('firstName', i) : json.first_name;
				const code = fromExpressions ? this.getNodeParameter('code', i) : json.code;
				const to = /** @type {string} */ (
					toFromExpression ? this.getNodeParameter('to', i) : json.phone
				);
				const body = new URLSearchParams({
					To: to,
					From: FROM,
					Body: `Hi ${firstName}, your code is ${code}.`,
				}).toString();
				const response = await this.helpers.httpRequestWithAuthentication.call(
					this,
					'twilioMessagingApi',
					{
						method: 'POST',
						url,
						body,
						headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
						json: true,
						returnFullResponse: true,
						ignoreHttpStatusErrors: true,
					},
					{ credentialsDecrypted: decrypted },
				);
				if (response.statusCode >= 400)
					throw new Error(`floor: HTTP ${response.statusCode} ${JSON.stringify(response.body)}`);
				output[i] = { json: response.body, pairedItem: { item: i } };
			}
		};
		await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, lane));
		return [output];
	}
}

/** @typedef {{ phone: string, first_name: string, code: string }} BenchItem */
/** A measured run's node, credential and parameters (runWorkflow's options besides the items). @typedef {Pick<import('../../test/harness/engine').RunWorkflowOptions, 'nodeType' | 'credentialType' | 'credentials' | 'parameters'>} RunConfig */
/** Where the two template variables come from. @typedef {'itemFields' | 'inlineVariables'} Variables */

/** N distinct recipients with the two template variables; +1555300xxxx is outside every sandbox fault list. @param {number} count @returns {BenchItem[]} */
function makeItems(count) {
	const names = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Frances'];
	return Array.from({ length: count }, (_, i) => ({
		phone: `+1555${3000000 + i}`,
		first_name: names[i % names.length],
		code: `C${100000 + i}`,
	}));
}

/** @param {BenchItem} item */
function expectedBody(item) {
	return `Hi ${item.first_name}, your code is ${item.code}.`;
}

/**
 * This package's Send: SMS from a number, inline Handlebars body with two variables, taken either
 * from the item's fields (`useItemFields`, no n8n expression) or from Inline Variables mapped with
 * n8n expressions (`{{ $json.first_name }}`). `to` is an expression in both.
 * @param {string} sandboxUrl @param {number} [concurrency] @param {Variables} [variables] @returns {RunConfig}
 */
function oursRun(sandboxUrl, concurrency, variables = 'itemFields') {
	const variableParameters =
		variables === 'itemFields'
			? { useItemFields: true }
			: {
					inlineVariables: {
						variable: [
							{ name: 'first_name', value: '={{ $json.first_name }}' },
							{ name: 'code', value: '={{ $json.code }}' },
						],
					},
				};
	return {
		nodeType: OURS,
		credentialType: 'twilioMessagingApi',
		credentials: { ...CREDENTIALS, baseUrlOverride: sandboxUrl },
		parameters: {
			resource: 'message',
			operation: 'send',
			channel: 'sms',
			senderType: 'phoneNumber',
			from: { __rl: true, mode: 'id', value: FROM },
			to: '={{ $json.phone }}',
			templateType: 'inline',
			body: BODY_TEMPLATE,
			...variableParameters,
			...(concurrency === undefined ? {} : { options: { concurrency } }),
		},
	};
}

/** @returns {RunConfig} */
function builtInRun() {
	return {
		nodeType: BUILT_IN,
		credentialType: 'twilioApi',
		credentials: {
			authType: 'apiKey',
			accountSid: ACCOUNT_SID,
			apiKeySid: API_KEY_SID,
			apiKeySecret: API_KEY_SECRET,
		},
		parameters: {
			resource: 'sms',
			operation: 'send',
			from: FROM,
			to: '={{ $json.phone }}',
			toWhatsapp: false,
			message: '=Hi {{ $json.first_name }}, your code is {{ $json.code }}.',
		},
	};
}

/**
 * The floor for either variant: the same per-item expressions as the node's configuration has.
 * @param {string} sandboxUrl @param {number} concurrency @param {Variables} [variables] @returns {RunConfig}
 */
function floorRun(sandboxUrl, concurrency, variables = 'itemFields') {
	return {
		nodeType: FLOOR,
		credentialType: 'twilioMessagingApi',
		credentials: oursRun(sandboxUrl).credentials,
		parameters: {
			to: '={{ $json.phone }}',
			variables,
			...(variables === 'itemFields'
				? {}
				: { firstName: '={{ $json.first_name }}', code: '={{ $json.code }}' }),
			concurrency,
		},
	};
}

/**
 * n8n-core's HTTP helper in a node that evaluates no expression: the ceiling for nodes that use it.
 * @param {string} sandboxUrl @param {number} concurrency @returns {RunConfig}
 */
function helperCeilingRun(sandboxUrl, concurrency) {
	const run = floorRun(sandboxUrl, concurrency, 'itemFields');
	return { ...run, parameters: { ...run.parameters, recipient: 'itemField' } };
}

module.exports = {
	load,
	makeItems,
	expectedBody,
	oursRun,
	builtInRun,
	floorRun,
	helperCeilingRun,
	ROOT,
	DIST,
	NODES_BASE,
	ACCOUNT_SID,
	AUTH_TOKEN,
	API_KEY_SID,
	API_KEY_SECRET,
	CREDENTIALS,
	FROM,
	BODY_TEMPLATE,
};
