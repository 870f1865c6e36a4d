// @ts-check
'use strict';

/**
 * The ledger: one entry per message the sandbox accepted, with the request's parameters
 * (repeated ones as arrays), who sent it (account or API key SID, never a secret) and every
 * status it went through.
 * @typedef {{ message: import('./message-model').Message, principal: { type: string, sid: string },
 *   params: Record<string, string | string[]>, contentType: string | null, createdAt: number, deletedAt?: number }} LedgerEntry
 */

/** @param {number} ms */
const iso = (ms) => new Date(ms).toISOString();

/** @param {LedgerEntry} entry */
function ledgerView(entry) {
	const m = entry.message;
	return {
		sid: m.sid,
		accountSid: m.accountSid,
		principal: entry.principal,
		params: entry.params,
		to: m.to,
		from: m.from,
		messagingServiceSid: m.messagingServiceSid,
		body: m.body,
		contentSid: m.contentSid,
		contentType: entry.contentType,
		numMedia: m.media.length,
		status: m.status,
		errorCode: m.errorCode,
		statusHistory: m.history.map((h) => ({
			status: h.status,
			errorCode: h.errorCode,
			at: iso(h.at),
		})),
		createdAt: iso(entry.createdAt),
		deletedAt: entry.deletedAt === undefined ? null : iso(entry.deletedAt),
	};
}

module.exports = { ledgerView };
