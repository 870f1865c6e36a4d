// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { validateCreate, one } = require('../validation');
const { createMessage, messageResource, mediaResource } = require('../message-model');
const { page2010 } = require('../paging');
const { sampleBytes } = require('../media');

/** Parameters the spec declares as arrays: always recorded as arrays in the ledger. */
const ARRAY_PARAMS = ['MediaUrl', 'PersistentAction'];
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * @typedef {import('../server').ApiRequest} ApiRequest
 * @typedef {import('../message-model').Message} Message
 */

/** @param {import('../validation').Form} form */
function ledgerParams(form) {
	/** @type {Record<string, string | string[]>} */
	const params = {};
	for (const [key, values] of Object.entries(form)) {
		params[key] = ARRAY_PARAMS.includes(key) || values.length > 1 ? [...values] : values[0];
	}
	return params;
}

/** @param {ApiRequest} req @returns {Message} */
function findMessage(req) {
	const m = req.ctx.state.messages.get(req.params.sid);
	if (!m || m.accountSid !== req.account.sid) throw new ApiError(20404, req.path);
	return /** @type {Message} */ (m);
}

/** @param {ApiRequest} req */
function create(req) {
	const { state, clock, lifecycle, emit } = req.ctx;
	const now = clock.now();
	const input = validateCreate(req.form, req.account, state, now);
	const status = input.sendAt ? 'scheduled' : input.service && !input.from ? 'accepted' : 'queued';
	const message = createMessage({
		accountSid: req.account.sid,
		direction: 'outbound-api',
		from: input.from?.raw ?? null,
		to: input.to.raw,
		body: input.body,
		status,
		messagingServiceSid: input.service?.sid ?? null,
		mediaUrls: input.media.map((url) => ({ url })),
		channel: input.from?.channel ?? input.to.channel,
		senderSid: input.senderSid,
		statusCallback: input.statusCallback,
		sendAt: input.sendAt,
		contentSid: input.content?.sid ?? null,
		freeform: input.content?.approval.status !== 'approved',
		priceUnit: req.account.currency,
		now,
		sequence: state.nextSequence(),
	});
	state.messages.set(message.sid, message);
	state.ledger.push({
		message,
		principal: { type: req.principal.type, sid: req.principal.sid },
		params: ledgerParams(req.form),
		contentType: input.contentType,
		createdAt: now,
	});
	emit('message', message);
	lifecycle.start(message);
	return { status: 201, body: messageResource(message) };
}

/**
 * Twilio's DateSent filters: a day (YYYY-MM-DD) or an instant; `DateSent<` means on or before,
 * `DateSent>` on or after.
 * @param {string} value
 */
function dateRange(value) {
	const start = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
	if (Number.isNaN(start)) throw new ApiError(20001, `DateSent ${value}`);
	return { start, end: /^\d{4}-\d{2}-\d{2}$/.test(value) ? start + DAY_MS - 1 : start };
}

/** @param {ApiRequest} req */
function list(req) {
	const q = req.query;
	const to = q.get('To');
	const from = q.get('From');
	const on = q.get('DateSent');
	const before = q.get('DateSent<');
	const after = q.get('DateSent>');
	const all = [.../** @type {Map<string, Message>} */ (req.ctx.state.messages).values()]
		.filter((m) => m.accountSid === req.account.sid)
		.filter((m) => (to === null || m.to === to) && (from === null || m.from === from))
		.filter((m) => {
			if (on === null && before === null && after === null) return true;
			if (m.dateSent === null) return false;
			const sent = m.dateSent;
			if (on !== null && (sent < dateRange(on).start || sent > dateRange(on).end)) return false;
			if (before !== null && sent > dateRange(before).end) return false;
			if (after !== null && sent < dateRange(after).start) return false;
			return true;
		})
		.sort((a, b) => b.dateCreated - a.dateCreated || b.sequence - a.sequence);
	return {
		status: 200,
		body: page2010({ path: req.path, query: q, key: 'messages', all, render: messageResource }),
	};
}

/** @param {ApiRequest} req */
function fetch(req) {
	return { status: 200, body: messageResource(findMessage(req)) };
}

/** Cancels a scheduled message (`Status=canceled`) or redacts its body (`Body=`). @param {ApiRequest} req */
function update(req) {
	const m = findMessage(req);
	const status = one(req.form, 'Status');
	const body = one(req.form, 'Body');
	if (status !== undefined) {
		if (status !== 'canceled') throw new ApiError(20001, 'Status');
		if (m.status !== 'scheduled') throw new ApiError(30409, m.status);
		req.ctx.lifecycle.cancel(m);
	}
	if (body !== undefined) {
		if (body !== '') throw new ApiError(20001, 'Body (only an empty Body redacts a message)');
		m.body = '';
		m.dateUpdated = req.ctx.clock.now();
	}
	return { status: 200, body: messageResource(m) };
}

/** @param {ApiRequest} req */
function remove(req) {
	const m = findMessage(req);
	req.ctx.lifecycle.forget(m);
	req.ctx.state.messages.delete(m.sid);
	const entry = req.ctx.state.ledger.find((e) => e.message === m);
	if (entry) entry.deletedAt = req.ctx.clock.now();
	return { status: 204 };
}

/** @param {ApiRequest} req */
function listMedia(req) {
	const m = findMessage(req);
	const all = [...m.media].reverse();
	return {
		status: 200,
		body: page2010({
			path: req.path,
			query: req.query,
			key: 'media_list',
			all,
			render: (media) => mediaResource(m, media),
		}),
	};
}

/** @param {ApiRequest} req */
function findMedia(req) {
	const m = findMessage(req);
	const media = m.media.find((x) => x.sid === req.params.media);
	if (!media) throw new ApiError(20404, req.path);
	return { m, media };
}

/** @param {ApiRequest} req */
function fetchMedia(req) {
	const { m, media } = findMedia(req);
	return { status: 200, body: mediaResource(m, media) };
}

/** The media file itself (the URI without `.json`). @param {ApiRequest} req */
function mediaContent(req) {
	const { media } = findMedia(req);
	return {
		status: 200,
		raw: sampleBytes(media.contentType),
		headers: { 'Content-Type': media.contentType },
	};
}

module.exports = { create, list, fetch, update, remove, listMedia, fetchMedia, mediaContent };
