// @ts-check
'use strict';

const { randomBytes } = require('crypto');

/** A new Twilio-shaped SID: two-letter prefix and 32 lowercase hex characters. @param {string} prefix */
function newSid(prefix) {
	return prefix + randomBytes(16).toString('hex');
}

/** @param {string} prefix @param {unknown} value */
function isSid(prefix, value) {
	return typeof value === 'string' && new RegExp(`^${prefix}[0-9a-fA-F]{32}$`).test(value);
}

module.exports = { newSid, isSid };
