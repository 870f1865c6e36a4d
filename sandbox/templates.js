// @ts-check
'use strict';

/** Body WhatsApp shows for an authentication template; `{{1}}` is the code. */
const AUTHENTICATION_BODY =
	'{{1}} is your verification code. For your security, do not share this code.';

/** Types an SMS/MMS recipient can get, in the order Twilio falls back to them. */
const SMS_TYPES = ['twilio/text', 'twilio/media'];

/**
 * Parses ContentVariables: a JSON object whose values are strings (numbers and booleans are
 * accepted as their text). Returns a reason when it is not.
 * @param {string | undefined} raw
 * @returns {{ values: Record<string, string> } | { invalid: string }}
 */
function parseContentVariables(raw) {
	if (raw === undefined || raw === '') return { values: {} };
	let parsed;
	try {
		parsed = JSON.parse(raw);
	} catch {
		return { invalid: 'not valid JSON' };
	}
	if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
		return { invalid: 'not a JSON object' };
	/** @type {Record<string, string>} */
	const values = {};
	for (const [key, value] of Object.entries(parsed)) {
		if (value !== null && typeof value === 'object')
			return { invalid: `value of "${key}" is not text` };
		values[key] = String(value);
	}
	return { values };
}

/** @param {string} text @param {Record<string, string>} values */
function fill(text, values) {
	return text.replace(/\{\{\s*([A-Za-z0-9_.-]+)\s*\}\}/g, (whole, name) => values[name] ?? whole);
}

/**
 * The text and media a content template becomes on a channel, with the variables filled in
 * (the template's sample values stand in for missing ones).
 * @param {Record<string, any>} content
 * @param {string} channel
 * @param {Record<string, string>} variables
 * @returns {{ type: string, body: string, media: string[] }}
 */
function renderContent(content, channel, variables) {
	const values = { ...content.variables, ...variables };
	const names = Object.keys(content.types);
	const type = (channel === 'sms' && SMS_TYPES.find((t) => names.includes(t))) || names[0];
	const spec = content.types[type] ?? {};
	const text =
		type === 'whatsapp/authentication' ? AUTHENTICATION_BODY : (spec.body ?? spec.title ?? '');
	const media = Array.isArray(spec.media) ? spec.media : [];
	return {
		type,
		body: fill(text, values),
		media: media.map((/** @type {string} */ url) => fill(url, values)),
	};
}

/**
 * A content type's definition as the recipient sees it: every text in it (buttons, items, cards,
 * URLs) with the variables filled in, the template's sample values standing in for missing ones.
 * WhatsApp writes the body of an authentication template itself; it is added as `body`.
 * @param {Record<string, any>} content
 * @param {string} type
 * @param {Record<string, string>} variables
 * @returns {Record<string, any>}
 */
function filledType(content, type, variables) {
	const values = { ...content.variables, ...variables };
	/** @param {any} value @returns {any} */
	const walk = (value) => {
		if (typeof value === 'string') return fill(value, values);
		if (Array.isArray(value)) return value.map(walk);
		if (value && typeof value === 'object')
			return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
		return value;
	};
	const spec = walk(content.types[type] ?? {});
	return type === 'whatsapp/authentication'
		? { ...spec, body: fill(AUTHENTICATION_BODY, values) }
		: spec;
}

module.exports = { parseContentVariables, renderContent, filledType };
