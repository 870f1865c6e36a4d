// @ts-check
'use strict';

const { API_VERSION } = require('./message-model');
const { errorMessage } = require('./errors');
const { parseAddress } = require('./addresses');
const { poolSender } = require('./validation');
const { pickDuration } = require('./rng');
const { deliverWebhook } = require('./webhook');
const { MICROS } = require('./state');

const PRICE_PER_SEGMENT_MICROS = 7900;
/** Channels whose recipients send read receipts. */
const READ_CHANNELS = ['whatsapp', 'rcs'];

/**
 * @typedef {import('./message-model').Message} Message
 * @typedef {{ stepMs: number | [number, number], retryDelayMs: number, read: boolean }} Timing
 * @typedef {{ status: string, errorCode?: number }} Step
 */

/** @param {number} ms RawDlrDoneDate: the carrier's delivery time as YYMMDDhhmm. */
function dlrDate(ms) {
	const d = new Date(ms).toISOString();
	return d.slice(2, 4) + d.slice(5, 7) + d.slice(8, 10) + d.slice(11, 13) + d.slice(14, 16);
}

/** The parameters of Twilio's status callback for the message as it is now. @param {Message} m */
function statusCallbackParams(m) {
	/** @type {Record<string, string>} */
	const p = {
		AccountSid: m.accountSid,
		ApiVersion: API_VERSION,
		MessageSid: m.sid,
		SmsSid: m.sid,
		MessageStatus: m.status,
		SmsStatus: m.status,
		To: m.to,
	};
	if (m.from) p.From = m.from;
	if (m.messagingServiceSid) p.MessagingServiceSid = m.messagingServiceSid;
	if (m.errorCode !== null) p.ErrorCode = String(m.errorCode);
	if (m.channel !== 'sms') {
		p.ChannelPrefix = m.channel;
		p.ChannelToAddress = parseAddress(m.to).address;
		p.ChannelInstallSid = m.senderSid ?? '';
		p.StructuredMessage = String(Boolean(m.contentSid));
	} else if (m.status === 'delivered') {
		p.RawDlrDoneDate = dlrDate(m.dateUpdated);
	}
	return p;
}

/**
 * Moves accepted messages through Twilio's statuses on the sandbox clock and reports each
 * status to the message's status callback (or its Messaging Service's), one callback at a
 * time per message so they arrive in order.
 */
class Lifecycle {
	/**
	 * @param {{ state: import('./state').State, clock: import('./time').Clock, rng: () => number, timing: Timing,
	 *   scheduleImmediately: boolean, webhooks: { signFragment: boolean, allowNonLocal: boolean, signal: AbortSignal },
	 *   emit: (event: string, payload: any) => void }} o
	 */
	constructor(o) {
		this.o = o;
		/** @type {Map<string, import('./time').Timer>} */
		this.timers = new Map();
		/** @type {Map<string, Promise<void>>} */
		this.chains = new Map();
		this.generation = 0;
	}

	/**
	 * Forgets pending steps (the clock's timers are cleared by the caller); callbacks not yet
	 * sent are dropped, one already on the wire finishes unrecorded.
	 */
	reset() {
		this.generation += 1;
		this.timers.clear();
	}

	/** @param {Message} m */
	start(m) {
		this.notify(m);
		if (m.status === 'scheduled') {
			const when = this.o.scheduleImmediately
				? this.o.clock.now()
				: /** @type {number} */ (m.sendAt);
			this.timers.set(
				m.sid,
				this.o.clock.at(when, () => this.proceed(m, [{ status: 'queued' }, ...this.path(m)])),
			);
		} else {
			this.proceed(m, this.path(m));
		}
	}

	/** @param {Message} m */
	cancel(m) {
		this.forget(m);
		this.transition(m, { status: 'canceled' });
	}

	/** Stops a message's progression without a status change (the message was deleted). @param {Message} m */
	forget(m) {
		this.o.clock.cancel(this.timers.get(m.sid));
		this.timers.delete(m.sid);
	}

	/** The statuses still ahead of a message, decided by the seed's failure rules. @param {Message} m @returns {Step[]} */
	path(m) {
		const { state, clock } = this.o;
		const account = /** @type {import('./state').Account} */ (state.accounts.get(m.accountSid));
		const sessionOpen = (state.sessions.get(`${m.accountSid} ${m.to}`) ?? 0) > clock.now();
		const rule = account.failures.find(
			(f) => f.to === m.to && (!f.outsideSession || (m.freeform && !sessionOpen)),
		);
		/** @type {Step[]} */
		const steps = m.status === 'accepted' ? [{ status: 'queued' }] : [];
		if (rule?.status === 'failed')
			return [...steps, { status: 'failed', errorCode: rule.errorCode }];
		steps.push({ status: 'sending' }, { status: 'sent' });
		if (rule) return [...steps, { status: 'undelivered', errorCode: rule.errorCode }];
		steps.push({ status: 'delivered' });
		if (this.o.timing.read && READ_CHANNELS.includes(m.channel)) steps.push({ status: 'read' });
		return steps;
	}

	/** @param {Message} m @param {Step[]} steps */
	proceed(m, steps) {
		const [step, ...rest] = steps;
		if (!step) {
			this.timers.delete(m.sid);
			return;
		}
		const delay = pickDuration(this.o.timing.stepMs, this.o.rng);
		this.timers.set(
			m.sid,
			this.o.clock.after(delay, () => {
				this.transition(m, step);
				this.proceed(m, rest);
			}),
		);
	}

	/** @param {Message} m @param {Step} step */
	transition(m, step) {
		const { state, clock } = this.o;
		const now = clock.now();
		if (step.status === 'queued' && !m.from && m.messagingServiceSid) {
			const service = state.services.get(m.messagingServiceSid);
			const picked = service && poolSender(state, service, parseAddress(m.to).channel);
			if (picked) {
				m.from = picked.from;
				m.senderSid = picked.senderSid;
			}
		}
		if (step.status === 'sent') {
			const micros = PRICE_PER_SEGMENT_MICROS * m.numSegments;
			m.dateSent = now;
			m.price = (-micros / MICROS).toFixed(5);
			const account = state.accounts.get(m.accountSid);
			if (account) account.balanceMicros -= micros;
		}
		m.status = step.status;
		if (step.errorCode) {
			m.errorCode = step.errorCode;
			m.errorMessage = errorMessage(step.errorCode);
		}
		m.dateUpdated = now;
		m.history.push({ status: m.status, errorCode: m.errorCode, at: now });
		this.o.emit('status', m);
		this.notify(m);
	}

	/** Queues the status callback for the message's current status. @param {Message} m */
	notify(m) {
		const { state } = this.o;
		const service = m.messagingServiceSid ? state.services.get(m.messagingServiceSid) : undefined;
		const url = m.statusCallback || service?.status_callback;
		const account = state.accounts.get(m.accountSid);
		if (!url || !account) return;
		const params = statusCallbackParams(m);
		const generation = this.generation;
		const previous = this.chains.get(m.sid) ?? Promise.resolve();
		const next = previous.then(async () => {
			if (generation !== this.generation) return;
			await deliverWebhook({
				url,
				params,
				authToken: account.authToken,
				signFragment: this.o.webhooks.signFragment,
				allowNonLocal: this.o.webhooks.allowNonLocal,
				retryDelayMs: this.o.timing.retryDelayMs,
				signal: this.o.webhooks.signal,
				now: () => this.o.clock.now(),
				onAttempt: (attempt) => {
					if (generation !== this.generation) return;
					const record = {
						kind: 'status',
						messageSid: m.sid,
						messageStatus: params.MessageStatus,
						...attempt,
					};
					state.callbacks.push(record);
					this.o.emit('callback', record);
				},
			});
		});
		this.chains.set(m.sid, next);
		next.then(() => {
			if (this.chains.get(m.sid) === next) this.chains.delete(m.sid);
		});
	}

	/** Resolves when every queued status callback has been delivered, given up or dropped. */
	async settled() {
		while (this.chains.size) await Promise.all([...this.chains.values()]);
	}
}

module.exports = { Lifecycle };
