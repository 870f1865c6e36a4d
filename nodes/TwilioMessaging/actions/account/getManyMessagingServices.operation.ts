import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { twilioRequestAllPages } from '../../../shared/transport';
import { forOperation, limitOf, returnAllFields, simplifyField } from '../../helpers/fields';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { simplifyMessagingService } from '../../helpers/simplify';

export const description: INodeProperties[] = forOperation('account', 'getManyMessagingServices', [
	...returnAllFields,
	{
		displayName: 'Include Senders',
		name: 'includeSenders',
		type: 'boolean',
		default: true,
		description: "Whether to read each service's sender pool (phone numbers and WhatsApp, Messenger or RCS senders), two more requests per service",
	},
	simplifyField,
]);

interface Plan {
	limit?: number;
	includeSenders: boolean;
	simplify: boolean;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex): Plan => ({
			limit: limitOf(this, itemIndex),
			includeSenders: this.getNodeParameter('includeSenders', itemIndex, true) as boolean,
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
		}),
		async ({ limit, includeSenders, simplify }, itemIndex) => {
			const services = await twilioRequestAllPages<IDataObject>(
				this,
				{ method: 'GET', product: 'messaging', path: '/v1/Services', action: 'listing Messaging Services', itemIndex },
				'services',
				{ limit },
			);
			const results: IDataObject[] = [];
			for (const service of services) {
				if (!includeSenders) {
					results.push(service);
					continue;
				}
				const sid = String(service.sid);
				const phoneNumbers = await twilioRequestAllPages<IDataObject>(
					this,
					{ method: 'GET', product: 'messaging', path: `/v1/Services/${sid}/PhoneNumbers`, action: `listing the phone numbers of Messaging Service ${sid}`, itemIndex },
					'phone_numbers',
				);
				const channelSenders = await twilioRequestAllPages<IDataObject>(
					this,
					{ method: 'GET', product: 'messaging', path: `/v1/Services/${sid}/ChannelSenders`, action: `listing the channel senders of Messaging Service ${sid}`, itemIndex },
					'senders',
				);
				results.push({ ...service, phone_numbers: phoneNumbers, channel_senders: channelSenders });
			}
			return jsonItems(simplify ? results.map(simplifyMessagingService) : results);
		},
	);
}
