'use strict';
/**
 * Runs nodes the way n8n runs a manual execution: n8n-core's WorkflowExecute on an n8n-workflow
 * Workflow, Items → node under test, with credentials stored encrypted by n8n-core's `Credentials`
 * and decrypted on every read (as n8n's CredentialsHelper does). JavaScript port of
 * test/harness/{workflow,credentials,nodeTypes}.ts, plus n8n's declarative ("generic")
 * credential authentication, which n8n-nodes-base's `twilioApi` credential uses.
 */
require('./env');
const { Container } = require('@n8n/di');
const { BinaryDataService, Credentials, ExecutionLifecycleHooks, InstanceSettings, WorkflowExecute } = require('n8n-core');
const { ICredentialsHelper, NodeConnectionTypes, Workflow, isExpression } = require('n8n-workflow');

class BenchCredentialsHelper extends ICredentialsHelper {
	constructor(types) {
		super();
		/** @type {Map<string, import('n8n-workflow').ICredentialType>} */
		this.types = types;
		this.store = new Map();
		this.reads = 0;
	}

	add(id, type, data) {
		const credentials = new Credentials({ id, name: `${type} ${id}` }, type);
		credentials.setData(data);
		this.store.set(id, credentials);
		return { id, name: `${type} ${id}` };
	}

	getParentTypes() {
		return [];
	}

	/** As n8n's CredentialsHelper.authenticate: a function, or generic properties resolved as expressions. */
	async authenticate(credentials, typeName, requestOptions, workflow, node) {
		const { authenticate } = this.types.get(typeName) ?? {};
		if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
		if (authenticate && typeof authenticate === 'object' && authenticate.type === 'generic') {
			requestOptions.headers ??= {};
			const resolve = (value) => {
				if (!isExpression(value)) return value;
				const resolved = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials }, undefined, '');
				return resolved ? resolved.toString() : '';
			};
			for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
				for (const [key, value] of Object.entries(outerValue)) {
					requestOptions[outerKey] ??= {};
					requestOptions[outerKey][resolve(key)] = resolve(value);
				}
			}
		}
		return requestOptions;
	}

	async preAuthentication() {
		return undefined;
	}

	async getCredentials(nodeCredentials) {
		const credentials = this.store.get(nodeCredentials.id ?? '');
		if (!credentials) throw new Error(`no credentials with id ${nodeCredentials.id}`);
		return credentials;
	}

	async getDecrypted(_additionalData, nodeCredentials, type) {
		this.reads++;
		const credentials = await this.getCredentials(nodeCredentials);
		const data = credentials.getData();
		for (const property of this.getCredentialsProperties(type)) {
			if (data[property.name] === undefined && property.default !== undefined) data[property.name] = property.default;
		}
		return data;
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type) {
		return this.types.get(type)?.properties ?? [];
	}
}

const ITEMS_NODE_TYPE = 'bench.items';

/** A start node emitting the items handed to it out of band (no JSON round trip through a parameter). */
class ItemsSource {
	constructor() {
		this.items = [];
		this.description = {
			displayName: 'Items',
			name: 'items',
			group: ['input'],
			version: 1,
			description: 'Emits bench items',
			defaults: { name: 'Items' },
			inputs: [],
			outputs: [NodeConnectionTypes.Main],
			properties: [],
		};
	}

	get execute() {
		// n8n calls execute with the execution context as `this`; the items live on this instance.
		const source = this;
		return async function execute() {
			return [source.items.map((json) => ({ json }))];
		};
	}
}

class BenchNodeTypes {
	constructor(nodes) {
		this.types = new Map(Object.entries(nodes));
		this.itemsSource = new ItemsSource();
		this.types.set(ITEMS_NODE_TYPE, this.itemsSource);
	}

	getByName(nodeType) {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType, version) {
		const type = this.getByName(nodeType);
		return typeof type.getNodeType === 'function' ? type.getNodeType(version) : type;
	}

	getKnownTypes() {
		return {};
	}
}

let binaryDataReady;
async function ensureBinaryData() {
	binaryDataReady ??= Container.get(BinaryDataService).init();
	await binaryDataReady;
}

function createHarness({ nodes, credentialTypes }) {
	Container.get(InstanceSettings);
	return {
		credentialsHelper: new BenchCredentialsHelper(new Map(Object.entries(credentialTypes))),
		nodeTypes: new BenchNodeTypes(nodes),
	};
}

function buildAdditionalData(harness, workflowData, executionId) {
	return {
		credentialsHelper: harness.credentialsHelper,
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in the bench');
		},
		getRunExecutionData: async () => undefined,
		executionId,
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		variables: {},
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('task runners are not used in the bench');
		},
	};
}

const NODE_NAME = 'Node Under Test';
let executions = 0;

/**
 * Runs Items → node through WorkflowExecute. `probe.before()` / `probe.after()` are called from
 * n8n-core's nodeExecuteBefore/After hooks of the node under test, so what they measure is the
 * node's execution inside n8n (parameter resolution, the node's code, n8n-core's HTTP helpers),
 * not the items source nor the workflow bookkeeping around it.
 */
async function runWorkflow(harness, { nodeType, typeVersion = 1, parameters, credentialType, credentials, items, probe }) {
	await ensureBinaryData();
	const credentialRef = harness.credentialsHelper.add(`cred-${credentialType}`, credentialType, credentials);
	harness.nodeTypes.itemsSource.items = items;
	const nodes = [
		{ id: 'items', name: 'Items', type: ITEMS_NODE_TYPE, typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'node-under-test',
			name: NODE_NAME,
			type: nodeType,
			typeVersion,
			position: [200, 0],
			parameters,
			credentials: { [credentialType]: credentialRef },
		},
	];
	const connections = { Items: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] } };
	const workflowData = {
		id: 'bench-workflow',
		name: 'bench',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes: harness.nodeTypes,
		settings: workflowData.settings,
	});
	const additionalData = buildAdditionalData(harness, workflowData, `bench-${++executions}`);
	if (probe) {
		additionalData.hooks.addHandler('nodeExecuteBefore', (name) => {
			if (name === NODE_NAME) probe.before();
		});
		additionalData.hooks.addHandler('nodeExecuteAfter', (name) => {
			if (name === NODE_NAME) probe.after();
		});
	}
	const run = await new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode: workflow.getNode('Items') });
	const output = run.data.resultData.runData[NODE_NAME]?.[0]?.data?.main?.[0] ?? [];
	return { output, error: run.data.resultData.error, run };
}

module.exports = { createHarness, runWorkflow, buildAdditionalData, ensureBinaryData, NODE_NAME, BenchCredentialsHelper };
