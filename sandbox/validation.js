// @ts-check
'use strict';

const { ApiError } = require('./errors');
const { parseAddress, isValidRecipient, isWellFormedSender } = require('./addresses');
const { isSid } = require('./sids');
const { parseContentVariables, renderContent } = require('./templates');

const MAX_BODY = 1600;
const MAX_MEDIA = 10;
const MIN_SCHEDULE_MS = 15 * 60 * 1000;
const MAX_SCHEDULE_MS = 35 * 24 * 60 * 60 * 1000;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/**
 * @typedef {import('./addresses').Address} Address
 * @typedef {import('./state').Resource} Resource
 * @typedef {Record<string, string[]>} Form
 * @typedef {{ to: Address, from: Address | null, senderSid: string | null, service: Resource | null,
 *   body: string, media: string[], content: Resource | null, contentType: string | null,
 *   sendAt: number | null, statusCallback: string }} CreateInput
 */

/** @param {Form} form @param {string} key */
function one(form, key) {
	return form[key]?.[0];
}

/**
 * The sender an account may use as From, or the Twilio error for it.
 * @param {import('./state').State} state
 * @param {import('./state').Account} account
 * @param {Address} from
 * @returns {string | null} the sender's SID (PN…/XE…), null for alphanumeric IDs and short codes
 */
function resolveSender(state, account, from) {
	if (!isWellFormedSender(from)) throw new ApiError(21212, from.raw);
	if (from.channel !== 'sms') {
		const hit = state
			.channelSendersOf(account.sid)
			.find(({ sender }) => sender.sender === from.raw);
		if (!hit) throw new ApiError(63007, from.raw);
		return hit.sender.sid;
	}
	const number = state.numbersOf(account.sid).find((n) => n.phone_number === from.address);
	if (number && number.capabilities.sms) return number.sid;
	if (account.alphaSenders.includes(from.address) || account.shortCodes.includes(from.address))
		return null;
	throw new ApiError(21606, from.raw);
}

/**
 * Whether a Messaging Service can pick a sender for this channel.
 * @param {import('./state').State} state
 * @param {Resource} service
 * @param {string} channel
 */
function poolSender(state, service, channel) {
	if (channel === 'sms') {
		const number = service.phoneNumberSids
			.map((/** @type {string} */ sid) => state.numbers.get(sid))
			.find((/** @type {any} */ n) => n?.capabilities.sms);
		return number ? { from: number.phone_number, senderSid: number.sid } : null;
	}
	const sender = service.senders.find(
		(/** @type {any} */ s) => parseAddress(s.sender).channel === channel,
	);
	return sender ? { from: sender.sender, senderSid: sender.sid } : null;
}

/** @param {string} value @param {number} now */
function parseSendAt(value, now) {
	const at = ISO_8601.test(value) ? Date.parse(value) : NaN;
	if (Number.isNaN(at) || at - now < MIN_SCHEDULE_MS || at - now > MAX_SCHEDULE_MS)
		throw new ApiError(35114);
	return at;
}

/**
 * Checks a Create Message request the way Twilio does, in Twilio's order, and returns what the
 * message will be. Throws ApiError with the Twilio code otherwise.
 * @param {Form} form
 * @param {import('./state').Account} account
 * @param {import('./state').State} state
 * @param {number} now
 * @returns {CreateInput}
 */
function validateCreate(form, account, state, now) {
	const rawTo = one(form, 'To');
	const rawFrom = one(form, 'From');
	const serviceSid = one(form, 'MessagingServiceSid');
	const body = one(form, 'Body') ?? '';
	const mediaUrls = (form.MediaUrl ?? []).filter((u) => u !== '');
	const contentSid = one(form, 'ContentSid');
	const contentVariables = one(form, 'ContentVariables');
	const sendAtRaw = one(form, 'SendAt');

	if (!rawTo) throw new ApiError(21604);
	if (!rawFrom && !serviceSid) throw new ApiError(21603);
	let service = null;
	if (serviceSid) {
		service = isSid('MG', serviceSid)
			? state.owned(state.services, account.sid, serviceSid)
			: undefined;
		if (!service) throw new ApiError(21705, serviceSid);
	}
	if (!body && !mediaUrls.length && !contentSid) throw new ApiError(21602);
	if ([...body].length > MAX_BODY) throw new ApiError(21617);
	if (mediaUrls.length > MAX_MEDIA) throw new ApiError(21623);
	const badUrl = mediaUrls.find((u) => !/^https?:\/\/[^\s/]+/.test(u));
	if (badUrl) throw new ApiError(21620, badUrl);
	if (contentVariables && !contentSid) throw new ApiError(21654);
	let content = null;
	if (contentSid) {
		content = isSid('HX', contentSid)
			? state.owned(state.contents, account.sid, contentSid)
			: undefined;
		if (!content) throw new ApiError(21655);
	}
	const variables = parseContentVariables(contentVariables);
	if ('invalid' in variables) throw new ApiError(21656, variables.invalid);

	const to = parseAddress(rawTo);
	if (!isValidRecipient(to)) throw new ApiError(21211, rawTo);
	/** @type {Address | null} */
	let from = null;
	let senderSid = null;
	if (rawFrom) {
		from = parseAddress(rawFrom);
		senderSid = resolveSender(state, account, from);
		const rcsToPhone = from.channel === 'rcs' && to.channel === 'sms';
		if (from.channel !== to.channel && !rcsToPhone) throw new ApiError(21910);
	} else if (service && !poolSender(state, service, to.channel)) {
		throw new ApiError(21703, to.channel);
	}
	if (account.optOuts.has(to.raw) || account.optOuts.has(to.address)) throw new ApiError(21610);

	let sendAt = null;
	if (sendAtRaw) {
		if (!service) throw new ApiError(35118);
		const scheduleType = one(form, 'ScheduleType');
		if (scheduleType && scheduleType !== 'fixed') throw new ApiError(20001, 'ScheduleType');
		sendAt = parseSendAt(sendAtRaw, now);
	}

	let text = body;
	let media = mediaUrls;
	let contentType = null;
	if (content) {
		const rendered = renderContent(content, to.channel, variables.values);
		text = rendered.body;
		media = mediaUrls.length ? mediaUrls : rendered.media;
		contentType = rendered.type;
	}
	return {
		to,
		from,
		senderSid,
		service: service ?? null,
		body: text,
		media,
		content,
		contentType,
		sendAt,
		statusCallback: one(form, 'StatusCallback') ?? '',
	};
}

module.exports = { validateCreate, poolSender, one };
