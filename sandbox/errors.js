// @ts-check
'use strict';

/**
 * Every Twilio error code the sandbox answers with or reports in a status callback:
 * HTTP status of the API answer and the message, worded as Twilio words it.
 * @type {Record<number, { status: number, message: string | ((...args: string[]) => string) }>}
 */
const ERRORS = {
	20001: { status: 400, message: (name) => `Invalid parameter: ${name}` },
	20003: { status: 401, message: 'Authenticate' },
	20004: { status: 405, message: 'Method not allowed' },
	20404: { status: 404, message: (path) => `The requested resource ${path} was not found` },
	20429: { status: 429, message: 'Too Many Requests' },
	20503: { status: 503, message: 'Service Unavailable' },
	21211: { status: 400, message: (to) => `Invalid 'To' Phone Number: ${to}` },
	21212: {
		status: 400,
		message: (from) =>
			`The 'From' number ${from} is not a valid phone number, shortcode, or alphanumeric sender ID.`,
	},
	21602: { status: 400, message: 'Message body is required.' },
	21603: { status: 400, message: "A 'From' phone number is required." },
	21604: { status: 400, message: "A 'To' phone number is required." },
	21606: {
		status: 400,
		message: (from) =>
			`The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
	},
	21610: { status: 400, message: 'Attempt to send to unsubscribed recipient' },
	21617: {
		status: 400,
		message: 'The concatenated message body exceeds the 1600 character limit.',
	},
	21620: { status: 400, message: (url) => `Invalid media URL(s): ${url}` },
	21623: { status: 400, message: 'The number of media files exceeds the limit of 10 per message.' },
	21654: { status: 400, message: 'ContentSid Required' },
	21655: { status: 400, message: 'The ContentSid is Invalid' },
	21656: { status: 400, message: (why) => `The ContentVariables Parameter is invalid: ${why}` },
	21703: {
		status: 400,
		message: (channel) =>
			`The Messaging Service has no ${channel} sender available to send this message.`,
	},
	21705: { status: 400, message: (sid) => `The Messaging Service Sid ${sid} is invalid.` },
	21910: {
		status: 400,
		message: 'Invalid From and To pair. From and To should be of the same channel',
	},
	30003: { status: 200, message: 'Unreachable destination handset' },
	30004: { status: 200, message: 'Message blocked' },
	30005: { status: 200, message: 'Unknown destination handset' },
	30006: { status: 200, message: 'Landline or unreachable carrier' },
	30007: { status: 200, message: 'Message filtered' },
	30008: { status: 200, message: 'Unknown error' },
	30409: {
		status: 400,
		message: (status) =>
			`Message cannot be canceled: only scheduled messages can be canceled, this one is ${status}.`,
	},
	35114: {
		status: 400,
		message:
			'Scheduled delivery time must be an ISO 8601 timestamp between 15 minutes and 35 days in the future.',
	},
	35118: { status: 400, message: 'MessagingServiceSid is required to schedule a message.' },
	63007: {
		status: 400,
		message: (from) => `Twilio could not find a Channel with the specified From address: ${from}`,
	},
	63016: {
		status: 200,
		message:
			'Failed to send freeform message because you are outside the allowed window. If you are using WhatsApp, please use a Message Template.',
	},
};

/** @param {number} code @param {string[]} args */
function errorMessage(code, ...args) {
	const entry = ERRORS[code];
	if (!entry) return 'Unknown error';
	return typeof entry.message === 'function' ? entry.message(...args) : entry.message;
}

/** A Twilio API error answer: `{code, message, more_info, status}`. */
class ApiError extends Error {
	/** @param {number} code @param {...string} args */
	constructor(code, ...args) {
		super(errorMessage(code, ...args));
		this.code = code;
		this.status = ERRORS[code]?.status ?? 400;
	}

	toJSON() {
		return {
			code: this.code,
			message: this.message,
			more_info: `https://www.twilio.com/docs/errors/${this.code}`,
			status: this.status,
		};
	}
}

/** An error of the sandbox's own control endpoints, answered as `{error}` with its HTTP status. */
class SandboxError extends Error {
	/** @param {number} status @param {string} message */
	constructor(status, message) {
		super(message);
		this.status = status;
	}
}

module.exports = { ApiError, SandboxError, errorMessage };
