import type { INodeProperties } from 'n8n-workflow';
import * as send from './send.operation';

export const operations = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		default: 'send',
		options: [
			{
				name: 'Send',
				value: 'send',
				action: 'Send a message',
				description: 'Send an SMS, MMS, WhatsApp, Messenger or RCS message, inline or from a Content Template',
			},
		],
	},
	...send.description,
];
