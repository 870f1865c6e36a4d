/**
 * Twilio error codes this package explains to its users: what happened, and how to fix it.
 * Used by the transport (API errors) and the trigger (delivery errors in status callbacks).
 */
export interface TwilioErrorInfo {
	message: string;
	hint?: string;
}

const TWILIO_ERRORS: Record<number, TwilioErrorInfo> = {
	20003: {
		message: 'Authentication failed',
		hint: 'Check the Account SID and the API Key SID and Secret (or Auth Token) in the credential. An API key only works for the account that created it.',
	},
	20404: {
		message: 'The requested resource was not found',
		hint: 'Check the SID, and that it belongs to the account in the credential.',
	},
	20429: {
		message: 'Too many requests',
		hint: "Twilio rate-limited the account. Lower the node's Concurrency or set Max Messages per Second.",
	},
	21211: {
		message: "Invalid 'To' phone number",
		hint: 'Use E.164 format: + then country code and number, e.g. +14155550123.',
	},
	21212: {
		message: "Invalid 'From' number",
		hint: 'Use a phone number, short code or alphanumeric sender ID that belongs to this account.',
	},
	21408: {
		message: 'Sending to this region is not enabled',
		hint: "Enable the recipient's country in the Twilio console under Messaging > Settings > Geo permissions.",
	},
	21602: {
		message: 'Message body, media or content is required',
		hint: 'Fill in the Message Body, add a Media URL, or choose a Content Template.',
	},
	21603: {
		message: "A 'From' number or Messaging Service is required",
		hint: 'Choose a sender.',
	},
	21604: {
		message: "A 'To' number is required",
		hint: 'Fill in the To field.',
	},
	21606: {
		message: "The 'From' number is not a valid, message-capable number of this account",
		hint: 'Pick the sender from the list, which shows only numbers able to send on the chosen channel.',
	},
	21610: {
		message: 'The recipient has replied STOP and unsubscribed',
		hint: 'Do not message this recipient until they reply START. Use the Subscription Status field to skip them.',
	},
	21612: {
		message: "The 'To' number cannot be reached from the 'From' number",
		hint: 'The sender cannot message this destination (for example a landline, or a country the number does not serve). Try a Messaging Service or another sender.',
	},
	21614: {
		message: "The 'To' number is not a mobile number",
		hint: 'The recipient cannot receive SMS. Remove it from the list or use another channel.',
	},
	21617: {
		message: 'The message body is longer than 1,600 characters',
		hint: 'Shorten the Message Body.',
	},
	21623: {
		message: 'Too many media URLs',
		hint: 'A message may carry at most 10 media URLs.',
	},
	21654: {
		message: 'Content Variables were sent without a Content SID',
		hint: 'Choose a Content Template, or leave the variables empty.',
	},
	21655: {
		message: 'The Content SID is invalid',
		hint: 'Choose a template from the list, or check the HX… SID.',
	},
	21656: {
		message: 'The Content Variables are invalid',
		hint: 'Give every variable of the template a value, as text.',
	},
	21705: {
		message: 'The Messaging Service is invalid',
		hint: 'Choose a Messaging Service from the list, or check the MG… SID.',
	},
	30001: { message: 'Queue overflow', hint: 'Too many messages were queued. Send more slowly.' },
	30002: { message: 'The account is suspended', hint: 'Contact Twilio support.' },
	30003: {
		message: 'Unreachable destination handset',
		hint: 'The phone may be off or out of coverage.',
	},
	30004: {
		message: 'Message blocked',
		hint: 'The recipient or their carrier blocked the message.',
	},
	30005: { message: 'Unknown destination handset', hint: 'The number may not exist.' },
	30006: { message: 'Landline or unreachable carrier', hint: 'The number cannot receive SMS.' },
	30007: {
		message: 'Message filtered by the carrier',
		hint: 'Review the content and register the sender (A2P 10DLC) where required.',
	},
	30008: { message: 'Unknown delivery error' },
	30009: { message: 'Missing message segment' },
	30010: { message: 'Message price exceeds the maximum price' },
	30034: {
		message: 'Message from an unregistered number',
		hint: 'Register the number for A2P 10DLC.',
	},
	30409: {
		message: 'Only scheduled messages can be canceled',
		hint: 'The message is not (or no longer) in the scheduled state: it was sent, canceled, or never scheduled with Send At. Message > Get shows its status.',
	},
	35114: {
		message: 'The scheduled time is outside the allowed window',
		hint: 'Send At must be more than 15 minutes and less than 35 days ahead.',
	},
	35118: {
		message: 'Scheduling needs a Messaging Service',
		hint: 'Set the sender type to Messaging Service to use Send At.',
	},
	63007: {
		message: 'No WhatsApp sender matches the From address',
		hint: 'Use a number registered as a WhatsApp sender on this account.',
	},
	63016: {
		message: 'Outside the WhatsApp 24-hour window',
		hint: "Free-form WhatsApp messages are only allowed within 24 hours of the customer's last message. Use an approved Content Template instead.",
	},
	63024: { message: 'Invalid WhatsApp message recipient' },
	63032: { message: 'The user has opted out of WhatsApp marketing messages' },
};

export function describeTwilioError(code: number | undefined): TwilioErrorInfo | undefined {
	return code === undefined ? undefined : TWILIO_ERRORS[code];
}

export function twilioErrorUrl(code: number): string {
	return `https://www.twilio.com/docs/errors/${code}`;
}
