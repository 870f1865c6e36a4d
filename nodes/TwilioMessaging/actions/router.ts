import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import * as account from './account/Account.resource';
import * as contentTemplate from './contentTemplate/ContentTemplate.resource';
import * as message from './message/Message.resource';

type Operation = {
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
};

const resources: Record<string, { operations: Record<string, Operation> }> = {
	account,
	contentTemplate,
	message,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.operations[operation];
	if (!handler)
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of "${resource}" is not supported`,
		);
	return [await handler.execute.call(this, this.getInputData())];
}
