import { SID_PATTERNS, unanchoredSid } from './sids';

/**
 * Links to a message in the Twilio console. The message SID is a path segment, either of the link
 * itself (`https://www.twilio.com/console/sms/logs/AC…/SM…`) or of the page the console frames,
 * URL-encoded in a query parameter (`https://console.twilio.com/us1/monitor/logs/sms?frameUrl=%2Fconsole%2Fsms%2Flogs%2FAC…%2FSM…`).
 */

/**
 * For the node's URL field: a twilio.com link holding a message SID as a (possibly encoded) path
 * segment. n8n anchors it at both ends to validate, and takes the first group as the value.
 */
export const MESSAGE_URL_REGEX = `https?://(?:[A-Za-z0-9-]+\\.)*twilio\\.com/.*(?:/|%2[Ff])(${unanchoredSid('message')})(?:(?:[/?#&.]|%2[Ff]|%3[Ff]).*)?`;

const TWILIO_HOST = /(^|\.)twilio\.com$/i;
const SID_SEGMENT = new RegExp(`(?:^|/)(${unanchoredSid('message')})(?=$|[/?#&.])`, 'g');

export type MessageSidResult = { ok: true; sid: string } | { ok: false; reason: string };

function decoded(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

export function messageSidFromUrl(input: string): MessageSidResult {
	const text = input.trim();
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: `"${input}" is not a URL` };
	}
	if (!/^https?:$/.test(url.protocol) || !TWILIO_HOST.test(url.hostname)) {
		return {
			ok: false,
			reason: `"${input}" is not a Twilio console link (it should be on console.twilio.com or www.twilio.com)`,
		};
	}
	const places = [url.pathname, ...url.searchParams.values(), decoded(url.hash.slice(1))];
	const sids = new Set(
		places.flatMap((place) => [...place.matchAll(SID_SEGMENT)].map((match) => match[1])),
	);
	if (sids.size === 0)
		return { ok: false, reason: `"${input}" does not contain a message SID (SM… or MM…)` };
	if (sids.size > 1)
		return {
			ok: false,
			reason: `"${input}" contains more than one message SID (${[...sids].join(', ')})`,
		};
	return { ok: true, sid: [...sids][0] };
}

/** A message SID typed as an ID or pasted as a console link. */
export function messageSidFrom(mode: string, value: string): MessageSidResult {
	if (mode === 'url') return messageSidFromUrl(value);
	const sid = value.trim();
	if (SID_PATTERNS.message.test(sid)) return { ok: true, sid };
	if (/^https?:\/\//i.test(sid)) return messageSidFromUrl(sid);
	return {
		ok: false,
		reason: `"${value}" is not a message SID (SM or MM followed by 32 hex characters)`,
	};
}
