import {
	formatRecipient,
	formatSender,
	isChannel,
	senderTypeFits,
	type Channel,
	type SenderType,
} from '../../../shared/domain';
import type { FormFields } from '../../../shared/transport';

export type Fail = (field: string, reason: string, description?: string) => Error;
export type Parameter = <T>(name: string, fallback: T, extractValue?: boolean) => T;

/** Each sender type's parameter and its label in error messages. */
const SENDER_FIELDS: Record<string, [string, string]> = {
	phoneNumber: ['from', 'From'],
	messagingService: ['messagingServiceSid', 'Messaging Service'],
	messengerPage: ['messengerPageId', 'Messenger Page ID'],
	rcsSender: ['rcsSenderId', 'RCS Sender ID'],
};

export function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

export function readChannel(parameter: Parameter, fail: Fail): Channel {
	const channel = parameter<string>('channel', 'sms');
	if (!isChannel(channel))
		throw fail('Channel', `"${channel}" is not one of sms, mms, whatsapp, messenger, rcs`);
	return channel;
}

/**
 * Checks the recipient and the sender of the address fields and adds them to the form as Twilio
 * wants them on the channel (To, and From or MessagingServiceSid).
 */
export function addAddresses(
	parameter: Parameter,
	fail: Fail,
	channel: Channel,
	rawTo: string,
	form: FormFields,
): { recipient: string; senderType: SenderType } {
	if (!rawTo) throw fail('To', 'is empty');
	const to = formatRecipient(channel, rawTo);
	if (!to.ok) throw fail('To', to.reason);
	form.To = to.value;

	const senderType = parameter<string>('senderType', '');
	if (!senderTypeFits(channel, senderType)) {
		throw fail('Sender Type', `"${senderType}" cannot send on ${channel}`);
	}
	const senderField = SENDER_FIELDS[senderType];
	const rawSender = text(
		parameter(
			senderField[0],
			'',
			senderType === 'phoneNumber' || senderType === 'messagingService',
		),
	);
	if (!rawSender) throw fail(senderField[1], 'is empty');
	const sender = formatSender(channel, senderType, rawSender);
	if (!sender.ok) throw fail(senderField[1], sender.reason);
	if (senderType === 'messagingService') form.MessagingServiceSid = sender.value;
	else form.From = sender.value;
	return { recipient: to.value, senderType };
}
