import type { INodeProperties } from 'n8n-workflow';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations = { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['contentTemplate'] } },
		default: 'get',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a content template',
				description:
					'Get a Content Template with its types, variables and WhatsApp approval status',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many content templates',
				description:
					'Get the Content Templates of the account, filtered by type, WhatsApp approval status, language or name',
			},
		],
	},
	...get.description,
	...getAll.description,
];
