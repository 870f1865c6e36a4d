// @ts-check
'use strict';

const { parseAddress, countryOf, PREFIXED_CHANNELS } = require('./addresses');
const { createMessage, mediaContentPath, API_VERSION } = require('./message-model');
const { contentTypeOf } = require('./media');
const { deliverWebhook, succeeded } = require('./webhook');
const { SandboxError } = require('./errors');

const SESSION_MS = 24 * 60 * 60 * 1000;
/** Twilio's default opt-out keywords (SMS). */
const KEYWORDS = {
	STOP: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'OPTOUT', 'REVOKE'],
	START: ['START', 'YES', 'UNSTOP', 'OPTIN'],
	HELP: ['HELP', 'INFO'],
};

/**
 * What a simulated customer sends. `to` is the receiving sender of the seed (phone number or
 * channel address); without a prefix, `channel` adds it.
 * @typedef {{ to: string, from: string, body?: string, channel?: string,
 *   media?: Array<string | { url?: string, contentType?: string }>, buttonPayload?: string, buttonText?: string,
 *   latitude?: number | string, longitude?: number | string, address?: string, label?: string,
 *   profileName?: string, waId?: string, optOutType?: string }} InboundOptions
 */

/** @param {string} value @param {string} channel */
function withPrefix(value, channel) {
	if (!PREFIXED_CHANNELS.includes(channel) || parseAddress(value).channel !== 'sms') return value;
	return `${channel}:${value}`;
}

/**
 * The seed's sender that receives a message sent to `to`, its account and the Messaging Service it is in.
 * @param {import('./state').State} state
 * @param {string} to
 */
function findReceiver(state, to) {
	const address = parseAddress(to);
	const numbers = [...state.numbers.values()];
	if (address.channel === 'sms') {
		const number = numbers.find((n) => n.phone_number === address.address);
		if (!number) return null;
		const service = [...state.services.values()].find((s) =>
			s.phoneNumberSids.includes(number.sid),
		);
		return { accountSid: number.account_sid, number, service, senderSid: number.sid };
	}
	for (const service of state.services.values()) {
		const sender = service.senders.find((/** @type {any} */ s) => s.sender === to);
		if (!sender) continue;
		const number = numbers.find(
			(n) => n.phone_number === address.address && n.account_sid === service.account_sid,
		);
		return { accountSid: service.account_sid, number, service, senderSid: sender.sid };
	}
	return null;
}

/**
 * Where Twilio posts the message: the Messaging Service's inbound URL, unless the service defers
 * to the number's own webhook (or the sender is in no service).
 * @param {{ number?: any, service?: any }} receiver
 */
function webhookTarget({ number, service }) {
	if (service && !(service.use_inbound_webhook_on_number && number)) {
		return {
			url: service.inbound_request_url,
			method: service.inbound_method,
			fallbackUrl: service.fallback_url,
			fallbackMethod: service.fallback_method,
		};
	}
	return {
		url: number.sms_url,
		method: number.sms_method,
		fallbackUrl: number.sms_fallback_url,
		fallbackMethod: number.sms_fallback_method,
	};
}

/** @param {string} body */
function optOutKeyword(body) {
	const word = body.trim().toUpperCase();
	return Object.entries(KEYWORDS).find(([, words]) => words.includes(word))?.[0];
}

/** @param {InboundOptions} o @param {string[]} mediaTypes */
function messageType(o, mediaTypes) {
	if (o.buttonPayload !== undefined || o.buttonText !== undefined) return 'button';
	if (o.latitude !== undefined) return 'location';
	if (mediaTypes.length) {
		const kind = mediaTypes[0].split('/')[0];
		return ['image', 'video', 'audio'].includes(kind) ? kind : 'document';
	}
	return 'text';
}

/** The texts of the `<Message>` verbs of a TwiML answer. @param {string | null} twiml */
function repliesOf(twiml) {
	if (!twiml) return [];
	const unescape = (/** @type {string} */ s) =>
		s
			.replace(/&lt;/g, '<')
			.replace(/&gt;/g, '>')
			.replace(/&quot;/g, '"')
			.replace(/&apos;/g, "'")
			.replace(/&amp;/g, '&');
	return [...twiml.matchAll(/<Message\b[^>]*>([\s\S]*?)<\/Message>/g)].map((m) => {
		const inner = /<Body>([\s\S]*?)<\/Body>/.exec(m[1]);
		return unescape((inner ? inner[1] : m[1].replace(/<Media>[\s\S]*?<\/Media>/g, '')).trim());
	});
}

/**
 * Simulates a customer's message: records it as an inbound Message, builds Twilio's webhook
 * parameters, posts them signed to the receiving sender's webhook (then its fallback URL if that
 * fails) and records the answer.
 * @param {{ state: import('./state').State, clock: import('./time').Clock, base: string,
 *   webhooks: { signFragment: boolean, allowNonLocal: boolean, signal: AbortSignal }, retryDelayMs: number,
 *   emit: (event: string, payload: any) => void }} env
 * @param {InboundOptions} o
 */
async function simulateInbound(env, o) {
	if (!o || typeof o.to !== 'string' || typeof o.from !== 'string' || !o.to || !o.from) {
		throw new SandboxError(400, '"to" and "from" are required');
	}
	const channel = o.channel === 'mms' || !o.channel ? parseAddress(o.to).channel : o.channel;
	if (!['sms', ...PREFIXED_CHANNELS].includes(channel))
		throw new SandboxError(400, `unknown channel "${o.channel}"`);
	const to = withPrefix(o.to, channel);
	const from = withPrefix(o.from, channel);
	const receiver = findReceiver(env.state, to);
	if (!receiver) throw new SandboxError(404, `no sender ${to} in the seed`);
	const { state, clock } = env;
	const account = /** @type {import('./state').Account} */ (
		state.accounts.get(receiver.accountSid)
	);
	const now = clock.now();
	const body = o.body ?? '';
	const media = (o.media ?? []).map((m) => (typeof m === 'string' ? { url: m } : m));
	const message = createMessage({
		accountSid: account.sid,
		direction: 'inbound',
		from,
		to,
		body,
		status: 'received',
		messagingServiceSid: receiver.service?.sid ?? null,
		mediaUrls: media.map((m) => ({
			url: m.url ?? null,
			contentType: m.contentType ?? (m.url ? contentTypeOf(m.url) : 'image/jpeg'),
		})),
		channel,
		senderSid: receiver.senderSid,
		priceUnit: account.currency,
		now,
		sequence: state.nextSequence(),
	});
	state.messages.set(message.sid, message);
	env.emit('message', message);

	const fromAddress = parseAddress(from).address;
	const toAddress = parseAddress(to).address;
	/** @type {Record<string, string>} */
	const params = {
		AccountSid: account.sid,
		ApiVersion: API_VERSION,
		Body: body,
		From: from,
		MessageSid: message.sid,
		NumMedia: String(message.media.length),
		NumSegments: String(message.numSegments),
		SmsMessageSid: message.sid,
		SmsSid: message.sid,
		SmsStatus: 'received',
		To: to,
	};
	if (receiver.service) params.MessagingServiceSid = receiver.service.sid;
	message.media.forEach((m, i) => {
		params[`MediaContentType${i}`] = m.contentType;
		params[`MediaUrl${i}`] = m.sourceUrl ?? `${env.base}${mediaContentPath(message, m)}`;
	});
	if (channel === 'sms') {
		Object.assign(params, {
			FromCountry: countryOf(fromAddress),
			FromState: '',
			FromCity: '',
			FromZip: '',
			ToCountry: countryOf(toAddress),
			ToState: '',
			ToCity: '',
			ToZip: '',
		});
		const keyword = o.optOutType ?? optOutKeyword(body);
		if (keyword) {
			params.OptOutType = keyword;
			if (keyword === 'STOP') account.optOuts.add(from);
			if (keyword === 'START') account.optOuts.delete(from);
		}
	} else {
		// Any message from the customer opens the 24-hour window for free-form replies.
		state.sessions.set(`${account.sid} ${from}`, now + SESSION_MS);
		if (o.buttonPayload !== undefined) params.ButtonPayload = String(o.buttonPayload);
		if (o.buttonText !== undefined) params.ButtonText = String(o.buttonText);
		if (o.latitude !== undefined) params.Latitude = String(o.latitude);
		if (o.longitude !== undefined) params.Longitude = String(o.longitude);
		if (o.address !== undefined) params.Address = o.address;
		if (o.label !== undefined) params.Label = o.label;
		if (channel === 'whatsapp' || channel === 'rcs')
			params.MessageType = messageType(
				o,
				message.media.map((m) => m.contentType),
			);
		if (channel === 'whatsapp') {
			params.ProfileName = o.profileName ?? 'Sandbox Customer';
			params.WaId = o.waId ?? fromAddress.replace(/^\+/, '');
			params.ReferralNumMedia = '0';
		}
	}

	const target = webhookTarget(receiver);
	/** @param {string} url @param {string} method */
	const deliver = (url, method) =>
		deliverWebhook({
			url,
			method,
			params,
			authToken: account.authToken,
			signFragment: env.webhooks.signFragment,
			allowNonLocal: env.webhooks.allowNonLocal,
			retryDelayMs: env.retryDelayMs,
			signal: env.webhooks.signal,
			now: () => clock.now(),
		});
	const attempts = target.url ? await deliver(target.url, target.method) : [];
	let fallback = null;
	if (attempts.length && !succeeded(attempts) && target.fallbackUrl) {
		fallback = await deliver(target.fallbackUrl, target.fallbackMethod);
	}
	const final = (fallback ?? attempts)[(fallback ?? attempts).length - 1];
	const record = {
		messageSid: message.sid,
		accountSid: account.sid,
		channel,
		from,
		to,
		url: target.url || null,
		method: target.url ? target.method : null,
		params,
		signature: final?.signature ?? null,
		status: final?.status ?? null,
		error: final?.error ?? null,
		contentType: final?.contentType ?? null,
		body: final?.body ?? null,
		replies: repliesOf(final?.body ?? null),
		attempts,
		fallback,
		at: new Date(now).toISOString(),
	};
	state.inbound.push(record);
	env.emit('inbound', record);
	return record;
}

module.exports = { simulateInbound };
