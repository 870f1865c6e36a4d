import type { INodeProperties } from 'n8n-workflow';
import { E164, OUTBOUND_STATUSES, OUTBOUND_STATUS_DESCRIPTIONS } from '../shared/domain';
import { messagingServiceLocator, optionsCollection } from '../shared/properties';

function statusName(status: string): string {
	const words = status.split('_').join(' ');
	return words.charAt(0).toUpperCase() + words.slice(1);
}

export const properties: INodeProperties[] = [
	{
		displayName: 'Events',
		name: 'events',
		type: 'multiOptions',
		required: true,
		default: ['inbound', 'status'],
		options: [
			{
				name: 'Inbound Message',
				value: 'inbound',
				description:
					'A message someone sent to your number, WhatsApp sender, Messenger page or RCS agent',
			},
			{
				name: 'Message Status Update',
				value: 'status',
				description: 'A status change of a message you sent, such as delivered, failed or read',
			},
		],
	},
	{
		displayName: 'Statuses',
		name: 'statuses',
		type: 'multiOptions',
		default: [],
		displayOptions: { show: { events: ['status'] } },
		options: OUTBOUND_STATUSES.map((status) => ({
			name: statusName(status),
			value: status,
			description: OUTBOUND_STATUS_DESCRIPTIONS[status],
		})),
		description: 'Start the workflow only for these statuses. Leave empty for every status.',
	},
	{
		displayName: 'Register Webhook On',
		name: 'registerOn',
		type: 'options',
		default: 'manual',
		options: [
			{
				name: 'Manual',
				value: 'manual',
				description:
					'Register nothing: paste the webhook URL into the Twilio console or a Status Callback yourself',
			},
			{
				name: 'Messaging Service',
				value: 'messagingService',
				description:
					"Point the service's inbound request URL and status callback at this node while the workflow is active",
			},
			{
				name: 'Phone Number',
				value: 'phoneNumber',
				description:
					"Point the number's messaging webhook at this node while the workflow is active (inbound messages only)",
			},
		],
	},
	{
		displayName:
			'Copy the Production URL above into the Twilio console: as the messaging webhook of a phone number or Messaging Service for inbound messages, or as the Status Callback of the messages you send (an option of the Twilio Messaging node) for status updates',
		name: 'manualNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registerOn: ['manual'] } },
	},
	messagingServiceLocator({
		name: 'messagingService',
		displayOptions: { show: { registerOn: ['messagingService'] } },
		description:
			'The service whose inbound request URL (for inbound messages) and status callback (for status updates) this node takes over',
	}),
	{
		displayName: 'Phone Number',
		name: 'phoneNumber',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		displayOptions: { show: { registerOn: ['phoneNumber'] } },
		description: 'The number whose messaging webhook this node takes over',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchPhoneNumbers', searchable: true },
			},
			{
				displayName: 'By Number',
				name: 'id',
				type: 'string',
				placeholder: '+14155550100',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: E164.source,
							errorMessage: 'Use E.164 format: + then country code and number',
						},
					},
				],
			},
		],
	},
	{
		displayName:
			'A phone number has no messaging status callback: status updates reach this node only for messages sent with its URL as their Status Callback, or through a Messaging Service',
		name: 'phoneNumberStatusNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { registerOn: ['phoneNumber'], events: ['status'] } },
	},
	{
		displayName: 'Respond',
		name: 'respond',
		type: 'options',
		default: 'noReply',
		options: [
			{
				name: 'Immediately, Without a Reply',
				value: 'noReply',
				description: 'Answer Twilio with empty TwiML at once',
			},
			{
				name: 'Immediately, With an Auto-Reply',
				value: 'autoReply',
				description: 'Answer inbound messages at once with a text that may use the message fields',
			},
			{
				name: "From the Workflow's Last Node",
				value: 'lastNode',
				description:
					'The last node of the workflow outputs the TwiML in a field named twiml; Twilio waits at most 15 seconds',
			},
			{
				name: "Using 'Respond to Webhook' Node",
				value: 'responseNode',
				description: 'The workflow builds the TwiML; Twilio waits at most 15 seconds for it',
			},
		],
		description:
			'How inbound messages are answered. Status updates get an empty 200 once n8n has stored the execution.',
	},
	{
		displayName:
			'Status updates cannot wait for the workflow to answer: in this mode the workflow cannot be published with the Message Status Update event. Receive status updates with a second Twilio Messaging Trigger that responds Immediately.',
		name: 'statusNeedsImmediateAnswerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { respond: ['lastNode', 'responseNode'], events: ['status'] } },
	},
	{
		displayName: 'Auto-Reply Text',
		name: 'autoReplyText',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: 'Thanks, we got your message and will answer soon.',
		displayOptions: { show: { respond: ['autoReply'] } },
		description:
			'Sent back on the same channel. Handlebars over the output fields, e.g. {{from}}, {{body}}, {{whatsapp.profileName}} or {{parameters.FromCity}}. Not sent to STOP messages.',
	},
	{
		displayName:
			"Twilio waits at most 15 seconds for the answer, then gives up (error 11200) and may retry. Answer with a Respond to Webhook node: Respond With 'Text', a TwiML body such as &lt;Response&gt;&lt;Message&gt;Hi&lt;/Message&gt;&lt;/Response&gt;, and the header Content-Type: text/xml. Respond to Webhook 1.1 and later accepts only n8n's own Webhook trigger; see the package documentation.",
		name: 'responseNodeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { respond: ['responseNode'] } },
	},
	{
		displayName:
			'Twilio waits at most 15 seconds for the answer, then gives up (error 11200). The first item of the last node that runs must have a field <code>twiml</code> with the answer, e.g. &lt;Response&gt;&lt;Message&gt;Hi&lt;/Message&gt;&lt;/Response&gt; (use an Edit Fields node); it is sent as text/xml.',
		name: 'lastNodeNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { respond: ['lastNode'] } },
	},
	{
		displayName: 'Verify Signature',
		name: 'verifySignature',
		type: 'boolean',
		default: true,
		description:
			"Whether to check each request's X-Twilio-Signature with the Auth Token of the credential and refuse (HTTP 403) anything Twilio did not send",
	},
	{
		// n8n's displayOptions cannot read credential fields, so this shows whenever verification is on.
		displayName:
			'Verification needs the Auth Token in the credential: Twilio signs every request with it. With an API key the Auth Token is an optional field of the credential; without it the workflow cannot be published.',
		name: 'verifySignatureNeedsAuthToken',
		type: 'notice',
		default: '',
		displayOptions: { show: { verifySignature: [true] } },
	},
	{
		displayName:
			'Without signature verification anyone who knows the URL can start this workflow with made-up messages. Turn it off only for local experiments.',
		name: 'verifySignatureWarning',
		type: 'notice',
		default: '',
		displayOptions: { show: { verifySignature: [false] } },
	},
	optionsCollection([
		{
			displayName: 'Download Media',
			name: 'downloadMedia',
			type: 'boolean',
			default: false,
			description:
				'Whether to download the images, audio, video and documents of inbound messages as binary data (media0, media1, …)',
		},
		{
			displayName: 'Public URL Override',
			name: 'publicUrlOverride',
			type: 'string',
			default: '',
			placeholder: 'https://n8n.example.com',
			description:
				"The scheme, host and optional path prefix under which Twilio reaches n8n, when a proxy publishes n8n under another address than n8n's own webhook URL. Used to check signatures and to register the webhook.",
		},
	]),
];
