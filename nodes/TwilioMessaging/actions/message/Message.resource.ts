import { SEND_AND_WAIT_OPERATION, type INodeProperties } from 'n8n-workflow';
import * as cancelScheduled from './cancelScheduled.operation';
import * as deleteMessage from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as getMedia from './getMedia.operation';
import * as redact from './redact.operation';
import * as send from './send.operation';
import * as sendAndWait from './sendAndWait.operation';

export const operations = {
	cancelScheduled,
	delete: deleteMessage,
	get,
	getAll,
	getMedia,
	redact,
	send,
	[SEND_AND_WAIT_OPERATION]: sendAndWait,
};

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
				name: 'Cancel Scheduled',
				value: 'cancelScheduled',
				action: 'Cancel a scheduled message',
				description: 'Cancel a message scheduled with Send At before Twilio sends it',
			},
			{
				name: 'Delete',
				value: 'delete',
				action: 'Delete a message',
				description: 'Delete a message and its media from the account',
			},
			{
				name: 'Get',
				value: 'get',
				action: 'Get a message',
				description:
					'Get a message by its SID or Twilio console link, with its status, price and error code',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many messages',
				description: 'Get messages of the account, filtered by recipient, sender and date sent',
			},
			{
				name: 'Get Media',
				value: 'getMedia',
				action: 'Get the media of a message',
				description:
					'List the images, video and documents of a message and optionally download them',
			},
			{
				name: 'Redact',
				value: 'redact',
				action: 'Redact a message',
				description: 'Erase the text of a sent or received message, keeping its other details',
			},
			{
				name: 'Send',
				value: 'send',
				action: 'Send a message',
				description:
					'Send an SMS, MMS, WhatsApp, Messenger or RCS message, inline or from a Content Template',
			},
			{
				name: 'Send and Wait for Response',
				value: SEND_AND_WAIT_OPERATION,
				action: 'Send message and wait for response',
				description:
					'Send a message with links to approve, decline or answer a form, and pause the workflow until the person responds',
			},
		],
	},
	...send.description,
	...sendAndWait.description,
	...get.description,
	...getAll.description,
	...cancelScheduled.description,
	...deleteMessage.description,
	...redact.description,
	...getMedia.description,
];
