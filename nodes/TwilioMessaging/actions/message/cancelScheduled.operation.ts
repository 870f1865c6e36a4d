import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { forOperation, simplifyField } from '../../helpers/fields';
import { forEachMessage } from './forEachMessage';
import { messageSidField } from './messageSid';

export const description: INodeProperties[] = forOperation('message', 'cancelScheduled', [
	{
		...messageSidField,
		description:
			'The scheduled message to cancel, by its SID or by a link to it in the Twilio console',
	},
	simplifyField,
]);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await forEachMessage(this, items, (sid) => ({
		method: 'POST',
		form: { Status: 'canceled' },
		action: `canceling scheduled message ${sid}`,
	}));
}
