import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { twilioRequest, type TwilioRequest } from '../../../shared/transport';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { simplifyMessage } from '../../helpers/simplify';
import { messageSidParameter } from './messageSid';

/**
 * Get, Cancel Scheduled and Redact: one request per item to the message it names, answered with the
 * message resource (simplified unless Simplify is off).
 */
export async function forEachMessage(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	request: (sid: string) => Pick<TwilioRequest, 'method' | 'form' | 'keepEmpty' | 'action'>,
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		context,
		items,
		(itemIndex) => ({
			sid: messageSidParameter(context, itemIndex),
			simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
		}),
		async ({ sid, simplify }, itemIndex) => {
			const message = await twilioRequest<IDataObject>(context, {
				...request(sid),
				product: 'api',
				path: `/Messages/${sid}.json`,
				itemIndex,
			});
			return jsonItems(simplify ? simplifyMessage(message) : message);
		},
	);
}
