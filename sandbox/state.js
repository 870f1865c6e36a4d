// @ts-check
'use strict';

const fs = require('fs');
const path = require('path');
const { isSid } = require('./sids');
const { E164, parseAddress } = require('./addresses');

const DEFAULT_SEED_PATH = path.join(__dirname, 'seed.default.json');
const SEED_EPOCH = '2025-01-15T10:00:00Z';
const MICROS = 1_000_000;

/**
 * @typedef {{ to: string, status: 'failed' | 'undelivered', errorCode: number, outsideSession?: boolean }} FailureRule
 * @typedef {{ sid: string, authToken: string, friendlyName: string, balanceMicros: number, currency: string,
 *   alphaSenders: string[], shortCodes: string[], optOuts: Set<string>, failures: FailureRule[], dateCreated: number }} Account
 * @typedef {{ sid: string, secret: string, accountSid: string, friendlyName: string }} ApiKey
 * @typedef {{ sid: string, [field: string]: any }} Resource
 */

/** @param {unknown} seed @returns {any} */
function loadSeed(seed) {
	if (seed === undefined) seed = DEFAULT_SEED_PATH;
	if (typeof seed === 'string') return JSON.parse(fs.readFileSync(seed, 'utf8'));
	if (seed && typeof seed === 'object') return JSON.parse(JSON.stringify(seed));
	throw new Error('seed must be a seed object or the path of a seed JSON file');
}

/** @param {boolean} ok @param {string} what */
function check(ok, what) {
	if (!ok) throw new Error(`Invalid seed: ${what}`);
}

/** @param {string | undefined} value */
function seedTime(value) {
	const ms = Date.parse(value ?? SEED_EPOCH);
	check(!Number.isNaN(ms), `bad date ${value}`);
	return ms;
}

/** @param {string} sender */
function senderType(sender) {
	const { channel } = parseAddress(sender);
	return { whatsapp: 'WhatsApp', messenger: 'Messenger', rcs: 'RCS', sms: 'SMS' }[channel];
}

/**
 * Everything the fake Twilio knows: the seeded accounts and resources (reloaded on reset) and
 * what happened since (messages, ledger, callbacks, inbound deliveries, WhatsApp sessions).
 */
class State {
	/** @param {any} seed a seed object (already loaded) */
	constructor(seed) {
		this.seed = seed;
		/** @type {Map<string, Account>} */
		this.accounts = new Map();
		/** @type {Map<string, ApiKey>} */
		this.apiKeys = new Map();
		/** @type {Map<string, Resource>} */
		this.numbers = new Map();
		/** @type {Map<string, Resource>} */
		this.services = new Map();
		/** @type {Map<string, Resource>} */
		this.contents = new Map();
		/** @type {Map<string, import('./message-model').Message>} */
		this.messages = new Map();
		/** @type {import('./ledger').LedgerEntry[]} */
		this.ledger = [];
		/** @type {Array<Record<string, any>>} */
		this.callbacks = [];
		/** @type {Array<Record<string, any>>} */
		this.inbound = [];
		/** WhatsApp customer-care windows: `${accountSid} ${whatsapp:+…}` → expiry (clock ms). @type {Map<string, number>} */
		this.sessions = new Map();
		this.sequence = 0;
		this.load();
	}

	/** Empties everything and loads the seed again. */
	load() {
		for (const map of [
			this.accounts,
			this.apiKeys,
			this.numbers,
			this.services,
			this.contents,
			this.messages,
			this.sessions,
		]) {
			map.clear();
		}
		this.ledger.length = 0;
		this.callbacks.length = 0;
		this.inbound.length = 0;
		this.sequence = 0;
		check(
			Array.isArray(this.seed.accounts) && this.seed.accounts.length > 0,
			'accounts must be a non-empty array',
		);
		for (const account of this.seed.accounts) this.loadAccount(JSON.parse(JSON.stringify(account)));
	}

	/** @param {any} a */
	loadAccount(a) {
		check(isSid('AC', a.sid), `account sid ${a.sid}`);
		check(typeof a.authToken === 'string' && a.authToken.length > 0, `auth token of ${a.sid}`);
		const created = seedTime(a.dateCreated);
		this.accounts.set(a.sid, {
			sid: a.sid,
			authToken: a.authToken,
			friendlyName: a.friendlyName ?? a.sid,
			balanceMicros: Math.round(Number(a.balance ?? '0') * MICROS),
			currency: a.currency ?? 'USD',
			alphaSenders: a.alphaSenders ?? [],
			shortCodes: a.shortCodes ?? [],
			optOuts: new Set(a.optOuts ?? []),
			failures: a.failures ?? [],
			dateCreated: created,
		});
		for (const key of a.apiKeys ?? []) {
			check(isSid('SK', key.sid) && typeof key.secret === 'string', `api key ${key.sid}`);
			this.apiKeys.set(key.sid, {
				sid: key.sid,
				secret: key.secret,
				accountSid: a.sid,
				friendlyName: key.friendlyName ?? key.sid,
			});
		}
		for (const n of a.phoneNumbers ?? []) this.loadNumber(a.sid, n, created);
		for (const s of a.services ?? []) this.loadService(a.sid, s, created);
		for (const c of a.contents ?? []) this.loadContent(a.sid, c, created);
	}

	/** @param {string} accountSid @param {any} n @param {number} created */
	loadNumber(accountSid, n, created) {
		check(isSid('PN', n.sid) && E164.test(n.phoneNumber), `phone number ${n.sid} ${n.phoneNumber}`);
		const time = n.dateCreated ? seedTime(n.dateCreated) : created;
		this.numbers.set(n.sid, {
			sid: n.sid,
			account_sid: accountSid,
			phone_number: n.phoneNumber,
			friendly_name: n.friendlyName ?? n.phoneNumber,
			capabilities: { sms: true, mms: true, voice: true, fax: false, ...n.capabilities },
			sms_url: n.smsUrl ?? '',
			sms_method: n.smsMethod ?? 'POST',
			sms_fallback_url: n.smsFallbackUrl ?? '',
			sms_fallback_method: n.smsFallbackMethod ?? 'POST',
			sms_application_sid: null,
			status_callback: n.statusCallback ?? '',
			status_callback_method: n.statusCallbackMethod ?? 'POST',
			voice_url: n.voiceUrl ?? null,
			voice_method: n.voiceMethod ?? 'POST',
			voice_fallback_url: n.voiceFallbackUrl ?? null,
			voice_fallback_method: n.voiceFallbackMethod ?? 'POST',
			voice_application_sid: null,
			voice_caller_id_lookup: false,
			date_created: time,
			date_updated: time,
		});
	}

	/** @param {string} accountSid @param {any} s @param {number} created */
	loadService(accountSid, s, created) {
		check(isSid('MG', s.sid), `messaging service ${s.sid}`);
		const time = s.dateCreated ? seedTime(s.dateCreated) : created;
		for (const pn of s.phoneNumbers ?? []) {
			check(
				this.numbers.get(pn)?.account_sid === accountSid,
				`service ${s.sid} lists unknown number ${pn}`,
			);
		}
		this.services.set(s.sid, {
			sid: s.sid,
			account_sid: accountSid,
			friendly_name: s.friendlyName ?? s.sid,
			inbound_request_url: s.inboundRequestUrl || null,
			inbound_method: s.inboundMethod ?? 'POST',
			fallback_url: s.fallbackUrl || null,
			fallback_method: s.fallbackMethod ?? 'POST',
			status_callback: s.statusCallback || null,
			sticky_sender: s.stickySender ?? true,
			mms_converter: s.mmsConverter ?? true,
			smart_encoding: s.smartEncoding ?? true,
			scan_message_content: 'inherit',
			fallback_to_long_code: s.fallbackToLongCode ?? true,
			area_code_geomatch: s.areaCodeGeomatch ?? true,
			synchronous_validation: true,
			validity_period: s.validityPeriod ?? 36000,
			usecase: s.usecase ?? 'notifications',
			us_app_to_person_registered: s.usAppToPersonRegistered ?? false,
			use_inbound_webhook_on_number: s.useInboundWebhookOnNumber ?? false,
			date_created: time,
			date_updated: time,
			phoneNumberSids: [...(s.phoneNumbers ?? [])],
			senders: (s.channelSenders ?? []).map((/** @type {any} */ c) => {
				check(
					isSid('XE', c.sid) && parseAddress(c.sender).channel !== 'sms',
					`channel sender ${c.sid} ${c.sender}`,
				);
				return {
					sid: c.sid,
					sender: c.sender,
					sender_type: senderType(c.sender),
					country_code: c.countryCode ?? 'US',
					date_created: time,
					date_updated: time,
				};
			}),
		});
	}

	/** @param {string} accountSid @param {any} c @param {number} created */
	loadContent(accountSid, c, created) {
		check(isSid('HX', c.sid) && c.types && typeof c.types === 'object', `content ${c.sid}`);
		const time = c.dateCreated ? seedTime(c.dateCreated) : created;
		const approval = c.approval ?? { status: 'unsubmitted' };
		this.contents.set(c.sid, {
			sid: c.sid,
			account_sid: accountSid,
			friendly_name: c.friendlyName ?? c.sid,
			language: c.language ?? 'en',
			variables: c.variables ?? {},
			types: c.types,
			approval: {
				name: approval.status === 'unsubmitted' ? '' : (approval.name ?? c.friendlyName ?? ''),
				category: approval.category ?? '',
				content_type: approval.status === 'unsubmitted' ? '' : Object.keys(c.types)[0],
				status: approval.status,
				rejection_reason: approval.rejectionReason ?? '',
				allow_category_change: approval.allowCategoryChange ?? true,
			},
			date_created: time,
			date_updated: time,
		});
	}

	/** Ordering key so lists come newest first and ties keep creation order. */
	nextSequence() {
		this.sequence += 1;
		return this.sequence;
	}

	/** @param {string} accountSid */
	numbersOf(accountSid) {
		return [...this.numbers.values()].filter((n) => n.account_sid === accountSid);
	}

	/** @param {string} accountSid */
	servicesOf(accountSid) {
		return [...this.services.values()].filter((s) => s.account_sid === accountSid);
	}

	/** @param {string} accountSid */
	contentsOf(accountSid) {
		return [...this.contents.values()].filter((c) => c.account_sid === accountSid);
	}

	/** Channel senders of an account with the service each belongs to. @param {string} accountSid */
	channelSendersOf(accountSid) {
		return this.servicesOf(accountSid).flatMap((service) =>
			service.senders.map((/** @type {Resource} */ sender) => ({ service, sender })),
		);
	}

	/** @param {Map<string, Resource>} map @param {string} accountSid @param {string} sid */
	owned(map, accountSid, sid) {
		const item = map.get(sid);
		return item && item.account_sid === accountSid ? item : undefined;
	}
}

module.exports = { State, loadSeed, MICROS };
