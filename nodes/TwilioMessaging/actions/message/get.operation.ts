import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { forOperation, simplifyField } from '../../helpers/fields';
import { forEachMessage } from './forEachMessage';
import { messageSidField } from './messageSid';

export const description: INodeProperties[] = forOperation('message', 'get', [
	messageSidField,
	simplifyField,
]);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachMessage(this, items, (sid) => ({
		method: 'GET',
		action: `reading message ${sid}`,
	}));
}
