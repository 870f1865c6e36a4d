import { Container } from '@n8n/di';
import { LoadOptionsContext } from 'n8n-core';
import { SSHClientsManager } from 'n8n-core/dist/execution-engine/ssh-clients-manager';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type INodeParameters,
	type INodeType,
	type IWorkflowBase,
} from 'n8n-workflow';
import { TwilioMessaging } from '../../nodes/TwilioMessaging/TwilioMessaging.node';
import { TwilioMessagingApi } from '../../credentials/TwilioMessagingApi.credentials';
import {
	buildAdditionalData,
	createEngineHarness,
	nodeUnderTest,
	runWorkflow,
	type Harness,
	type NodeRun,
	type RunWorkflowOptions,
} from './engine';

export { NODE_NAME, buildAdditionalData, workflowBase, type Harness, type NodeRun } from './engine';

export const PACKAGE = 'n8n-nodes-twilio-messaging';
export const ACTION_NODE_TYPE = `${PACKAGE}.twilioMessaging`;
export const CREDENTIAL_TYPE = 'twilioMessagingApi';

// n8n-core's SSH client manager runs a cleanup interval from the first node execution on, which
// would keep jest from ending; n8n stops it at shutdown, and so does each test file here.
afterAll(() => Container.get(SSHClientsManager).onShutdown());

/** The engine harness with this package's action node and credential type, plus any stand-in nodes. */
export function createHarness(extraNodes: Record<string, INodeType> = {}): Harness {
	return createEngineHarness(
		{ [ACTION_NODE_TYPE]: new TwilioMessaging(), ...extraNodes },
		{ [CREDENTIAL_TYPE]: new TwilioMessagingApi() },
	);
}

export type RunNodeOptions = Omit<
	RunWorkflowOptions,
	'nodeType' | 'credentialType' | 'handOverItems' | 'probe'
> & { nodeType?: string };

/** Runs Items → this package's action node (or `nodeType`) through n8n-core's WorkflowExecute. */
export async function runNode(harness: Harness, options: RunNodeOptions): Promise<NodeRun> {
	return await runWorkflow(harness, {
		...options,
		nodeType: options.nodeType ?? ACTION_NODE_TYPE,
		credentialType: CREDENTIAL_TYPE,
	});
}

/** A load-options context on a workflow holding just the node, for list searches and resource mappers. */
export function loadOptionsContext(
	harness: Harness,
	parameters: INodeParameters,
	credentials: ICredentialDataDecryptedObject,
	path = 'parameters',
): LoadOptionsContext {
	const node = nodeUnderTest(harness, {
		type: ACTION_NODE_TYPE,
		parameters,
		credentialType: CREDENTIAL_TYPE,
		credentials,
		position: [0, 0],
	});
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: harness.nodeTypes,
	});
	const workflowData = {
		id: 'wf',
		name: 'wf',
		nodes: [node],
		connections: {},
	} as unknown as IWorkflowBase;
	// n8n's editor sends the node's current parameters with every list search and mapper request.
	const additionalData = {
		...buildAdditionalData(harness, workflowData),
		currentNodeParameters: parameters,
	};
	return new LoadOptionsContext(workflow, node, additionalData, path);
}
