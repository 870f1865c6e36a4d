import { CHANNEL_LABELS, CHANNEL_PREFIX, type Channel, type SenderType } from './channels';
import { isSid } from './sids';

export const E164 = /^\+[1-9]\d{1,14}$/;
/** Short codes are 3 to 8 digits depending on the country. */
const SHORT_CODE = /^\d{3,8}$/;
/** Alphanumeric sender IDs: up to 11 letters, digits and spaces, with at least one letter. */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
/** Messenger page-scoped and page IDs are numeric. */
const MESSENGER_ID = /^\d{5,20}$/;
/** RCS sender (agent) IDs as shown in the Twilio console. */
const RCS_SENDER_ID = /^[A-Za-z0-9_.-]{3,128}$/;

const KNOWN_PREFIX = /^(whatsapp|messenger|rcs):/i;
/** Separators people type inside phone numbers; anything else is rejected, not guessed at. */
const PHONE_SEPARATORS = /[\s\-.()]/g;

export type AddressResult = { ok: true; value: string } | { ok: false; reason: string };

/** Drops a channel prefix the user may have typed anyway, so it is never doubled. */
export function stripChannelPrefix(address: string): string {
	return address.trim().replace(KNOWN_PREFIX, '');
}

const PREFIX_CHANNELS: Record<string, Channel> = {
	whatsapp: 'whatsapp',
	messenger: 'messenger',
	rcs: 'rcs',
};

/**
 * The address without the channel's own prefix. A prefix of another channel is refused, never
 * rewritten: `whatsapp:+1…` on SMS would otherwise go out on a channel the user did not choose.
 */
function withoutChannelPrefix(channel: Channel, input: string): AddressResult {
	const address = input.trim();
	const prefix = KNOWN_PREFIX.exec(address)?.[1].toLowerCase();
	if (prefix === undefined) return { ok: true, value: address };
	const addressChannel = PREFIX_CHANNELS[prefix];
	if (addressChannel === channel) return { ok: true, value: address.slice(prefix.length + 1) };
	return {
		ok: false,
		reason: `"${input}" is an address for ${CHANNEL_LABELS[addressChannel]}, but the Channel is ${CHANNEL_LABELS[channel]}: remove the prefix or choose ${CHANNEL_LABELS[addressChannel]}`,
	};
}

/**
 * Normalises a typed phone number to E.164: spaces, dashes, dots and parentheses are removed,
 * a leading `00` is not guessed into `+`, and anything else is rejected.
 */
export function normalizePhoneNumber(input: string): AddressResult {
	const compact = stripChannelPrefix(input).replace(PHONE_SEPARATORS, '');
	if (compact === '') return { ok: false, reason: 'is empty' };
	if (!compact.startsWith('+')) {
		return {
			ok: false,
			reason: `"${input}" is not in E.164 format: start with + and the country code, e.g. +14155550123`,
		};
	}
	if (!E164.test(compact)) {
		return {
			ok: false,
			reason: `"${input}" is not a valid E.164 number: + then 2 to 15 digits, the first not 0`,
		};
	}
	return { ok: true, value: compact };
}

/** The recipient as Twilio wants it on the channel, with the channel prefix added once. */
export function formatRecipient(channel: Channel, input: string): AddressResult {
	const address = withoutChannelPrefix(channel, input);
	if (!address.ok) return address;
	if (channel === 'messenger') {
		const id = address.value;
		if (!MESSENGER_ID.test(id)) {
			return { ok: false, reason: `"${input}" is not a Messenger user ID (digits only)` };
		}
		return { ok: true, value: `${CHANNEL_PREFIX.messenger}${id}` };
	}
	const phone = normalizePhoneNumber(address.value);
	if (!phone.ok) return phone;
	return { ok: true, value: `${CHANNEL_PREFIX[channel]}${phone.value}` };
}

/**
 * The `From` value for a sender that is not a Messaging Service. SMS may also use short codes and
 * alphanumeric sender IDs; MMS short codes; every other channel needs its own kind of ID.
 */
export function formatSender(
	channel: Channel,
	senderType: SenderType,
	input: string,
): AddressResult {
	const address = withoutChannelPrefix(channel, input);
	if (!address.ok) return address;
	const raw = address.value;
	if (raw === '') return { ok: false, reason: 'is empty' };
	switch (senderType) {
		case 'messengerPage':
			return MESSENGER_ID.test(raw)
				? { ok: true, value: `${CHANNEL_PREFIX.messenger}${raw}` }
				: { ok: false, reason: `"${input}" is not a Messenger Page ID (digits only)` };
		case 'rcsSender':
			return RCS_SENDER_ID.test(raw)
				? { ok: true, value: `${CHANNEL_PREFIX.rcs}${raw}` }
				: { ok: false, reason: `"${input}" is not an RCS sender ID` };
		case 'messagingService':
			return isSid('messagingService', raw)
				? { ok: true, value: raw }
				: {
						ok: false,
						reason: `"${input}" is not a Messaging Service SID (MG followed by 32 hex characters)`,
					};
		case 'phoneNumber':
			break;
	}
	if ((channel === 'sms' || channel === 'mms') && SHORT_CODE.test(raw))
		return { ok: true, value: raw };
	if (channel === 'sms' && ALPHANUMERIC_SENDER.test(raw) && !/^[\d\s]+$/.test(raw)) {
		return { ok: true, value: raw };
	}
	const phone = normalizePhoneNumber(raw);
	if (!phone.ok) {
		const alternatives =
			channel === 'sms'
				? ', a short code or an alphanumeric sender ID (up to 11 letters and digits)'
				: channel === 'mms'
					? ' or a short code'
					: '';
		return { ok: false, reason: `${phone.reason}; use an E.164 number${alternatives}` };
	}
	return { ok: true, value: `${CHANNEL_PREFIX[channel]}${phone.value}` };
}
