import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { InlineTemplates, TEMPLATE_TYPES, templateTypesOf, type TemplateType } from '../../../shared/domain';
import { isUnknownOutcome, twilioRequest } from '../../../shared/transport';
import { fieldError } from '../../helpers/itemErrors';
import { ExecutionParameters } from '../../helpers/parameters';
import { runPool, type PoolResult } from '../../helpers/pool';
import { DEFAULT_SEND_ONCE_HISTORY, SendOnceKeys } from '../../helpers/sendOnce';
import { simplifyMessage } from '../../helpers/simplify';
import { planSend, type SendOptions, type SendPlan, type SkipPlan } from './send.request';

export { description } from './send.description';

const DEFAULT_CONCURRENCY = 10;

type Planned = SendPlan | SkipPlan | { kind: 'invalid'; itemIndex: number; error: Error };

/** Fetches each distinct template once and checks it really has the chosen type. */
async function checkTemplates(context: IExecuteFunctions, plans: Planned[]): Promise<void> {
	const bySid = new Map<string, SendPlan[]>();
	for (const plan of plans) {
		if (plan.kind !== 'send' || !plan.contentSid) continue;
		const users = bySid.get(plan.contentSid);
		if (users) users.push(plan);
		else bySid.set(plan.contentSid, [plan]);
	}
	for (const [sid, users] of bySid) {
		const first = users[0];
		let types: TemplateType[];
		try {
			const template = await twilioRequest<IDataObject>(context, {
				method: 'GET',
				product: 'content',
				path: `/v1/Content/${sid}`,
				action: `reading Content Template ${sid}`,
				itemIndex: first.itemIndex,
			});
			types = templateTypesOf(template.types as IDataObject | undefined);
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
					fieldError(context.getNode(), plan.itemIndex, 'Content Template', `${sid} is not a ${TEMPLATE_TYPES[plan.templateType].label} template (it has: ${has})`),
				);
			}
		}
	}
}

/** Plans are indexed by item (`plans[i].itemIndex === i`). */
function markInvalid(plans: Planned[], plan: SendPlan, error: Error): void {
	plans[plan.itemIndex] = { kind: 'invalid', itemIndex: plan.itemIndex, error };
}

/**
 * Turns sends whose key was already sent (in an earlier execution, or earlier in this batch) into
 * skips, and claims the keys of the rest.
 */
async function applySendOnce(plans: Planned[], keys: SendOnceKeys): Promise<void> {
	const seen = new Set<string>();
	const claimed: string[] = [];
	for (const [index, plan] of plans.entries()) {
		if (plan.kind !== 'send' || !plan.onceKey) continue;
		if (seen.has(plan.onceKey)) {
			plans[index] = skip(plan, `an earlier item of this run has the same send-once key "${plan.onceKey}"`);
			continue;
		}
		seen.add(plan.onceKey);
		claimed.push(plan.onceKey);
	}
	const alreadySent = await keys.claim(claimed);
	for (const [index, plan] of plans.entries()) {
		if (plan.kind === 'send' && plan.onceKey && alreadySent.has(plan.onceKey)) {
			plans[index] = skip(plan, `this node already sent the message with send-once key "${plan.onceKey}" in an earlier execution`);
		}
	}
}

function skip(plan: SendPlan, reason: string): SkipPlan {
	return { kind: 'skip', itemIndex: plan.itemIndex, to: plan.recipient, reason };
}

/** Keys of sends that certainly did not happen go back, so a re-run sends them. */
async function releaseUnsent(sends: SendPlan[], results: Array<PoolResult<IDataObject>>, keys: SendOnceKeys): Promise<void> {
	const unsent = sends.filter((plan, index) => {
		const result = results[index];
		return plan.onceKey && !result?.ok && !isUnknownOutcome(result?.error);
	});
	await keys.release(unsent.map((plan) => plan.onceKey!));
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const description = (error as { description?: string }).description;
	return { json: { error: error.message, ...(description ? { description } : {}) }, pairedItem: { item: itemIndex } };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const templates = new InlineTemplates();
	const parameters = new ExecutionParameters(this);
	const continueOnFail = this.continueOnFail();

	// Every item is checked before the first request, so a bad row never leaves half a batch sent.
	const plans: Planned[] = items.map((_, itemIndex) => {
		try {
			return planSend(this, itemIndex, templates, parameters);
		} catch (caught) {
			const error = caught instanceof NodeOperationError ? caught : new NodeOperationError(this.getNode(), caught as Error, { itemIndex });
			if (!continueOnFail) throw error;
			return { kind: 'invalid', itemIndex, error };
		}
	});
	await checkTemplates(this, plans);
	if (!continueOnFail) {
		const invalid = plans.find((plan) => plan.kind === 'invalid');
		if (invalid?.kind === 'invalid') throw invalid.error;
	}

	const options = this.getNodeParameter('options', 0, {}) as SendOptions;
	const sendOnce = new SendOnceKeys(this, Number(options.sendOnceHistory) || DEFAULT_SEND_ONCE_HISTORY);
	await applySendOnce(plans, sendOnce);

	const sends = plans.filter((plan): plan is SendPlan => plan.kind === 'send');
	const simplify = this.getNodeParameter('simplify', 0, true) as boolean;
	const results = await runPool(
		sends.length,
		async (index) => {
			const plan = sends[index];
			return await twilioRequest<IDataObject>(this, {
				method: 'POST',
				product: 'api',
				path: '/Messages.json',
				form: plan.form,
				action: 'sending a message',
				itemIndex: plan.itemIndex,
				recipient: plan.recipient,
			});
		},
		{
			concurrency: Number(options.concurrency) || DEFAULT_CONCURRENCY,
			perSecond: Number(options.maxPerSecond) || 0,
			stopAfterFailure: !continueOnFail,
		},
	);

	await releaseUnsent(sends, results, sendOnce);

	if (!continueOnFail) {
		const failedAt = results.findIndex((result) => result?.ok === false);
		if (failedAt !== -1) {
			const failure = results[failedAt] as { ok: false; error: Error };
			const sent = results.filter((result) => result?.ok).length;
			const notStarted = results.filter((result) => result === undefined).length;
			const error = failure.error as NodeOperationError;
			error.description = [
				error.description,
				`In this run ${sent} other message(s) were sent and ${notStarted} were not started. Enable "On Error > Continue" to send the rest and get one result per item.`,
			]
				.filter(Boolean)
				.join('\n');
			throw error;
		}
	}

	const bySendIndex = new Map(sends.map((plan, index) => [plan.itemIndex, index]));
	return plans.map((plan): INodeExecutionData => {
		if (plan.kind === 'invalid') return errorItem(plan.error, plan.itemIndex);
		if (plan.kind === 'skip') {
			return { json: { skipped: true, reason: plan.reason, to: plan.to }, pairedItem: { item: plan.itemIndex } };
		}
		const result = results[bySendIndex.get(plan.itemIndex)!];
		if (!result?.ok) return errorItem((result?.error as Error) ?? new Error('not sent'), plan.itemIndex);
		return { json: simplify ? simplifyMessage(result.value) : result.value, pairedItem: { item: plan.itemIndex } };
	});
}
