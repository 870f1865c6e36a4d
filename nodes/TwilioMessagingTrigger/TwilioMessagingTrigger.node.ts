import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { eventsSubtitle } from '../shared/subtitle';
import { searchMessagingServices, searchPhoneNumbers } from '../shared/methods/listSearch';
import { properties } from './description';
import { assertCanVerify } from './trigger/authToken';
import { registerWebhook, unregisterWebhook, webhookExists } from './trigger/registration';
import { assertRespondFitsEvents, readSettings } from './trigger/settings';
import { handleWebhook } from './trigger/webhook';

/** What activation refuses before anything is registered. */
async function assertCanActivate(context: IHookFunctions): Promise<void> {
	const settings = readSettings(context);
	assertRespondFitsEvents(context, settings);
	await assertCanVerify(context, settings);
}

export class TwilioMessagingTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Twilio Messaging Trigger',
		name: 'twilioMessagingTrigger',
		icon: { light: 'file:../../icons/twilio.svg', dark: 'file:../../icons/twilio.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: eventsSubtitle(properties),
		description:
			'Starts the workflow on inbound SMS, MMS, WhatsApp, Messenger and RCS messages and on message status updates',
		defaults: { name: 'Twilio Messaging Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'twilioMessagingApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode:
					'={{ ["lastNode", "responseNode"].includes($parameter["respond"]) ? $parameter["respond"] : "onReceived" }}',
				// lastNode: the last node's first item's `twiml` field is the answer. onReceived: none, so n8n
				// answers with the node's TwiML, once it has accepted the execution.
				responseData: '={{ $parameter["respond"] === "lastNode" ? "firstEntryJson" : "" }}',
				responseHeaders:
					'={{ { entries: [{ name: "Content-Type", value: "text/xml; charset=utf-8" }] } }}',
				responsePropertyName: 'twiml',
				responseContentType: 'text/xml',
				path: 'twilio',
			},
		],
		properties,
	};

	methods = { listSearch: { searchMessagingServices, searchPhoneNumbers } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				await assertCanActivate(this);
				return await webhookExists(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				await assertCanActivate(this);
				return await registerWebhook(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await unregisterWebhook(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleWebhook(this);
	}
}
