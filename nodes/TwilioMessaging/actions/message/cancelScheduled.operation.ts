import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { twilioRequest } from '../../../shared/transport';
import { forOperation, simplifyField } from '../../helpers/fields';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { simplifyMessage } from '../../helpers/simplify';
import { messageSidField, messageSidOf } from './messageSid';

export const description: INodeProperties[] = forOperation('message', 'cancelScheduled', [
	{ ...messageSidField, description: 'The scheduled message to cancel, by its SID or by a link to it in the Twilio console' },
	simplifyField,
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => ({ sid: messageSidOf(this, itemIndex), simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean }),
		async ({ sid, simplify }, itemIndex) => {
			const message = await twilioRequest<IDataObject>(this, {
				method: 'POST',
				product: 'api',
				path: `/Messages/${sid}.json`,
				form: { Status: 'canceled' },
				action: `canceling scheduled message ${sid}`,
				itemIndex,
			});
			return jsonItems(simplify ? simplifyMessage(message) : message);
		},
	);
}
