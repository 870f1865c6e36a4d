// @ts-check
'use strict';

const { newSid } = require('./sids');
const { rfc2822 } = require('./time');
const { contentTypeOf } = require('./media');

const API_VERSION = '2010-04-01';
const GSM_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

/**
 * @typedef {{ sid: string, contentType: string, sourceUrl: string | null, dateCreated: number }} Media
 * @typedef {{ status: string, errorCode: number | null, at: number }} StatusChange
 * @typedef {{ sid: string, accountSid: string, direction: string, from: string | null, to: string, body: string,
 *   status: string, errorCode: number | null, errorMessage: string | null, messagingServiceSid: string | null,
 *   numSegments: number, price: string | null, priceUnit: string, dateCreated: number, dateSent: number | null,
 *   dateUpdated: number, media: Media[], channel: string, senderSid: string | null, statusCallback: string,
 *   sendAt: number | null, contentSid: string | null, freeform: boolean, sequence: number, history: StatusChange[] }} Message
 */

/** SMS segments Twilio bills for a body: GSM-7 packs 160 (153 when split), UCS-2 70 (67). @param {string} body */
function segmentsOf(body) {
	const chars = [...body];
	if (chars.every((c) => GSM_BASIC.includes(c) || GSM_EXTENDED.includes(c))) {
		const units = chars.reduce((n, c) => n + (GSM_EXTENDED.includes(c) ? 2 : 1), 0);
		return units <= 160 ? 1 : Math.ceil(units / 153);
	}
	const units = body.length;
	return units <= 70 ? 1 : Math.ceil(units / 67);
}

/**
 * @param {{ accountSid: string, direction: string, from: string | null, to: string, body: string, status: string,
 *   messagingServiceSid: string | null, mediaUrls: { url: string | null, contentType?: string }[], channel: string,
 *   senderSid: string | null, statusCallback?: string, sendAt?: number | null, contentSid?: string | null,
 *   freeform?: boolean, priceUnit: string, now: number, sequence: number }} o
 * @returns {Message}
 */
function createMessage(o) {
	const sid = newSid(o.mediaUrls.length ? 'MM' : 'SM');
	return {
		sid,
		accountSid: o.accountSid,
		direction: o.direction,
		from: o.from,
		to: o.to,
		body: o.body,
		status: o.status,
		errorCode: null,
		errorMessage: null,
		messagingServiceSid: o.messagingServiceSid,
		numSegments: o.channel === 'sms' ? segmentsOf(o.body) : 1,
		price: null,
		priceUnit: o.priceUnit,
		dateCreated: o.now,
		dateSent: o.direction === 'inbound' ? o.now : null,
		dateUpdated: o.now,
		media: o.mediaUrls.map((m) => ({
			sid: newSid('ME'),
			contentType: m.contentType ?? (m.url ? contentTypeOf(m.url) : 'image/jpeg'),
			sourceUrl: m.url,
			dateCreated: o.now,
		})),
		channel: o.channel,
		senderSid: o.senderSid,
		statusCallback: o.statusCallback ?? '',
		sendAt: o.sendAt ?? null,
		contentSid: o.contentSid ?? null,
		freeform: o.freeform ?? true,
		sequence: o.sequence,
		history: [{ status: o.status, errorCode: null, at: o.now }],
	};
}

/** @param {Message} m */
function messagePath(m) {
	return `/${API_VERSION}/Accounts/${m.accountSid}/Messages/${m.sid}`;
}

/** The Message resource as the 2010 API returns it. @param {Message} m */
function messageResource(m) {
	const base = messagePath(m);
	return {
		account_sid: m.accountSid,
		api_version: API_VERSION,
		body: m.body,
		date_created: rfc2822(m.dateCreated),
		date_sent: m.dateSent === null ? null : rfc2822(m.dateSent),
		date_updated: rfc2822(m.dateUpdated),
		direction: m.direction,
		error_code: m.errorCode,
		error_message: m.errorMessage,
		from: m.from,
		messaging_service_sid: m.messagingServiceSid,
		num_media: String(m.media.length),
		num_segments: String(m.numSegments),
		price: m.price,
		price_unit: m.priceUnit,
		sid: m.sid,
		status: m.status,
		subresource_uris: { media: `${base}/Media.json`, feedback: `${base}/Feedback.json` },
		to: m.to,
		uri: `${base}.json`,
	};
}

/** @param {Message} m @param {Media} media */
function mediaResource(m, media) {
	return {
		account_sid: m.accountSid,
		content_type: media.contentType,
		date_created: rfc2822(media.dateCreated),
		date_updated: rfc2822(media.dateCreated),
		parent_sid: m.sid,
		sid: media.sid,
		uri: `${messagePath(m)}/Media/${media.sid}.json`,
	};
}

/** Where the media file itself is served (the resource URI without `.json`). @param {Message} m @param {Media} media */
function mediaContentPath(m, media) {
	return `${messagePath(m)}/Media/${media.sid}`;
}

module.exports = { API_VERSION, createMessage, messageResource, mediaResource, mediaContentPath };
