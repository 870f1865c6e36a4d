import type { INodeProperties } from 'n8n-workflow';
import {
	CALLBACK_EDGES,
	CHANNELS,
	RETRY_POLICIES,
	TEMPLATE_TYPES,
	TEMPLATE_TYPES_BY_CHANNEL,
} from '../../../shared/domain';
import { contentTemplateLocator } from '../../../shared/properties';
import { forOperation, perChannelOptions, simplifyField } from '../../helpers/fields';
import { addressFields } from './address.description';

const TEMPLATE_SEND = {
	templateType: Object.keys(TEMPLATE_TYPES).filter((type) => type !== 'inline'),
};
const INLINE_SEND = { templateType: ['inline'] };

/** The chosen template's variables, filled in the node (shared by every operation that sends a template). */
export const contentVariablesField: INodeProperties = {
	displayName: 'Content Variables',
	name: 'contentVariables',
	type: 'resourceMapper',
	noDataExpression: true,
	default: { mappingMode: 'defineBelow', value: null },
	required: true,
	description:
		"Values for the template's variables, sent as text. Every variable the template uses needs a value: Twilio would otherwise send the template's sample text in its place.",
	typeOptions: {
		loadOptionsDependsOn: ['contentSid.value'],
		resourceMapper: {
			resourceMapperMethod: 'getContentVariables',
			mode: 'add',
			fieldWords: { singular: 'variable', plural: 'variables' },
			addAllFields: true,
			multiKeyMatch: false,
			supportAutoMap: true,
		},
	},
};

const fields: INodeProperties[] = [
	...addressFields,
	...perChannelOptions(
		{
			displayName: 'Content Template Type',
			name: 'templateType',
			description:
				'None: write the message in this node. The other types send a Twilio Content Template of that type.',
		},
		TEMPLATE_TYPES_BY_CHANNEL,
		(type) => ({ name: TEMPLATE_TYPES[type].label, value: type }),
	),
	contentTemplateLocator({
		name: 'contentSid',
		description: 'A template of the chosen type from your account',
		displayOptions: { show: TEMPLATE_SEND },
		// The list depends on both; n8n's editor also empties the choice when either changes, so a
		// template of another type or channel never stays selected.
		typeOptions: { loadOptionsDependsOn: ['channel', 'templateType'] },
	}),
	{
		...contentVariablesField,
		displayOptions: { show: { ...TEMPLATE_SEND, contentSid: [{ _cnd: { exists: true } }] } },
	},
	{
		displayName: 'Message Body',
		name: 'body',
		type: 'string',
		default: '',
		typeOptions: { rows: 4 },
		placeholder: 'Hi {{first_name}}, your order {{order_id}} has shipped.',
		description:
			'The text, up to 1,600 characters. {{first_name}}, {{order.number}} and {{#if vip}}…{{/if}} are placeholders filled from Inline Variables (and the input item, if enabled), in Fixed and Expression mode alike; anything else in {{ }}, such as {{ $now.toFormat("d MMM") }}, is an n8n expression.',
		displayOptions: { show: INLINE_SEND },
	},
	{
		displayName: 'Media URLs',
		name: 'mediaUrls',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Media URL',
		// The limit of 10 is checked by the node, so the error names the item.
		typeOptions: { multipleValues: true },
		description:
			'Up to 10 public URLs of images, video or documents (placeholders and expressions allowed, as in the body)',
		displayOptions: {
			show: { ...INLINE_SEND, channel: CHANNELS.filter((channel) => channel !== 'sms') },
		},
		options: [
			{
				displayName: 'Media',
				name: 'media',
				values: [
					{
						displayName: 'URL',
						name: 'url',
						type: 'string',
						default: '',
						placeholder: 'https://example.com/receipt.png',
					},
				],
			},
		],
	},
	{
		displayName: 'Inline Variables',
		name: 'inlineVariables',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Variable',
		typeOptions: { multipleValues: true },
		description: 'Values for the Handlebars placeholders in the body and media URLs',
		displayOptions: { show: INLINE_SEND },
		options: [
			{
				displayName: 'Variable',
				name: 'variable',
				values: [
					{
						displayName: 'Name',
						name: 'name',
						type: 'string',
						default: '',
						placeholder: 'first_name',
					},
					{ displayName: 'Value', name: 'value', type: 'string', default: '' },
				],
			},
		],
	},
	{
		displayName: 'Use Input Fields as Variables',
		name: 'useItemFields',
		type: 'boolean',
		default: false,
		description:
			"Whether the input item's fields can be used as placeholders too (Inline Variables win on a name clash)",
		displayOptions: { show: INLINE_SEND },
	},
	{
		// Options Twilio ties to a channel or to a Messaging Service are offered only there. As with
		// any n8n parameter, a value the panel does not show (imported JSON) is not used.
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Address Retention',
				name: 'addressRetention',
				type: 'options',
				default: 'retain',
				options: [
					{ name: 'Retain', value: 'retain' },
					{ name: 'Obfuscate', value: 'obfuscate' },
				],
				description:
					'Whether Twilio keeps or obfuscates the addresses after sending (needs the privacy add-on)',
			},
			{
				displayName: 'Allow Empty Values',
				name: 'allowEmptyValues',
				type: 'boolean',
				default: false,
				description:
					'Whether a placeholder, expression, media URL or template variable that is empty for an item may be sent empty. Off, such an item stops with an error naming the value, so no customer gets "Hi , …" or a template\'s sample text.',
			},
			{
				displayName: 'Attempt',
				name: 'attempt',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 1,
				description:
					'The number of attempts made so far to send this message, including this one (for your own retry bookkeeping)',
			},
			{
				displayName: 'Concurrency',
				name: 'concurrency',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 100 },
				default: 10,
				description:
					'How many messages are sent at the same time. Twilio allows more per account; stay well below it.',
			},
			{
				displayName: 'Content Retention',
				name: 'contentRetention',
				type: 'options',
				default: 'retain',
				options: [
					{ name: 'Retain', value: 'retain' },
					{ name: 'Discard', value: 'discard' },
				],
				description:
					'Whether Twilio keeps or discards the message content after sending (needs the privacy add-on)',
			},
			{
				displayName: 'If Subscription Status Is Unknown',
				name: 'unknownSubscriptionPolicy',
				type: 'options',
				default: 'skip',
				options: [
					{ name: 'Skip the Recipient', value: 'skip' },
					{ name: 'Send Anyway', value: 'send' },
				],
				description: 'What to do when Subscription Status is empty or not a known value',
			},
			{
				displayName: 'Max Messages per Second',
				name: 'maxPerSecond',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'Cap on how many messages start per second; 0 means no cap beyond Concurrency',
			},
			{
				displayName: 'Opt-Out Text',
				name: 'optOutText',
				displayOptions: { show: { '/channel': ['sms', 'mms'], '/templateType': ['inline'] } },
				type: 'string',
				default: 'Reply STOP to unsubscribe.',
				description:
					'Appended on a new line to SMS and MMS inline bodies that do not already contain it',
			},
			{
				displayName: 'Persistent Action',
				name: 'persistentAction',
				// Offered on every channel: n8n drops a hidden option from imported JSON without a word,
				// and a message without its location must not go out silently. The node refuses it off WhatsApp.
				type: 'string',
				typeOptions: { multipleValues: true },
				default: [],
				placeholder: 'geo:37.787890,-122.391664|375 Beale St',
				description:
					'Rich actions sent with a WhatsApp message, such as a location (WhatsApp only)',
			},
			{
				displayName: 'Risk Check',
				name: 'riskCheck',
				displayOptions: { show: { '/channel': ['sms', 'mms'] } },
				type: 'options',
				default: 'enable',
				options: [
					{ name: 'Enable', value: 'enable' },
					{ name: 'Disable', value: 'disable' },
				],
				description: "Whether Twilio's risk check (SMS pumping protection) runs on the message",
			},
			{
				displayName: 'Send as MMS',
				name: 'sendAsMms',
				displayOptions: { show: { '/channel': ['sms', 'mms'] } },
				type: 'boolean',
				default: false,
				description:
					'Whether Twilio delivers the message as a single MMS, even without media (carrier numbers only)',
			},
			{
				displayName: 'Send At',
				name: 'sendAt',
				// Offered with every sender: hidden, n8n would drop it from imported JSON and the message
				// would go out at once instead of at its time. The node refuses it without a Messaging Service.
				type: 'dateTime',
				default: '',
				description:
					'Schedule the message: 15 minutes to 35 days ahead. Needs a Messaging Service as sender.',
			},
			{
				displayName: 'Send Once per Key',
				name: 'sendOnceBy',
				type: 'string',
				default: '',
				placeholder: '={{ $json.order_id }}-shipped',
				description:
					'A value that identifies this message. A key this node already sent in an earlier execution is skipped, so re-running a batch after a failure sends only what is missing. Keys are kept by n8n (see Send-Once History Size).',
			},
			{
				displayName: 'Send-Once History Size',
				name: 'sendOnceHistory',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 10000,
				description:
					'How many send-once keys n8n remembers for this node; the oldest are forgotten first',
			},
			{
				displayName: 'Shorten URLs',
				name: 'shortenUrls',
				displayOptions: { show: { '/senderType': ['messagingService'] } },
				type: 'boolean',
				default: false,
				description:
					"Whether links in the body are shortened with the Messaging Service's link shortening domain",
			},
			{
				displayName: 'Smart Encoded',
				name: 'smartEncoded',
				displayOptions: { show: { '/channel': ['sms'] } },
				type: 'boolean',
				default: false,
				description:
					'Whether Unicode characters with a GSM-7 look-alike are replaced, so a message costs fewer segments',
			},
			{
				displayName: 'Status Callback Connection',
				name: 'callbackConnection',
				type: 'collection',
				default: {},
				placeholder: 'Add Override',
				description:
					"Overrides Twilio's connection settings for the status callback (written as the URL fragment Twilio reads)",
				options: [
					{
						displayName: 'Connect Timeout (Ms)',
						name: 'connectTimeout',
						type: 'number',
						default: 5000,
						typeOptions: { minValue: 100, maxValue: 10000 },
					},
					{
						displayName: 'Edge',
						name: 'edge',
						type: 'options',
						default: 'ashburn',
						options: CALLBACK_EDGES.map((edge) => ({ name: edge, value: edge })),
					},
					{
						displayName: 'Read Timeout (Ms)',
						name: 'readTimeout',
						type: 'number',
						default: 15000,
						typeOptions: { minValue: 100, maxValue: 15000 },
					},
					{
						displayName: 'Retry Count',
						name: 'retryCount',
						type: 'number',
						default: 1,
						typeOptions: { minValue: 0, maxValue: 5 },
					},
					{
						displayName: 'Retry Policy',
						name: 'retryPolicy',
						type: 'multiOptions',
						default: ['ct'],
						options: RETRY_POLICIES.map((policy) => ({ name: policy, value: policy })),
					},
					{
						displayName: 'Total Timeout (Ms)',
						name: 'totalTimeout',
						type: 'number',
						default: 15000,
						typeOptions: { minValue: 100, maxValue: 15000 },
					},
				],
			},
			{
				displayName: 'Status Callback URL',
				name: 'statusCallback',
				type: 'string',
				default: '',
				placeholder: 'https://your-n8n/webhook/…',
				description:
					'Twilio posts every status change of the message here, e.g. the URL of a Twilio Messaging Trigger',
			},
			{
				displayName: 'Subscription Status',
				name: 'subscriptionStatus',
				type: 'string',
				default: '',
				placeholder: '={{ $json.subscription_status }}',
				description:
					'Usually an expression on the item. "subscribed" or true sends, "unsubscribed" or false never sends; anything else follows the policy for unknown statuses.',
			},
			{
				displayName: 'Tags',
				name: 'tags',
				type: 'fixedCollection',
				default: {},
				placeholder: 'Add Tag',
				typeOptions: { multipleValues: true },
				description: 'Up to 10 key-value labels stored with the message, e.g. campaign=summer_sale',
				options: [
					{
						displayName: 'Tag',
						name: 'tag',
						values: [
							{
								displayName: 'Name',
								name: 'name',
								type: 'string',
								default: '',
								placeholder: 'campaign',
							},
							{
								displayName: 'Value',
								name: 'value',
								type: 'string',
								default: '',
								placeholder: 'summer_sale',
							},
						],
					},
				],
			},
			{
				displayName: 'Validity Period (Seconds)',
				name: 'validityPeriod',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: 36000 },
				default: 14400,
				description:
					"How long the message may wait in Twilio's queue before it is dropped as failed",
			},
		],
	},
	simplifyField,
];

export const description = forOperation('message', 'send', fields);
