import 'reflect-metadata';
import { Container } from '@n8n/di';
import { BinaryDataService, ExecutionLifecycleHooks, InstanceSettings, LoadOptionsContext, WorkflowExecute } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentialType,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRun,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type ExecutionError,
} from 'n8n-workflow';
import { TwilioMessaging } from '../../nodes/TwilioMessaging/TwilioMessaging.node';
import { TwilioMessagingApi } from '../../credentials/TwilioMessagingApi.credentials';
import { TestCredentialsHelper } from './credentials';
import { ensureDeduplication } from './deduplication';
import { ITEMS_NODE_TYPE, TestNodeTypes } from './nodeTypes';

export const PACKAGE = 'n8n-nodes-twilio-messaging';
export const ACTION_NODE_TYPE = `${PACKAGE}.twilioMessaging`;
export const CREDENTIAL_TYPE = 'twilioMessagingApi';

const credentialType = new TwilioMessagingApi();
const credentialTypes = new Map<string, ICredentialType>([[CREDENTIAL_TYPE, credentialType]]);

let binaryDataReady: Promise<void> | undefined;
/** n8n-core's binary data service in its default (in-memory) mode, initialised once per test file. */
// n8n-core's SSH client manager runs a cleanup interval from the first node execution on, which
// would keep jest from ending; n8n stops it at shutdown, and so does each test file here.
afterAll(() => Container.get(SSHClientsManager).onShutdown());

async function ensureBinaryData(): Promise<void> {
	binaryDataReady ??= Container.get(BinaryDataService).init();
	await binaryDataReady;
}

export interface Harness {
	credentialsHelper: TestCredentialsHelper;
	nodeTypes: TestNodeTypes;
}

export function createHarness(extraNodes: Record<string, INodeType> = {}): Harness {
	Container.get(InstanceSettings);
	return {
		credentialsHelper: new TestCredentialsHelper(credentialTypes),
		nodeTypes: new TestNodeTypes({ [ACTION_NODE_TYPE]: new TwilioMessaging(), ...extraNodes }),
	};
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

export interface NodeRun {
	/** The node's first output, or [] when it failed. */
	output: INodeExecutionData[];
	json: IDataObject[];
	/** The node error when the execution failed. */
	error?: ExecutionError;
	run: IRun;
}

export interface RunNodeOptions {
	parameters: INodeParameters;
	items?: IDataObject[];
	credentials?: ICredentialDataDecryptedObject;
	continueOnFail?: boolean;
	nodeType?: string;
	typeVersion?: number;
	/** Called once the execution started, with what the Stop button does. */
	onStart?: (stop: () => void) => void;
}

export const NODE_NAME = 'Twilio';

/** Runs Items → the node under test through n8n-core's WorkflowExecute, as n8n runs a manual execution. */
/** The stored form of a test workflow, as n8n keeps it. */
export function workflowBase(o: { id: string; name: string; active: boolean; nodes: INode[]; connections: IWorkflowBase['connections'] }): IWorkflowBase {
	return {
		...o,
		isArchived: false,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as IWorkflowBase;
}

export async function runNode(harness: Harness, options: RunNodeOptions): Promise<NodeRun> {
	await ensureBinaryData();
	await ensureDeduplication();
	const credentialRef = harness.credentialsHelper.add('cred-1', CREDENTIAL_TYPE, options.credentials ?? {});
	const nodes: INode[] = [
		{
			id: 'items',
			name: 'Items',
			type: ITEMS_NODE_TYPE,
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(options.items ?? [{}]) },
		},
		{
			id: 'node-under-test',
			name: NODE_NAME,
			type: options.nodeType ?? ACTION_NODE_TYPE,
			typeVersion: options.typeVersion ?? 1,
			position: [200, 0],
			parameters: options.parameters,
			credentials: { [CREDENTIAL_TYPE]: credentialRef },
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const connections = { Items: { main: [[{ node: NODE_NAME, type: 'main' as const, index: 0 }]] } };
	const workflowData = workflowBase({ id: 'test-workflow', name: 'test', active: false, nodes, connections });
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
	const execution = new WorkflowExecute(additionalData, 'manual');
	const running = execution.run({ workflow, startNode: workflow.getNode('Items')! });
	options.onStart?.(() => running.cancel());
	const run = await running;
	const output = run.data.resultData.runData[NODE_NAME]?.[0]?.data?.main?.[0] ?? [];
	return { output, json: output.map((item) => item.json), error: run.data.resultData.error, run };
}

/** A load-options context on a workflow holding just the node, for list searches and resource mappers. */
export function loadOptionsContext(
	harness: Harness,
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
	path = 'parameters',
): LoadOptionsContext {
	const credentialRef = harness.credentialsHelper.add('cred-1', CREDENTIAL_TYPE, credentials);
	const node: INode = {
		id: 'node-under-test',
		name: NODE_NAME,
		type: ACTION_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters,
		credentials: { [CREDENTIAL_TYPE]: credentialRef },
	};
	const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes: harness.nodeTypes });
	const workflowData = { id: 'wf', name: 'wf', nodes: [node], connections: {} } as unknown as IWorkflowBase;
	// n8n's editor sends the node's current parameters with every list search and mapper request.
	const additionalData = { ...buildAdditionalData(harness, workflowData), currentNodeParameters: parameters };
	return new LoadOptionsContext(workflow, node, additionalData, path);
}
