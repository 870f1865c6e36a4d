import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { twilioRequest } from '../../../shared/transport';
import { forOperation, simplifyField } from '../../helpers/fields';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { simplifyMessage } from '../../helpers/simplify';
import { messageSidField, messageSidOf } from './messageSid';

export const description: INodeProperties[] = forOperation('message', 'redact', [
	{
		...messageSidField,
		description: 'The message whose text is erased. Twilio only redacts messages that are no longer being sent.',
	},
	simplifyField,
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => ({ sid: messageSidOf(this, itemIndex), simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean }),
		async ({ sid, simplify }, itemIndex) => {
			// An empty Body is how Twilio's API asks for a redaction, so it must be sent, not dropped.
			const message = await twilioRequest<IDataObject>(this, {
				method: 'POST',
				product: 'api',
				path: `/Messages/${sid}.json`,
				form: { Body: '' },
				keepEmpty: ['Body'],
				action: `redacting message ${sid}`,
				itemIndex,
			});
			return jsonItems(simplify ? simplifyMessage(message) : message);
		},
	);
}
