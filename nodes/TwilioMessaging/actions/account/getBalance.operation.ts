import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { twilioRequest } from '../../../shared/transport';
import { jsonItems, runPerItem } from '../../helpers/perItem';

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		() => undefined,
		async (_plan, itemIndex) => {
			const balance = await twilioRequest<IDataObject>(this, {
				method: 'GET',
				product: 'api',
				path: '/Balance.json',
				action: 'reading the account balance',
				itemIndex,
			});
			return jsonItems(balance);
		},
	);
}
