import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { twilioRequest } from '../../../shared/transport';
import { forOperation, simplifyField } from '../../helpers/fields';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { simplifyMessage } from '../../helpers/simplify';
import { messageSidField, messageSidOf } from './messageSid';

export const description: INodeProperties[] = forOperation('message', 'get', [messageSidField, simplifyField]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => ({ sid: messageSidOf(this, itemIndex), simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean }),
		async ({ sid, simplify }, itemIndex) => {
			const message = await twilioRequest<IDataObject>(this, {
				method: 'GET',
				product: 'api',
				path: `/Messages/${sid}.json`,
				action: `reading message ${sid}`,
				itemIndex,
			});
			return jsonItems(simplify ? simplifyMessage(message) : message);
		},
	);
}
