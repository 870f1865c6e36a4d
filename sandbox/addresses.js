// @ts-check
'use strict';

/** Channels that Twilio addresses with a prefix (`whatsapp:+1555…`); plain SMS/MMS have none. */
const PREFIXED_CHANNELS = ['whatsapp', 'messenger', 'rcs'];

const E164 = /^\+[1-9]\d{1,14}$/;
const MESSENGER_ID = /^\d{1,20}$/;
const RCS_AGENT = /^[A-Za-z0-9_]{1,64}$/;
const ALPHA_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const SHORT_CODE = /^\d{3,8}$/;

/**
 * @typedef {{ channel: 'sms' | 'whatsapp' | 'messenger' | 'rcs', address: string, raw: string }} Address
 */

/** @param {string} raw @returns {Address} */
function parseAddress(raw) {
	const match = /^([a-z]+):(.*)$/.exec(raw);
	if (match && PREFIXED_CHANNELS.includes(match[1])) {
		return { channel: /** @type {Address['channel']} */ (match[1]), address: match[2], raw };
	}
	return { channel: 'sms', address: raw, raw };
}

/** Whether Twilio could deliver to this address at all (format only). @param {Address} to */
function isValidRecipient(to) {
	if (to.channel === 'messenger') return MESSENGER_ID.test(to.address);
	return E164.test(to.address);
}

/** Whether a sender address is well formed for its channel. @param {Address} from */
function isWellFormedSender(from) {
	switch (from.channel) {
		case 'messenger':
			return MESSENGER_ID.test(from.address);
		case 'rcs':
			return RCS_AGENT.test(from.address) || E164.test(from.address);
		case 'whatsapp':
			return E164.test(from.address);
		default:
			return (
				E164.test(from.address) || ALPHA_SENDER.test(from.address) || SHORT_CODE.test(from.address)
			);
	}
}

/** Country of an E.164 number for the inbound webhook's FromCountry/ToCountry (common prefixes only). */
const COUNTRY_PREFIXES = [
	['1', 'US'],
	['44', 'GB'],
	['49', 'DE'],
	['33', 'FR'],
	['34', 'ES'],
	['39', 'IT'],
	['31', 'NL'],
	['61', 'AU'],
	['55', 'BR'],
	['52', 'MX'],
	['91', 'IN'],
	['81', 'JP'],
	['353', 'IE'],
];

/** @param {string} e164 */
function countryOf(e164) {
	const digits = e164.replace(/^\+/, '');
	const hit = COUNTRY_PREFIXES.filter(([p]) => digits.startsWith(p)).sort(
		(a, b) => b[0].length - a[0].length,
	)[0];
	return hit ? hit[1] : '';
}

module.exports = {
	PREFIXED_CHANNELS,
	E164,
	parseAddress,
	isValidRecipient,
	isWellFormedSender,
	countryOf,
};
