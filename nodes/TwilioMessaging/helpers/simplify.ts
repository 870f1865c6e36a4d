import type { IDataObject } from 'n8n-workflow';
import {
	channelOfAddress,
	templateTypesOf,
	templateVariables,
	whatsappApprovalOf,
	whatsappApprovalStatus,
} from '../../shared/domain';

/** The fields of a message most workflows use, camel-cased, with the channel spelled out. */
export function simplifyMessage(message: IDataObject): IDataObject {
	const to = String(message.to ?? '');
	return {
		sid: message.sid,
		status: message.status,
		channel: channelOfAddress(to || String(message.from ?? '')),
		to: message.to,
		from: message.from,
		messagingServiceSid: message.messaging_service_sid,
		body: message.body,
		numMedia: message.num_media,
		numSegments: message.num_segments,
		direction: message.direction,
		dateCreated: message.date_created,
		dateSent: message.date_sent,
		price: message.price,
		priceUnit: message.price_unit,
		errorCode: message.error_code,
		errorMessage: message.error_message,
	};
}

function firstBody(types: IDataObject): string | null {
	for (const type of Object.values(types)) {
		const body = (type as IDataObject | null)?.body;
		if (typeof body === 'string') return body;
	}
	return null;
}

/**
 * A Content Template with what a workflow decides on: its types (Twilio's names and the Send
 * field's values), the variables to fill, and the WhatsApp approval flattened.
 */
export function simplifyContentTemplate(template: IDataObject): IDataObject {
	const types = (template.types as IDataObject | null | undefined) ?? {};
	const approval = whatsappApprovalOf(template.approval_requests);
	return {
		sid: template.sid,
		friendlyName: template.friendly_name,
		language: template.language,
		contentTypes: Object.keys(types),
		templateTypes: templateTypesOf(types),
		body: firstBody(types),
		variables: templateVariables({
			variables: (template.variables as IDataObject | null) ?? undefined,
			types,
		}),
		variableSamples: template.variables ?? {},
		whatsappApprovalStatus: whatsappApprovalStatus(template.approval_requests) ?? null,
		whatsappCategory: approval?.category || null,
		whatsappTemplateName: approval?.name || null,
		whatsappRejectionReason: approval?.rejection_reason || null,
		dateCreated: template.date_created,
		dateUpdated: template.date_updated,
	};
}

/** A phone number of the account with its SMS, MMS and voice capabilities as booleans. */
export function simplifyPhoneNumber(number: IDataObject): IDataObject {
	const capabilities = (number.capabilities as IDataObject | null | undefined) ?? {};
	return {
		sid: number.sid,
		phoneNumber: number.phone_number,
		friendlyName: number.friendly_name,
		capabilities: {
			sms: capabilities.sms === true,
			mms: capabilities.mms === true,
			voice: capabilities.voice === true,
		},
		status: number.status,
		smsUrl: number.sms_url,
		statusCallback: number.status_callback,
		dateCreated: number.date_created,
	};
}

/** A Messaging Service with its senders (numbers and channel senders) in one list, when they were read. */
export function simplifyMessagingService(service: IDataObject): IDataObject {
	const numbers = service.phone_numbers as IDataObject[] | undefined;
	const channelSenders = service.channel_senders as IDataObject[] | undefined;
	const senders =
		numbers && channelSenders
			? [
					...numbers.map((number) => ({
						sid: number.sid,
						sender: number.phone_number,
						senderType: 'PhoneNumber',
						channel: channelOfAddress(String(number.phone_number ?? '')),
						countryCode: number.country_code,
						capabilities: number.capabilities,
					})),
					...channelSenders.map((sender) => ({
						sid: sender.sid,
						sender: sender.sender,
						senderType: sender.sender_type,
						channel: channelOfAddress(String(sender.sender ?? '')),
						countryCode: sender.country_code,
					})),
				]
			: undefined;
	return {
		sid: service.sid,
		friendlyName: service.friendly_name,
		usecase: service.usecase,
		usAppToPersonRegistered: service.us_app_to_person_registered,
		stickySender: service.sticky_sender,
		smartEncoding: service.smart_encoding,
		inboundRequestUrl: service.inbound_request_url,
		statusCallback: service.status_callback,
		dateCreated: service.date_created,
		...(senders ? { senders } : {}),
	};
}
