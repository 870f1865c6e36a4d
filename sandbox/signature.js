// @ts-check
'use strict';

const { createHmac } = require('crypto');

/**
 * X-Twilio-Signature: base64(HMAC-SHA1(authToken, url + every parameter name followed by its
 * value, names sorted)). A repeated parameter contributes each distinct value, sorted — the way
 * Twilio's SDKs validate it.
 * @param {string} authToken
 * @param {string} url the URL exactly as configured (query included)
 * @param {Record<string, string | string[]>} params the form parameters (none for GET)
 */
function twilioSignature(authToken, url, params) {
	let data = url;
	for (const key of Object.keys(params).sort()) {
		const value = params[key];
		const values = Array.isArray(value) ? [...new Set(value)].sort() : [value];
		for (const v of values) data += key + v;
	}
	return createHmac('sha1', authToken).update(Buffer.from(data, 'utf-8')).digest('base64');
}

module.exports = { twilioSignature };
