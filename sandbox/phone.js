// @ts-check
'use strict';

const fs = require('fs');
const path = require('path');
const { parseAddress } = require('./addresses');
const { parseContentVariables, filledType } = require('./templates');
const { send } = require('./server');

const UI_DIR = path.join(__dirname, 'phone-ui');
/** The files of the page, served as they are (no build step). @type {Record<string, [string, string]>} */
const ASSETS = {
	'/phone': ['index.html', 'text/html; charset=utf-8'],
	'/phone/app.js': ['app.js', 'text/javascript; charset=utf-8'],
	'/phone/render.js': ['render.js', 'text/javascript; charset=utf-8'],
	'/phone/app.css': ['app.css', 'text/css; charset=utf-8'],
	'/phone/sample.png': ['sample.png', 'image/png'],
};
/** The page may talk to nothing but this server; it loads no fonts, scripts or frames from elsewhere. */
const CSP =
	"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
const EVENTS = ['message', 'status', 'callback', 'inbound'];
const DELIVERIES_SHOWN = 20;
const HEARTBEAT_MS = 15000;

/**
 * @typedef {import('./message-model').Message} Message
 * @typedef {import('./state').Resource} Resource
 */

/**
 * The customer's side of a message: who the customer is and which business sender talks to them.
 * A conversation is one customer address on one channel (`whatsapp:+1555…`, `+1555…` for SMS/MMS).
 * @param {Message} m
 */
function sides(m) {
	const inbound = m.direction === 'inbound';
	const customer = parseAddress(inbound ? /** @type {string} */ (m.from) : m.to).address;
	return {
		conversation: m.channel === 'sms' ? customer : `${m.channel}:${customer}`,
		business: inbound ? m.to : m.from,
	};
}

/** @param {number} ms */
const iso = (ms) => new Date(ms).toISOString();

/** @param {string | string[] | undefined} value */
const single = (value) => (Array.isArray(value) ? value[0] : value);

/**
 * Everything the page shows about one message, with the template (if any) as the recipient
 * gets it: the content type the sandbox picked for the channel, its texts filled in.
 * @param {import('./state').State} state
 * @param {Message} m
 * @param {Map<Message, import('./ledger').LedgerEntry>} entries
 * @param {Map<string, Record<string, any>>} inbound webhook deliveries by message SID
 * @param {string} base
 */
function messageView(state, m, entries, inbound, base) {
	const entry = entries.get(m);
	const content = m.contentSid ? state.contents.get(m.contentSid) : undefined;
	let template = null;
	if (content && entry?.contentType) {
		const parsed = parseContentVariables(single(entry.params.ContentVariables));
		const variables = 'values' in parsed ? parsed.values : {};
		template = {
			sid: content.sid,
			friendlyName: content.friendly_name,
			type: entry.contentType,
			spec: filledType(content, entry.contentType, variables),
		};
	}
	const delivery = inbound.get(m.sid);
	const service = m.messagingServiceSid ? state.services.get(m.messagingServiceSid) : undefined;
	return {
		sid: m.sid,
		direction: m.direction === 'inbound' ? 'inbound' : 'outbound',
		business: sides(m).business,
		businessName: service?.friendly_name ?? null,
		channel: m.channel,
		body: m.body,
		media: m.media.map((media) => ({
			contentType: media.contentType,
			url: media.sourceUrl,
			// The sandbox never fetches media; only its own files can be shown as they are.
			local: Boolean(media.sourceUrl && media.sourceUrl.startsWith(`${base}/phone/`)),
		})),
		template,
		status: m.status,
		errorCode: m.errorCode,
		errorMessage: m.errorMessage,
		history: m.history.map((h) => ({ status: h.status, errorCode: h.errorCode, at: iso(h.at) })),
		createdAt: iso(m.dateCreated),
		sendAt: m.sendAt === null ? null : iso(m.sendAt),
		webhook: delivery
			? {
					url: delivery.url,
					status: delivery.status,
					error: delivery.error,
					replies: delivery.replies,
				}
			: null,
	};
}

/**
 * The conversations and their messages, each conversation's messages oldest first, the
 * conversations newest first. A TwiML reply to an inbound message follows it in the thread.
 * @param {import('./state').State} state
 * @param {string} base
 */
function conversations(state, base) {
	const entries = new Map(state.ledger.map((e) => [e.message, e]));
	const inbound = new Map(state.inbound.map((r) => [r.messageSid, r]));
	/** @type {Map<string, { id: string, channel: string, address: string, messages: any[], lastAt: number, lastSequence: number }>} */
	const byId = new Map();
	const ordered = [...state.messages.values()].sort(
		(a, b) => a.dateCreated - b.dateCreated || a.sequence - b.sequence,
	);
	for (const m of ordered) {
		const { conversation } = sides(m);
		let c = byId.get(conversation);
		if (!c) {
			c = {
				id: conversation,
				channel: m.channel,
				address: parseAddress(conversation).address,
				messages: [],
				lastAt: 0,
				lastSequence: 0,
			};
			byId.set(conversation, c);
		}
		c.messages.push(messageView(state, m, entries, inbound, base));
		c.lastAt = m.dateCreated;
		c.lastSequence = m.sequence;
	}
	return [...byId.values()].sort((a, b) => b.lastAt - a.lastAt || b.lastSequence - a.lastSequence);
}

/** Which n8n webhook a URL is, if it is one: `/webhook/<id>/…` (production) or `/webhook-test/<id>/…`. @param {string | null} url */
function n8nWebhook(url) {
	const match = url ? /\/(webhook|webhook-test)\/([^/?#]+)/.exec(url) : null;
	return match
		? { mode: match[1] === 'webhook' ? 'production' : 'test', webhookId: match[2] }
		: null;
}

/**
 * The business side: each number and Messaging Service with its webhook URLs and its last
 * webhook deliveries (inbound messages and status callbacks) with their answers.
 * @param {import('./state').State} state
 */
function business(state) {
	const deliveries = [
		...state.inbound.map((r) => ({
			kind: 'inbound',
			at: r.at,
			sender: r.to,
			service: r.params.MessagingServiceSid ?? null,
			messageSid: r.messageSid,
			url: r.url,
			status: r.status,
			error: r.url ? r.error : 'no webhook URL: the message was stored, nothing was called',
			attempts: r.attempts.length,
		})),
		...state.callbacks.map((c) => {
			const m = state.messages.get(c.messageSid);
			return {
				kind: `status: ${c.messageStatus}`,
				at: c.at,
				sender: m?.from ?? null,
				service: m?.messagingServiceSid ?? null,
				messageSid: c.messageSid,
				url: c.url,
				status: c.status,
				error: c.error,
				attempts: c.attempt,
			};
		}),
	].sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
	/** @param {(d: typeof deliveries[number]) => boolean} match */
	const last = (match) => deliveries.filter(match).slice(0, DELIVERIES_SHOWN);
	/** @param {string} label @param {string | null} url @param {string | null} [method] */
	const hook = (label, url, method) => ({
		label,
		url: url || null,
		method: url ? (method ?? 'POST') : null,
		n8n: n8nWebhook(url || null),
	});
	const services = [...state.services.values()];
	return {
		numbers: [...state.numbers.values()].map((n) => {
			const service = services.find((s) => s.phoneNumberSids.includes(n.sid));
			const senders = [
				n.phone_number,
				...(service?.senders ?? [])
					.map((/** @type {Resource} */ s) => s.sender)
					.filter((/** @type {string} */ s) => parseAddress(s).address === n.phone_number),
			];
			return {
				sid: n.sid,
				accountSid: n.account_sid,
				address: n.phone_number,
				friendlyName: n.friendly_name,
				capabilities: n.capabilities,
				service: service
					? {
							sid: service.sid,
							friendlyName: service.friendly_name,
							usesNumberWebhook: service.use_inbound_webhook_on_number,
						}
					: null,
				webhooks: [
					hook('Incoming messages', n.sms_url, n.sms_method),
					hook('Fallback', n.sms_fallback_url, n.sms_fallback_method),
					hook('Status callback', n.status_callback),
				],
				deliveries: last((d) => d.sender !== null && senders.includes(d.sender)),
			};
		}),
		services: services.map((s) => ({
			sid: s.sid,
			accountSid: s.account_sid,
			friendlyName: s.friendly_name,
			usesNumberWebhook: s.use_inbound_webhook_on_number,
			senders: [
				...s.phoneNumberSids
					.map((/** @type {string} */ sid) => state.numbers.get(sid)?.phone_number)
					.filter(Boolean),
				...s.senders.map((/** @type {Resource} */ c) => c.sender),
			],
			webhooks: [
				hook('Incoming messages', s.inbound_request_url, s.inbound_method),
				hook('Fallback', s.fallback_url, s.fallback_method),
				hook('Status callback', s.status_callback),
			],
			deliveries: last((d) => d.service === s.sid),
		})),
	};
}

/**
 * Senders a customer can write to: SMS-capable numbers and the channel senders of the
 * Messaging Services.
 * @param {import('./state').State} state
 */
function senders(state) {
	const numbers = [...state.numbers.values()]
		.filter((n) => n.capabilities.sms)
		.map((n) => ({
			address: n.phone_number,
			channel: 'sms',
			label: `${n.phone_number} (${n.friendly_name})`,
		}));
	const channels = [...state.services.values()].flatMap((s) =>
		s.senders.map((/** @type {Resource} */ c) => ({
			address: c.sender,
			channel: parseAddress(c.sender).channel,
			label: `${c.sender} (${s.friendly_name})`,
		})),
	);
	return [...numbers, ...channels];
}

/**
 * The phone page and its data: `/phone` (the page and its files), `/phone/api/conversations`,
 * `/phone/api/business`, `/phone/api/events` (server-sent events: one `change` per message,
 * status, callback or inbound delivery). Customers' answers go through `POST /sandbox/inbound`.
 * @param {import('./index').Sandbox} sandbox
 */
function createPhone(sandbox) {
	/** @type {Record<string, () => any>} */
	const api = {
		'/phone/api/conversations': () => ({
			conversations: conversations(sandbox.state, sandbox.url),
		}),
		'/phone/api/business': () => ({ ...business(sandbox.state), senders: senders(sandbox.state) }),
	};

	/** Open event streams. One set of listeners on the sandbox serves them all. @type {Set<import('http').ServerResponse>} */
	const streams = new Set();
	for (const event of EVENTS) {
		sandbox.on(event, (payload) => {
			const data = `event: change\ndata: ${JSON.stringify({ event, sid: payload?.sid ?? payload?.messageSid ?? null })}\n\n`;
			for (const res of streams) res.write(data);
		});
	}

	/** @param {import('http').ServerResponse} res */
	const events = (res) => {
		res.writeHead(200, {
			'Content-Type': 'text/event-stream; charset=utf-8',
			'Cache-Control': 'no-store',
			Connection: 'keep-alive',
		});
		res.write('retry: 1000\n\n');
		streams.add(res);
		const heartbeat = setInterval(() => res.write(': still here\n\n'), HEARTBEAT_MS).unref();
		res.on('close', () => {
			clearInterval(heartbeat);
			streams.delete(res);
		});
	};

	/**
	 * @param {import('http').IncomingMessage} req
	 * @param {import('http').ServerResponse} res
	 * @param {URL} url
	 */
	return async (req, res, url) => {
		const urlPath = url.pathname.replace(/\/+$/, '') || '/';
		if (req.method !== 'GET' && req.method !== 'HEAD') {
			send(res, {
				status: 405,
				body: { error: `${req.method} is not allowed on ${urlPath}` },
				headers: { Allow: 'GET' },
			});
			return;
		}
		if (urlPath === '/phone/api/events') {
			events(res);
			return;
		}
		const data = api[urlPath];
		if (data) {
			send(res, { status: 200, body: data(), headers: { 'Cache-Control': 'no-store' } });
			return;
		}
		const asset = ASSETS[urlPath];
		if (!asset) {
			send(res, { status: 404, body: { error: `no phone page file ${urlPath}` } });
			return;
		}
		const raw = await fs.promises.readFile(path.join(UI_DIR, asset[0]));
		send(res, {
			status: 200,
			raw,
			headers: {
				'Content-Type': asset[1],
				'Content-Security-Policy': CSP,
				'X-Content-Type-Options': 'nosniff',
				'Cache-Control': 'no-cache',
			},
		});
	};
}

/** @param {string} pathname */
const isPhonePath = (pathname) => pathname === '/phone' || pathname.startsWith('/phone/');

module.exports = { createPhone, isPhonePath };
