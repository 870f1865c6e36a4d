import type { IDataObject } from 'n8n-workflow';
import {
	channelOfAddress,
	describeTwilioError,
	inboundOptOut,
	isInboundStatus,
	stripChannelPrefix,
	twilioErrorUrl,
} from '../../shared/domain';
import type { TwilioParams } from './incomingRequest';

export type TwilioEvent = 'inbound' | 'status';

function text(params: TwilioParams, name: string): string | undefined {
	const value = params[name];
	const single = Array.isArray(value) ? value[0] : value;
	if (single === undefined || single === null) return undefined;
	return typeof single === 'object' ? JSON.stringify(single) : String(single);
}

function orNull(value: string | undefined): string | null {
	return value === undefined || value === '' ? null : value;
}

/** The message SID of a webhook, under whichever name Twilio sent it. */
function messageSidOfWebhook(params: TwilioParams): string | undefined {
	return text(params, 'MessageSid') ?? text(params, 'SmsMessageSid') ?? text(params, 'SmsSid');
}

export function statusOf(params: TwilioParams): string | undefined {
	return (text(params, 'MessageStatus') ?? text(params, 'SmsStatus'))?.toLowerCase();
}

/**
 * Inbound message webhooks carry `SmsStatus=received` (or no status at all, with a body), status
 * callbacks the status of an outgoing message. Anything without a message SID is not Messaging.
 */
export function classify(params: TwilioParams): TwilioEvent | undefined {
	if (!messageSidOfWebhook(params)) return undefined;
	const status = statusOf(params);
	if (status) return isInboundStatus(status) ? 'inbound' : 'status';
	return 'Body' in params || 'NumMedia' in params ? 'inbound' : undefined;
}

export interface MediaEntry extends IDataObject {
	url: string;
	contentType: string | null;
}

/** `MediaUrl0`…`MediaUrlN` with their `MediaContentTypeN`, in index order. */
function mediaOf(params: TwilioParams): MediaEntry[] {
	const indexes = Object.keys(params)
		.map((key) => /^MediaUrl(\d+)$/.exec(key)?.[1])
		.filter((index): index is string => index !== undefined)
		.map(Number)
		.sort((a, b) => a - b);
	return indexes.flatMap((index) => {
		const url = text(params, `MediaUrl${index}`);
		return url ? [{ url, contentType: orNull(text(params, `MediaContentType${index}`)) }] : [];
	});
}

function errorOf(params: TwilioParams): { errorCode: number | null; errorMessage: string | null } {
	const raw = text(params, 'ErrorCode');
	const code = raw && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined;
	if (code === undefined) return { errorCode: null, errorMessage: null };
	const known = describeTwilioError(code)?.message;
	return {
		errorCode: code,
		errorMessage: known ?? `Twilio error ${code} (${twilioErrorUrl(code)})`,
	};
}

function coordinate(value: string | undefined): number | null {
	const number = value === undefined || value.trim() === '' ? Number.NaN : Number(value);
	return Number.isFinite(number) ? number : null;
}

function whatsappOf(params: TwilioParams): IDataObject {
	const latitude = coordinate(text(params, 'Latitude'));
	const longitude = coordinate(text(params, 'Longitude'));
	return {
		profileName: orNull(text(params, 'ProfileName')),
		waId: orNull(text(params, 'WaId')),
		messageType: orNull(text(params, 'MessageType')),
		buttonPayload: orNull(text(params, 'ButtonPayload')),
		buttonText: orNull(text(params, 'ButtonText')),
		repliedToMessageSid: orNull(text(params, 'OriginalRepliedMessageSid')),
		location:
			latitude !== null && longitude !== null
				? {
						latitude,
						longitude,
						address: orNull(text(params, 'Address')),
						label: orNull(text(params, 'Label')),
					}
				: null,
	};
}

/** One output item per request: the fields workflows use most, and Twilio's parameters untouched. */
export function normalize(
	event: TwilioEvent,
	params: TwilioParams,
	idempotencyToken: string | undefined,
): IDataObject {
	const fromAddress = text(params, 'From') ?? '';
	const toAddress = text(params, 'To') ?? '';
	const channel = channelOfAddress(event === 'inbound' ? fromAddress : toAddress || fromAddress);
	const body = event === 'inbound' ? (text(params, 'Body') ?? '') : null;
	const optOut =
		event === 'inbound' ? inboundOptOut(text(params, 'OptOutType'), body ?? undefined) : undefined;
	return {
		event,
		channel,
		from: orNull(stripChannelPrefix(fromAddress)),
		to: orNull(stripChannelPrefix(toAddress)),
		fromAddress: orNull(fromAddress),
		toAddress: orNull(toAddress),
		body,
		media: mediaOf(params),
		status: orNull(statusOf(params)),
		...errorOf(params),
		messageSid: orNull(messageSidOfWebhook(params)),
		accountSid: orNull(text(params, 'AccountSid')),
		messagingServiceSid: orNull(text(params, 'MessagingServiceSid')),
		whatsapp: event === 'inbound' && channel === 'whatsapp' ? whatsappOf(params) : null,
		optOut: optOut ? { ...optOut } : null,
		idempotencyToken: orNull(idempotencyToken),
		parameters: params as IDataObject,
	};
}
