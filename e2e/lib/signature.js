// @ts-check
'use strict';

const crypto = require('crypto');

/**
 * X-Twilio-Signature for a form POST: HMAC-SHA1 with the Auth Token over the URL followed by
 * every parameter name and value, sorted by name. Used to forge requests with a wrong token.
 * @param {string} authToken @param {string} url @param {Record<string, string>} params
 */
function twilioSignature(authToken, url, params) {
	const data = Object.keys(params)
		.sort()
		.reduce((text, key) => text + key + params[key], url);
	return crypto.createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

module.exports = { twilioSignature };
