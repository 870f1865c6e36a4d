import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import * as account from './actions/account/Account.resource';
import * as contentTemplate from './actions/contentTemplate/ContentTemplate.resource';
import * as message from './actions/message/Message.resource';
import { sendAndWaitWebhook } from './actions/message/sendAndWait.webhook';
import { router } from './actions/router';
import { actionSubtitle } from '../shared/subtitle';
import { listSearch, resourceMapping } from './methods';

const resourceField: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'message',
	options: [
		{ name: 'Account', value: 'account' },
		{ name: 'Content Template', value: 'contentTemplate' },
		{ name: 'Message', value: 'message' },
	],
};

const properties: INodeProperties[] = [
	resourceField,
	...message.description,
	...contentTemplate.description,
	...account.description,
];

export class TwilioMessaging implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Twilio Messaging',
		name: 'twilioMessaging',
		icon: { light: 'file:../../icons/twilio.svg', dark: 'file:../../icons/twilio.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: actionSubtitle(resourceField, properties),
		description:
			'Send SMS, MMS, WhatsApp, Messenger and RCS messages with Twilio Content Templates',
		defaults: { name: 'Twilio Messaging' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twilioMessagingApi', required: true }],
		// The resume links of Send and Wait for Response (n8n's waiting webhooks, at the node's ID).
		webhooks: (['GET', 'POST'] as const).map((httpMethod) => ({
			name: 'default',
			httpMethod,
			responseMode: 'onReceived',
			responseData: '',
			path: '={{ $nodeId }}',
			restartWebhook: true,
			isFullPath: true,
		})),
		waitingNodeTooltip:
			'={{ $parameter["operation"] === "sendAndWait" ? "Execution will continue after the person\'s response" : "" }}',
		properties,
	};

	methods = { listSearch, resourceMapping };

	webhook = sendAndWaitWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
