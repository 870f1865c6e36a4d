import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { twilioRequest } from '../../../shared/transport';
import { forOperation } from '../../helpers/fields';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { messageSidField, messageSidParameter } from './messageSid';

export const description: INodeProperties[] = forOperation('message', 'delete', [
	{
		...messageSidField,
		description:
			'The message to delete from the account, with its media. Twilio cannot delete a message that is still being sent.',
	},
]);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => messageSidParameter(this, itemIndex),
		async (sid, itemIndex) => {
			await twilioRequest(this, {
				method: 'DELETE',
				product: 'api',
				path: `/Messages/${sid}.json`,
				action: `deleting message ${sid}`,
				itemIndex,
			});
			return jsonItems({ deleted: true });
		},
	);
}
