import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	encodeContentVariables,
	InlineTemplates,
	TEMPLATE_TYPES,
	templateTypesOf,
	templateVariables,
	type TemplateType,
} from '../../../shared/domain';
import {
	isUnknownOutcome,
	isUnreachable,
	twilioRequest,
	twilioSession,
} from '../../../shared/transport';
import { readContentTemplate } from '../../helpers/contentTemplate';
import { fieldError } from '../../helpers/fieldError';
import { ExecutionParameters } from '../../helpers/parameters';
import { errorItem, itemError } from '../../helpers/perItem';
import { runPool } from '../../helpers/pool';
import { DEFAULT_SEND_ONCE_HISTORY, SendOnceKeys } from '../../helpers/sendOnce';
import { findInMessageLog } from '../../helpers/sendOnceLog';
import { simplifyMessage } from '../../helpers/simplify';
import {
	numberOption,
	planSend,
	type SendOptions,
	type SendPlan,
	type SkipPlan,
} from './send.plan';

export { description } from './send.description';

const DEFAULT_CONCURRENCY = 10;

/**
 * Fetches each distinct template once, checks it really has the chosen type, and fills every
 * variable it uses from the item's values.
 */
async function checkTemplates(
	context: IExecuteFunctions,
	plans: Planned[],
	allowEmpty: boolean,
): Promise<void> {
	const bySid = new Map<string, SendPlan[]>();
	for (const plan of plans) {
		if (plan.kind !== 'send' || !plan.contentSid) continue;
		const users = bySid.get(plan.contentSid);
		if (users) users.push(plan);
		else bySid.set(plan.contentSid, [plan]);
	}
	const node = context.getNode();
	for (const [sid, users] of bySid) {
		let types: TemplateType[];
		let names: string[];
		try {
			const template = await readContentTemplate(context, sid, users[0].itemIndex);
			types = templateTypesOf(template.types as IDataObject | undefined);
			names = templateVariables(template as { variables?: IDataObject; types?: unknown });
		} catch (error) {
			for (const plan of users) markInvalid(plans, plan, error as Error);
			continue;
		}
		for (const plan of users) {
			if (!types.includes(plan.templateType)) {
				const has = types.map((type) => TEMPLATE_TYPES[type].label).join(', ') || 'no known type';
				markInvalid(
					plans,
					plan,
					fieldError(
						node,
						plan.itemIndex,
						'Content Template',
						`${sid} is not a ${TEMPLATE_TYPES[plan.templateType].label} template (it has: ${has})`,
					),
				);
				continue;
			}
			const { values, autoMap } = plan.contentVariables ?? { values: {}, autoMap: false };
			const given = autoMap
				? Object.fromEntries(
						names.filter((name) => Object.hasOwn(values, name)).map((name) => [name, values[name]]),
					)
				: values;
			const encoded = encodeContentVariables(names, given, allowEmpty);
			if (!encoded.ok) {
				const how = autoMap
					? ' (Map Automatically reads the item field named like the variable)'
					: '';
				markInvalid(
					plans,
					plan,
					fieldError(node, plan.itemIndex, 'Content Variables', `${encoded.reason}${how}`),
				);
				continue;
			}
			plan.form.ContentVariables = encoded.json;
		}
	}
}

/** Plans are indexed by item (`plans[i].itemIndex === i`). */
function markInvalid(plans: Planned[], plan: SendPlan, error: Error): void {
	plans[plan.itemIndex] = { kind: 'invalid', itemIndex: plan.itemIndex, error };
}

/** A skip decided by Send Once per Key; `sameAs` is the earlier item of this run with the same key. */
type OnceSkip = SkipPlan & { messageSid?: string; sameAs?: number };
type Planned = SendPlan | OnceSkip | { kind: 'invalid'; itemIndex: number; error: Error };

/** Without Continue On Fail, the first item that cannot be sent stops the run before anything is sent. */
function throwFirstInvalid(plans: Planned[]): void {
	const invalid = plans.find((plan) => plan.kind === 'invalid');
	if (invalid?.kind === 'invalid') throw invalid.error;
}

function skip(plan: SendPlan, reason: string, extra: Partial<OnceSkip> = {}): OnceSkip {
	return { kind: 'skip', itemIndex: plan.itemIndex, to: plan.recipient, reason, ...extra };
}

/**
 * Settles every send-once key before anything is sent: a key already sent (confirmed, or found in
 * Twilio's message log) becomes a skip, a repeated key within the batch too. Returns the sends whose
 * key was claimed by an earlier run and is now known not to have been sent: they send again.
 */
async function applySendOnce(
	context: IExecuteFunctions,
	plans: Planned[],
	keys: SendOnceKeys,
): Promise<Set<SendPlan>> {
	const first = new Map<string, SendPlan>();
	for (const [index, plan] of plans.entries()) {
		if (plan.kind !== 'send' || !plan.onceKey) continue;
		const earlier = first.get(plan.onceKey);
		if (earlier) {
			plans[index] = skip(
				plan,
				`an earlier item of this run (item ${earlier.itemIndex}) has the same send-once key "${plan.onceKey}"`,
				{ sameAs: earlier.itemIndex },
			);
		} else {
			first.set(plan.onceKey, plan);
		}
	}
	if (first.size > keys.historySize) {
		throw new NodeOperationError(
			context.getNode(),
			`Send-Once History Size (${keys.historySize}) is smaller than this batch's ${first.size} send-once keys`,
			{
				description: `n8n would forget the oldest keys of this batch while it runs, so a re-run would send them again. Set Send-Once History Size to at least ${first.size}, or split the batch. Nothing was sent.`,
			},
		);
	}

	const states = await keys.states([...first.keys()]);
	const unconfirmed: SendPlan[] = [];
	for (const [key, plan] of first) {
		const state = states.get(key);
		if (state === 'sent') {
			plans[plan.itemIndex] = skip(
				plan,
				`send-once key "${key}" was already sent by this node: Twilio confirmed it in an earlier execution`,
			);
		} else if (state === 'unconfirmed') {
			unconfirmed.push(plan);
		}
	}
	const resend = new Set<SendPlan>();
	if (unconfirmed.length === 0) return resend;
	for (const [plan, result] of await findInMessageLog(context, keys, unconfirmed)) {
		if ('error' in result) {
			const error = new NodeOperationError(
				context.getNode(),
				`Not sent: an earlier send with send-once key "${plan.onceKey}" has no confirmation, and Twilio's message log could not be checked for it`,
				{
					itemIndex: plan.itemIndex,
					description: `${result.error.message}. The key stays claimed; a re-run checks the log again and sends the message only if Twilio has no record of it.`,
				},
			);
			plans[plan.itemIndex] = { kind: 'invalid', itemIndex: plan.itemIndex, error };
		} else if (result.found) {
			const { sid, date_created: created } = result.found;
			plans[plan.itemIndex] = skip(
				plan,
				`send-once key "${plan.onceKey}" was already sent: an earlier execution lost Twilio's answer, and Twilio's message log has the message (${String(sid)}, created ${String(created)})`,
				{ messageSid: String(sid) },
			);
			keys.confirm(plan.onceKey!);
		} else {
			resend.add(plan);
		}
	}
	return resend;
}

type Outcome =
	| { kind: 'sent'; message: IDataObject }
	| { kind: 'failed'; error: Error; unknown: boolean }
	/** Another execution claimed the key after this one read it. */
	| { kind: 'taken' }
	| { kind: 'notStarted' };

/** How many failed sends in a row, with no success between, mean the API is down. */
const OUTAGE_AFTER = 3;

/**
 * Watches for an outage: refused connections, unknown hosts, TLS failures and 5xx answers in a row.
 * Once the API is clearly down, no new send is started, so the rest fail in seconds, not minutes.
 */
class OutageWatch {
	private inRow = 0;
	reason: string | undefined;

	success(): void {
		this.inRow = 0;
	}

	failure(error: Error): void {
		if (!isUnreachable(error)) {
			this.inRow = 0;
			return;
		}
		this.inRow += 1;
		if (this.inRow >= OUTAGE_AFTER) this.reason ??= error.message;
	}
}

function describeItems(plans: SendPlan[]): string {
	const shown = plans.slice(0, 20).map((plan) => `item ${plan.itemIndex} (to ${plan.recipient})`);
	return plans.length > shown.length
		? `${shown.join(', ')} and ${plans.length - shown.length} more`
		: shown.join(', ');
}

/** Accounts for every item of the run in the error that stops it. */
function runSummary(
	plans: Planned[],
	sends: SendPlan[],
	outcomes: Array<Outcome | undefined>,
	hasKeys: boolean,
): string {
	const count = (kind: Outcome['kind']) =>
		outcomes.filter((outcome) => outcome?.kind === kind).length;
	const unknown = sends.filter((_, index) => {
		const outcome = outcomes[index];
		return outcome?.kind === 'failed' && outcome.unknown;
	});
	const failed = count('failed') - unknown.length;
	const notStarted = outcomes.filter(
		(outcome) => outcome === undefined || outcome.kind === 'notStarted',
	).length;
	const skipped = plans.filter((plan) => plan.kind === 'skip').length + count('taken');
	const parts = [
		`Of ${plans.length} item(s) in this run: ${count('sent')} sent`,
		`${failed} failed and not sent (this one included if it is not listed below)`,
		`${notStarted} not started`,
		...(skipped ? [`${skipped} skipped`] : []),
		`${unknown.length} in flight with unknown outcome${unknown.length ? `: ${describeItems(unknown)}` : ''}.`,
	];
	const advice = hasKeys
		? "With Send Once per Key, re-run the same items: keys not sent are free again, and unknown ones are looked up in Twilio's message log before anything is sent."
		: 'Enable "On Error > Continue" to send the rest and get one result per item.';
	return `${parts.join(', ')}\n${advice}`;
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const templates = new InlineTemplates();
	const parameters = new ExecutionParameters(this);
	const continueOnFail = this.continueOnFail();
	// Run-wide settings are read from the first item, like n8n reads them, and checked before anything is sent.
	const options = this.getNodeParameter('options', 0, {}) as SendOptions;
	const optionError = (field: string, reason: string) =>
		fieldError(parameters.node, 0, field, reason);
	const concurrency = numberOption(options, 'concurrency', optionError) ?? DEFAULT_CONCURRENCY;
	const perSecond = numberOption(options, 'maxPerSecond', optionError) ?? 0;
	const sendOnceHistory =
		numberOption(options, 'sendOnceHistory', optionError) ?? DEFAULT_SEND_ONCE_HISTORY;

	// Every item is checked before the first request, so a bad row never leaves half a batch sent.
	const plans: Planned[] = items.map((_, itemIndex) => {
		try {
			return planSend(this, itemIndex, templates, parameters);
		} catch (caught) {
			const error = itemError(this, caught, itemIndex);
			if (!continueOnFail) throw error;
			return { kind: 'invalid', itemIndex, error };
		}
	});
	await checkTemplates(this, plans, options.allowEmptyValues === true);
	if (!continueOnFail) throwFirstInvalid(plans);

	const hasKeys = plans.some((plan) => plan.kind === 'send' && plan.onceKey);
	// A credential that cannot work (incomplete, bad Base URL Override) fails before any key is touched.
	if (plans.some((plan) => plan.kind === 'send')) await twilioSession(this);
	const keys = new SendOnceKeys(this, sendOnceHistory);
	const resend = hasKeys ? await applySendOnce(this, plans, keys) : new Set<SendPlan>();
	if (!continueOnFail) throwFirstInvalid(plans);

	const sends = plans.filter((plan): plan is SendPlan => plan.kind === 'send');
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	const outage = new OutageWatch();
	// Stop (or a workflow timeout) cancels the execution: sends not yet started are not started.
	const cancel = this.getExecutionCancelSignal();
	let cancelled = cancel?.aborted === true;
	this.onExecutionCancellation(() => (cancelled = true));
	let failed = false;
	const stopping = new AbortController();
	const stopped = () => {
		const stop = cancelled || outage.reason !== undefined || (failed && !continueOnFail);
		if (stop && !stopping.signal.aborted) stopping.abort();
		return stop;
	};

	const outcomes = await runPool<Outcome>(
		sends.length,
		async (index) => {
			const plan = sends[index];
			const key = plan.onceKey;
			if (key) {
				let free: boolean;
				try {
					free = await keys.claim(key, resend.has(plan));
				} catch (error) {
					failed = true;
					return {
						kind: 'failed',
						error: new NodeOperationError(
							this.getNode(),
							`Not sent: n8n could not record send-once key "${key}"`,
							{ itemIndex: plan.itemIndex, description: (error as Error).message },
						),
						unknown: false,
					};
				}
				if (!free) return { kind: 'taken' };
				if (stopped()) {
					keys.release(key);
					return { kind: 'notStarted' };
				}
			}
			try {
				const message = await twilioRequest<IDataObject>(this, {
					method: 'POST',
					product: 'api',
					path: '/Messages.json',
					form: plan.form,
					action: 'sending a message',
					itemIndex: plan.itemIndex,
					recipient: plan.recipient,
					signal: stopping.signal,
				});
				if (key) keys.confirm(key);
				outage.success();
				return { kind: 'sent', message };
			} catch (caught) {
				const error = caught as Error;
				const unknown = isUnknownOutcome(error);
				// Only a request that may have reached Twilio keeps its key claimed, for the next run to look up.
				if (key && !unknown) keys.release(key);
				outage.failure(error);
				failed = true;
				return { kind: 'failed', error, unknown };
			}
		},
		{
			concurrency,
			perSecond,
			stop: stopped,
		},
	);
	await keys.flush();

	if (!continueOnFail) {
		const failedAt = outcomes.findIndex((outcome) => outcome?.kind === 'failed');
		if (failedAt !== -1) {
			const error = (outcomes[failedAt] as { error: Error }).error as NodeOperationError;
			const summary = runSummary(plans, sends, outcomes, hasKeys);
			error.description = [
				outage.reason
					? `The Twilio API was unreachable, so the remaining messages were not attempted.`
					: undefined,
				error.description,
				summary,
			]
				.filter(Boolean)
				.join('\n');
			throw error;
		}
	}

	const bySendIndex = new Map(sends.map((plan, index) => [plan.itemIndex, index]));
	const notStarted = (plan: SendPlan): Error =>
		new NodeOperationError(
			this.getNode(),
			outage.reason !== undefined
				? `Not sent: the Twilio API was unreachable (${outage.reason}), so this message was not attempted`
				: 'Not sent: the execution was stopped before this message was started',
			{
				itemIndex: plan.itemIndex,
				description: plan.onceKey
					? `Its send-once key "${plan.onceKey}" is free: a re-run sends it.`
					: undefined,
			},
		);
	return plans.map((plan): INodeExecutionData => {
		if (plan.kind === 'invalid') return errorItem(plan.error, plan.itemIndex);
		if (plan.kind === 'skip') {
			const { reason, to, messageSid, sameAs } = plan as OnceSkip;
			const earlier = sameAs === undefined ? undefined : outcomes[bySendIndex.get(sameAs) ?? -1];
			const sid =
				messageSid ?? (earlier?.kind === 'sent' ? String(earlier.message.sid) : undefined);
			const why = earlier?.kind === 'sent' && sid ? `${reason}, which was sent as ${sid}` : reason;
			return {
				json: { skipped: true, reason: why, to, ...(sid ? { messageSid: sid } : {}) },
				pairedItem: { item: plan.itemIndex },
			};
		}
		const outcome = outcomes[bySendIndex.get(plan.itemIndex)!];
		if (outcome?.kind === 'sent') {
			return {
				json: simplify ? simplifyMessage(outcome.message) : outcome.message,
				pairedItem: { item: plan.itemIndex },
			};
		}
		if (outcome?.kind === 'failed') return errorItem(outcome.error, plan.itemIndex);
		if (outcome?.kind === 'taken') {
			return {
				json: {
					skipped: true,
					reason: `send-once key "${plan.onceKey}" was claimed by another execution while this one ran`,
					to: plan.recipient,
				},
				pairedItem: { item: plan.itemIndex },
			};
		}
		return errorItem(notStarted(plan), plan.itemIndex);
	});
}
