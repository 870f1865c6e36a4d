import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { twilioRequestAllPages } from '../../../shared/transport';
import { listDescription, listExecute, type ListQuery } from '../../helpers/list';
import { simplifyMessagingService } from '../../helpers/simplify';

export const description: INodeProperties[] = listDescription(
	'account',
	'getManyMessagingServices',
	[
		{
			displayName: 'Include Senders',
			name: 'includeSenders',
			type: 'boolean',
			default: true,
			description:
				"Whether to read each service's sender pool (phone numbers and WhatsApp, Messenger or RCS senders), two more requests per service",
		},
	],
);

interface Query extends ListQuery {
	includeSenders: boolean;
}

/** A service with its sender pool, when Include Senders is on. */
async function withSenders(
	context: IExecuteFunctions,
	service: IDataObject,
	{ includeSenders }: Query,
	itemIndex: number,
): Promise<IDataObject> {
	if (!includeSenders) return service;
	const sid = String(service.sid);
	const listOfService = async (subPath: string, listKey: string, what: string) =>
		await twilioRequestAllPages<IDataObject>(
			context,
			{
				method: 'GET',
				product: 'messaging',
				path: `/v1/Services/${sid}/${subPath}`,
				action: `listing the ${what} of Messaging Service ${sid}`,
				itemIndex,
			},
			listKey,
		);
	const phoneNumbers = await listOfService('PhoneNumbers', 'phone_numbers', 'phone numbers');
	const channelSenders = await listOfService('ChannelSenders', 'senders', 'channel senders');
	return { ...service, phone_numbers: phoneNumbers, channel_senders: channelSenders };
}

export const execute = listExecute({
	request: { product: 'messaging', path: '/v1/Services', action: 'listing Messaging Services' },
	listKey: 'services',
	query: (context, itemIndex): Query => ({
		includeSenders: context.getNodeParameter('includeSenders', itemIndex, true) as boolean,
	}),
	simplify: simplifyMessagingService,
	complete: withSenders,
});
