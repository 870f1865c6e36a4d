import type { IDataObject } from 'n8n-workflow';
import { channelOfAddress } from '../../shared/domain';

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
