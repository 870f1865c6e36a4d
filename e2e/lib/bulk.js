// @ts-check
'use strict';

/**
 * The input of e2e/workflows/bulk-50.json (one array per Send node) and, for every recipient, the
 * parameters Twilio must receive. The workflow's nodes hold the message definitions; the
 * expectations below restate them independently.
 */

const MAIN_NUMBER = '+15550100001';
const NOTIFICATIONS = 'MG00000000000000000000000000000001';
const MARKETING = 'MG00000000000000000000000000000002';
const NAMES = ['Ada', 'Grace', 'Alan', 'Barbara', 'Edsger', 'Frances', 'Linus', 'Margaret'];

const COUNTS = {
	smsInline: 15,
	smsTemplate: 10,
	whatsappCard: 8,
	mmsInline: 7,
	whatsappInline: 5,
	messengerInline: 3,
	rcsCarousel: 2,
};

/** @param {number} block @param {number} i */
const phone = (block, i) => `+1555124${String(block)}${String(i).padStart(3, '0')}`;

function bulkInput() {
	/** @type {Record<string, Array<Record<string, unknown>>>} */
	const input = {};
	Object.entries(COUNTS).forEach(([kind, count], block) => {
		input[kind] = Array.from({ length: count }, (_, i) => {
			const base = {
				first_name: NAMES[(i + block) % NAMES.length],
				order_id: `B-${block}${String(i).padStart(2, '0')}`,
			};
			if (kind === 'messengerInline') return { ...base, to: `2400000000000${block}${i}` };
			if (kind === 'smsInline') {
				const lines = [
					{ qty: (i % 3) + 1, name: 'Coffee beans' },
					...(i % 2 ? [{ qty: 1, name: 'Mug' }] : []),
				];
				return { ...base, to: phone(block, i), lines };
			}
			if (kind === 'smsTemplate')
				return { ...base, to: phone(block, i), eta: i % 2 ? 'tomorrow' : 'on Monday' };
			return { ...base, to: phone(block, i) };
		});
	});
	return input;
}

const PARAMS = [
	'To',
	'From',
	'MessagingServiceSid',
	'Body',
	'ContentSid',
	'ContentVariables',
	'MediaUrl',
	'Tags',
	'StatusCallback',
	'SendAt',
];

/** @param {Record<string, Array<any>>} input @returns {Map<string, Record<string, unknown>>} by To */
function expectedMessages(input) {
	const expected = new Map();
	/** @param {Record<string, unknown>} params */
	const add = (params) => expected.set(params.To, params);
	for (const r of input.smsInline) {
		const lines = r.lines.map((/** @type {any} */ l) => `${l.qty}x ${l.name}`).join(', ');
		add({
			To: r.to,
			From: MAIN_NUMBER,
			Body: `Hi ${r.first_name}, order ${r.order_id}: ${lines}. Sandbox Coffee\nReply STOP to opt out.`,
			Tags: { campaign: 'e2e' },
		});
	}
	for (const r of input.smsTemplate) {
		add({
			To: r.to,
			MessagingServiceSid: MARKETING,
			ContentSid: 'HX00000000000000000000000000000001',
			ContentVariables: { 1: r.first_name, 2: r.order_id, 3: r.eta },
		});
	}
	for (const r of input.whatsappCard) {
		add({
			To: `whatsapp:${r.to}`,
			MessagingServiceSid: NOTIFICATIONS,
			ContentSid: 'HX00000000000000000000000000000007',
			ContentVariables: { 1: r.first_name },
		});
	}
	for (const r of input.mmsInline) {
		add({
			To: r.to,
			From: MAIN_NUMBER,
			Body: `Receipt for ${r.order_id}, ${r.first_name}`,
			MediaUrl: [`https://example.com/receipts/${r.order_id}.png`],
		});
	}
	for (const r of input.whatsappInline) {
		add({
			To: `whatsapp:${r.to}`,
			MessagingServiceSid: NOTIFICATIONS,
			Body: `Hello ${r.first_name}, your table is ready.`,
		});
	}
	for (const r of input.messengerInline) {
		add({
			To: `messenger:${r.to}`,
			MessagingServiceSid: NOTIFICATIONS,
			Body: `Hi ${r.first_name}, thanks for your message.`,
		});
	}
	for (const r of input.rcsCarousel) {
		add({
			To: `rcs:${r.to}`,
			MessagingServiceSid: NOTIFICATIONS,
			ContentSid: 'HX0000000000000000000000000000000a',
			ContentVariables: { 1: r.first_name },
		});
	}
	return expected;
}

/** The ledger entry's parameters in the expectation's shape: JSON fields parsed, MediaUrl a list. @param {Record<string, any>} params */
function comparable(params) {
	/** @type {Record<string, unknown>} */
	const out = {};
	for (const key of PARAMS) {
		const value = params[key];
		if (value === undefined) continue;
		if (key === 'ContentVariables' || key === 'Tags') out[key] = JSON.parse(value);
		else if (key === 'MediaUrl') out[key] = [value].flat();
		else out[key] = value;
	}
	return out;
}

/**
 * Compares the ledger with the expectations: every expected message exactly once with exactly
 * the expected parameters, and nothing else. Returns the differences (empty when all is well).
 * @param {any[]} ledger @param {Map<string, Record<string, unknown>>} expected
 */
function ledgerDifferences(ledger, expected) {
	const problems = [];
	const seen = new Map();
	for (const entry of ledger)
		seen.set(entry.params.To, [...(seen.get(entry.params.To) ?? []), entry]);
	for (const [to, want] of expected) {
		const entries = seen.get(to) ?? [];
		if (entries.length !== 1) {
			problems.push(`${to}: ${entries.length} messages`);
			continue;
		}
		const got = comparable(entries[0].params);
		const wantNormalized = JSON.parse(JSON.stringify(want));
		if (JSON.stringify(sortKeys(got)) !== JSON.stringify(sortKeys(wantNormalized))) {
			problems.push(`${to}: got ${JSON.stringify(got)}, want ${JSON.stringify(wantNormalized)}`);
		}
	}
	for (const to of seen.keys()) if (!expected.has(to)) problems.push(`${to}: not expected`);
	return problems;
}

/** @param {unknown} value @returns {unknown} */
function sortKeys(value) {
	if (Array.isArray(value)) return value.map(sortKeys);
	if (value && typeof value === 'object') {
		return Object.fromEntries(
			Object.keys(value)
				.sort()
				.map((key) => [key, sortKeys(/** @type {any} */ (value)[key])]),
		);
	}
	return value;
}

module.exports = { bulkInput, expectedMessages, ledgerDifferences, COUNTS };
