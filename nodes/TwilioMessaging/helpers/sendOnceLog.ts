import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { twilioRequestAllPages } from '../../shared/transport';
import type { SendPlan } from '../actions/message/send.plan';
import { minuteOf, type SendOnceKeys } from './sendOnce';

/** How many of the newest messages between a recipient and a sender are searched. */
const LOG_SCAN_LIMIT = 1000;
/** A claim precedes the message's creation by the request's time, retries of 429/503 included. */
const CLAIM_BEFORE_CREATION_MINUTES = 5;
/** Tolerated difference between this machine's clock and Twilio's. */
const CLOCK_SKEW_MINUTES = 1;

export type LogResult = { found: IDataObject } | { found: undefined } | { error: Error };

/** Twilio keeps the body as sent unless it rewrote it (link shortening, smart encoding) or rendered a template. */
function loggedBody(plan: SendPlan): string | undefined {
	const { Body, ShortenUrls, SmartEncoded } = plan.form;
	return typeof Body === 'string' && !ShortenUrls && !SmartEncoded && !plan.contentSid
		? Body
		: undefined;
}

function candidateMinutes(message: IDataObject): number[] {
	const created = Date.parse(String(message.date_created));
	if (Number.isNaN(created)) return [];
	const first = minuteOf(created) - CLAIM_BEFORE_CREATION_MINUTES;
	return Array.from(
		{ length: CLAIM_BEFORE_CREATION_MINUTES + CLOCK_SKEW_MINUTES + 1 },
		(_, offset) => first + offset,
	);
}

/**
 * Resolves keys left claimed without confirmation by asking Twilio: a message in the log to the same
 * recipient, from the same sender (or Messaging Service), with the same body where Twilio keeps it,
 * created within minutes after a recorded claim of the key, is that key's send. Each logged message
 * counts for one key only.
 */
export async function findInMessageLog(
	context: IExecuteFunctions,
	keys: SendOnceKeys,
	plans: SendPlan[],
): Promise<Map<SendPlan, LogResult>> {
	const results = new Map<SendPlan, LogResult>();
	const byConversation = new Map<string, SendPlan[]>();
	for (const plan of plans) {
		const conversation = JSON.stringify([
			plan.form.To,
			plan.form.From ?? null,
			plan.form.MessagingServiceSid ?? null,
		]);
		byConversation.set(conversation, [...(byConversation.get(conversation) ?? []), plan]);
	}

	const candidates = new Map<SendPlan, IDataObject[]>();
	for (const group of byConversation.values()) {
		const { To, From, MessagingServiceSid } = group[0].form;
		let logged: IDataObject[];
		try {
			logged = await twilioRequestAllPages<IDataObject>(
				context,
				{
					method: 'GET',
					product: 'api',
					path: '/Messages.json',
					qs: From ? { To, From } : { To },
					action: `looking up earlier sends to ${String(To)} in Twilio's message log`,
					itemIndex: group[0].itemIndex,
				},
				'messages',
				{
					limit: LOG_SCAN_LIMIT,
					pageSize: 200,
					keep: (message) =>
						String(message.direction ?? '').startsWith('outbound') &&
						(!MessagingServiceSid || message.messaging_service_sid === MessagingServiceSid),
				},
			);
		} catch (error) {
			for (const plan of group) results.set(plan, { error: error as Error });
			continue;
		}
		for (const plan of group) {
			const body = loggedBody(plan);
			candidates.set(
				plan,
				body === undefined ? logged : logged.filter((message) => message.body === body),
			);
		}
	}

	const minutes = new Map<string, number[]>();
	for (const [plan, messages] of candidates) {
		minutes.set(plan.onceKey!, [...new Set(messages.flatMap(candidateMinutes))]);
	}
	const claimed = await keys.claimedNear(minutes);
	const used = new Set<string>();
	for (const [plan, messages] of candidates) {
		const claimMinutes = claimed.get(plan.onceKey!) ?? new Set();
		const match = messages.find(
			(message) =>
				!used.has(String(message.sid)) &&
				candidateMinutes(message).some((minute) => claimMinutes.has(minute)),
		);
		if (match) used.add(String(match.sid));
		results.set(plan, { found: match });
	}
	return results;
}
