import type { INodeProperties } from 'n8n-workflow';
import * as getBalance from './getBalance.operation';
import * as getManyMessagingServices from './getManyMessagingServices.operation';
import * as getManyPhoneNumbers from './getManyPhoneNumbers.operation';

export const operations = { getBalance, getManyMessagingServices, getManyPhoneNumbers };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['account'] } },
		default: 'getBalance',
		options: [
			{
				name: 'Get Balance',
				value: 'getBalance',
				action: 'Get the account balance',
				description: "Get the account's current balance and its currency",
			},
			{
				name: 'Get Many Messaging Services',
				value: 'getManyMessagingServices',
				action: 'Get many messaging services',
				description: 'Get the Messaging Services of the account with their senders',
			},
			{
				name: 'Get Many Phone Numbers',
				value: 'getManyPhoneNumbers',
				action: 'Get many phone numbers',
				description:
					'Get the phone numbers of the account with their SMS, MMS and voice capabilities',
			},
		],
	},
	...getManyMessagingServices.description,
	...getManyPhoneNumbers.description,
];
