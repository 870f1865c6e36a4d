import 'reflect-metadata';
import { Container } from '@n8n/di';
import {
	BinaryDataService,
	ExecutionLifecycleHooks,
	InstanceSettings,
	WorkflowExecute,
} from 'n8n-core';
import {
	Workflow,
	type ExecutionError,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { TestCredentialsHelper } from './credentials';
import { ensureDeduplication } from './deduplication';
import { ITEMS_NODE_TYPE, TestNodeTypes } from './nodeTypes';

/**
 * n8n-core's engine around any nodes and credential types it is given, with none of this
 * package's own: the tests bind this package's nodes in workflow.ts and webhook.ts; the bench
 * bundles these files (bench/lib/harness.js) and gives them a build's nodes and n8n's
 * built-in Twilio node.
 */

export interface Harness {
	credentialsHelper: TestCredentialsHelper;
	nodeTypes: TestNodeTypes;
}

export function createEngineHarness(
	nodes: Record<string, INodeType | IVersionedNodeType>,
	credentialTypes: Record<string, ICredentialType>,
): Harness {
	Container.get(InstanceSettings);
	return {
		credentialsHelper: new TestCredentialsHelper(new Map(Object.entries(credentialTypes))),
		nodeTypes: new TestNodeTypes(nodes),
	};
}

let binaryDataReady: Promise<void> | undefined;
/** n8n-core's binary data service in its default (in-memory) mode, initialised once per process. */
export async function ensureBinaryData(): Promise<void> {
	binaryDataReady ??= Container.get(BinaryDataService).init();
	await binaryDataReady;
}

export function buildAdditionalData(
	harness: Harness,
	workflowData: IWorkflowBase,
	executionId = 'test-execution',
): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: harness.credentialsHelper,
		hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
		executeWorkflow: async () => {
			throw new Error('sub-workflows are not used in these tests');
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
			throw new Error('task runners are not used in these tests');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** The stored form of a test workflow, as n8n keeps it. */
export function workflowBase(o: {
	id: string;
	name: string;
	active: boolean;
	nodes: INode[];
	connections: IWorkflowBase['connections'];
}): IWorkflowBase {
	return {
		...o,
		isArchived: false,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase;
}

export interface NodeRun {
	/** The node's first output, or [] when it failed. */
	output: INodeExecutionData[];
	json: IDataObject[];
	/** The node error when the execution failed. */
	error?: ExecutionError;
	run: IRun;
}

export interface RunWorkflowOptions {
	nodeType: string;
	typeVersion?: number;
	parameters: INodeParameters;
	credentialType: string;
	credentials?: ICredentialDataDecryptedObject;
	items?: IDataObject[];
	/** Hands `items` to the Items node as they are instead of through its JSON parameter. */
	handOverItems?: boolean;
	continueOnFail?: boolean;
	/** Called once the execution started, with what the Stop button does. */
	onStart?: (stop: () => void) => void;
	/** Called from n8n-core's nodeExecuteBefore and nodeExecuteAfter hooks of the node under test. */
	probe?: { before(): void; after(): void };
}

export const NODE_NAME = 'Twilio';

export interface NodeUnderTestOptions {
	type: string;
	typeVersion?: number;
	parameters: INodeParameters;
	credentialType: string;
	credentials?: ICredentialDataDecryptedObject;
	position?: [number, number];
}

/** The node under test, with its credentials stored (encrypted) in the harness. */
export function nodeUnderTest(harness: Harness, o: NodeUnderTestOptions): INode {
	const credentialRef = harness.credentialsHelper.add(
		'cred-1',
		o.credentialType,
		o.credentials ?? {},
	);
	return {
		id: 'node-under-test',
		name: NODE_NAME,
		type: o.type,
		typeVersion: o.typeVersion ?? 1,
		position: o.position ?? [200, 0],
		parameters: o.parameters,
		credentials: { [o.credentialType]: credentialRef },
	};
}

/** Runs Items → the node under test through n8n-core's WorkflowExecute, as n8n runs a manual execution. */
export async function runWorkflow(harness: Harness, options: RunWorkflowOptions): Promise<NodeRun> {
	await ensureBinaryData();
	await ensureDeduplication();
	const items = options.items ?? [{}];
	harness.nodeTypes.itemsSource.handedOver.items = options.handOverItems ? items : undefined;
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: ITEMS_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: options.handOverItems ? {} : { items: JSON.stringify(items) },
		},
		{
			...nodeUnderTest(harness, { ...options, type: options.nodeType }),
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const connections = { Items: { main: [[{ node: NODE_NAME, type: 'main' as const, index: 0 }]] } };
	const workflowData = workflowBase({
		id: 'test-workflow',
		name: 'test',
		active: false,
		nodes,
		connections,
	});
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes: harness.nodeTypes,
		settings: workflowData.settings,
	});
	const additionalData = buildAdditionalData(harness, workflowData);
	const { probe } = options;
	if (probe) {
		additionalData.hooks!.addHandler('nodeExecuteBefore', (name) => {
			if (name === NODE_NAME) probe.before();
		});
		additionalData.hooks!.addHandler('nodeExecuteAfter', (name) => {
			if (name === NODE_NAME) probe.after();
		});
	}
	const running = new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: workflow.getNode('Items')!,
	});
	options.onStart?.(() => running.cancel());
	const run = await running;
	const output = run.data.resultData.runData[NODE_NAME]?.[0]?.data?.main?.[0] ?? [];
	return { output, json: output.map((item) => item.json), error: run.data.resultData.error, run };
}
