import type { INodeProperties } from 'n8n-workflow';
import {
	CHANNELS,
	CHANNEL_LABELS,
	SENDER_TYPE_LABELS,
	SENDER_TYPES_BY_CHANNEL,
} from '../../../shared/domain';
import { messagingServiceLocator } from '../../../shared/properties';
import { perChannelOptions } from '../../helpers/fields';

/** Channel, sender and recipient: the fields every operation that sends a message shares. */
export const addressFields: INodeProperties[] = [
	{
		displayName: 'Channel',
		name: 'channel',
		type: 'options',
		default: 'sms',
		options: CHANNELS.map((channel) => ({ name: CHANNEL_LABELS[channel], value: channel })),
		description:
			'The channel to send on. The node adds the address prefix Twilio needs (whatsapp:, messenger:, rcs:).',
	},
	...perChannelOptions(
		{
			displayName: 'Sender Type',
			name: 'senderType',
			description: 'What the message is sent from',
		},
		SENDER_TYPES_BY_CHANNEL,
		(type) => ({ name: SENDER_TYPE_LABELS[type], value: type }),
	),
	{
		displayName: 'From',
		name: 'from',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description:
			'A number of this account able to send on the channel. SMS also accepts short codes and alphanumeric sender IDs.',
		displayOptions: { show: { senderType: ['phoneNumber'] } },
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchPhoneNumbers', searchable: true },
			},
			{
				displayName: 'Number or Sender ID',
				name: 'id',
				type: 'string',
				placeholder: '+14155550123',
			},
		],
	},
	messagingServiceLocator({
		name: 'messagingServiceSid',
		description: 'The Messaging Service picks the sender from its pool; needed for scheduling',
		displayOptions: { show: { senderType: ['messagingService'] } },
	}),
	{
		displayName: 'Messenger Page ID',
		name: 'messengerPageId',
		type: 'string',
		default: '',
		required: true,
		placeholder: '104567891234567',
		description: 'The Facebook Page connected to Twilio as a Messenger sender',
		displayOptions: { show: { senderType: ['messengerPage'] } },
	},
	{
		displayName: 'RCS Sender ID',
		name: 'rcsSenderId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'acme_notifications_agent',
		description: 'The RCS sender (agent) ID shown in the Twilio console',
		displayOptions: { show: { senderType: ['rcsSender'] } },
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '+14155550123',
		description: 'The recipient in E.164 format. Spaces, dashes, dots and parentheses are removed.',
		displayOptions: { hide: { channel: ['messenger'] } },
	},
	{
		displayName: 'To',
		name: 'to',
		type: 'string',
		default: '',
		required: true,
		placeholder: '2345678901234567',
		description: 'The Messenger user ID (page-scoped ID) of the recipient',
		displayOptions: { show: { channel: ['messenger'] } },
	},
];
