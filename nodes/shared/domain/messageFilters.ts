import { formatRecipient, formatSender, type AddressResult } from './address';
import { CHANNEL_LABELS, channelOfAddress, type Channel } from './channels';

/**
 * Filters of Twilio's message list: dates are GMT calendar days written YYYY-MM-DD, and an address
 * matches only with the channel prefix it was stored with (`whatsapp:+1…`).
 */

export type DateResult = { ok: true; date: string } | { ok: false; reason: string };

const DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function daysInMonth(year: number, month: number): number {
	return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The GMT day of a date filter. A bare date or a date and time without a zone (what n8n's date
 * picker gives) keeps its calendar day; a time with a zone is moved to GMT first.
 */
export function twilioFilterDate(value: unknown): DateResult {
	let text: string;
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return { ok: false, reason: 'is not a valid date' };
		text = value.toISOString();
	} else if (
		value &&
		typeof value === 'object' &&
		typeof (value as { toISO?: unknown }).toISO === 'function'
	) {
		text = String((value as { toISO(): string | null }).toISO() ?? '');
	} else if (typeof value === 'string') {
		text = value.trim();
	} else {
		return {
			ok: false,
			reason: `"${String(value)}" is not a date (use YYYY-MM-DD, e.g. 2026-03-31)`,
		};
	}
	const match = DATE_TIME.exec(text);
	if (!match)
		return { ok: false, reason: `"${text}" is not a date (use YYYY-MM-DD, e.g. 2026-03-31)` };
	const [, year, month, day, hour = '0', minute = '0', second = '0', zone] = match;
	const y = Number(year);
	const m = Number(month);
	const d = Number(day);
	if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m))
		return { ok: false, reason: `"${text}" is not a real calendar date` };
	if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59)
		return { ok: false, reason: `"${text}" is not a real time of day` };
	if (!zone) return { ok: true, date: `${year}-${month}-${day}` };
	const instant = new Date(text.replace(' ', 'T'));
	if (Number.isNaN(instant.getTime()))
		return { ok: false, reason: `"${text}" is not a date (use YYYY-MM-DD, e.g. 2026-03-31)` };
	return { ok: true, date: instant.toISOString().slice(0, 10) };
}

export interface DateSentFilters {
	on?: unknown;
	onOrBefore?: unknown;
	onOrAfter?: unknown;
}

export type DateSentQuery =
	| { ok: true; qs: Record<string, string> }
	| { ok: false; filter: keyof DateSentFilters; reason: string };

const DATE_SENT_KEYS: Record<keyof DateSentFilters, string> = {
	on: 'DateSent',
	onOrBefore: 'DateSent<',
	onOrAfter: 'DateSent>',
};

/**
 * The query for Twilio's Date Sent filters. Twilio reads `DateSent<` as "on or before" and
 * `DateSent>` as "on or after" (the `=` of the query string completes the operator).
 */
export function dateSentQuery(filters: DateSentFilters): DateSentQuery {
	const qs: Record<string, string> = {};
	for (const filter of Object.keys(DATE_SENT_KEYS) as Array<keyof DateSentFilters>) {
		const value = filters[filter];
		if (value === undefined || value === null || value === '') continue;
		const result = twilioFilterDate(value);
		if (!result.ok) return { ok: false, filter, reason: result.reason };
		qs[DATE_SENT_KEYS[filter]] = result.date;
	}
	const before = qs[DATE_SENT_KEYS.onOrBefore];
	const after = qs[DATE_SENT_KEYS.onOrAfter];
	if (before && after && after > before) {
		return {
			ok: false,
			filter: 'onOrAfter',
			reason: `${after} is later than the on-or-before date ${before}, so no message could match`,
		};
	}
	return { ok: true, qs };
}

const TYPED_PREFIX = /^(whatsapp|messenger|rcs):/i;
const PHONE_LIKE = /^\+?[\d\s\-.()]+$/;

/**
 * A To or From filter as Twilio stores it. A prefix the user typed tells the channel; otherwise
 * the chosen channel adds its prefix. SMS and MMS addresses may be numbers or short codes, and a
 * sender also an alphanumeric sender ID.
 */
export function messageAddressFilter(
	input: string,
	role: 'to' | 'from',
	channel?: Channel,
): AddressResult {
	const address = input.trim();
	const typed = TYPED_PREFIX.test(address) ? channelOfAddress(address) : undefined;
	if (typed && channel && typed !== channel) {
		const chosen = channel === 'sms' || channel === 'mms' ? 'SMS or MMS' : CHANNEL_LABELS[channel];
		return {
			ok: false,
			reason: `"${input}" is a ${CHANNEL_LABELS[typed]} address, but the Channel filter is ${chosen}`,
		};
	}
	switch (typed ?? channel ?? 'sms') {
		case 'whatsapp':
			return formatRecipient('whatsapp', address);
		case 'messenger':
			return formatRecipient('messenger', address);
		case 'rcs':
			return PHONE_LIKE.test(address.replace(TYPED_PREFIX, ''))
				? formatRecipient('rcs', address)
				: formatSender('rcs', 'rcsSender', address);
		default:
			// formatSender's MMS rules accept numbers and short codes, but no alphanumeric IDs, which only send.
			return formatSender(role === 'from' ? 'sms' : 'mms', 'phoneNumber', address);
	}
}
