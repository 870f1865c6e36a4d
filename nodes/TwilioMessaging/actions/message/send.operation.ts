import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { encodeContentVariables, InlineTemplates, TEMPLATE_TYPES, templateTypesOf, templateVariables, type TemplateType } from '../../../shared/domain';
import { isUnknownOutcome, twilioRequest } from '../../../shared/transport';
import { fieldError } from '../../helpers/itemErrors';
import { ExecutionParameters } from '../../helpers/parameters';
import { runPool, type PoolResult } from '../../helpers/pool';
import { DEFAULT_SEND_ONCE_HISTORY, SendOnceKeys } from '../../helpers/sendOnce';
import { simplifyMessage } from '../../helpers/simplify';
import { numberOption, planSend, type SendOptions, type SendPlan, type SkipPlan } from './send.request';

export { description } from './send.description';

const DEFAULT_CONCURRENCY = 10;

type Planned = SendPlan | SkipPlan | { kind: 'invalid'; itemIndex: number; error: Error };

/**
 * Fetches each distinct template once, checks it really has the chosen type, and fills every
 * variable it uses from the item's values.
 */
async function checkTemplates(context: IExecuteFunctions, plans: Planned[], allowEmpty: boolean): Promise<void> {
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
			const template = await twilioRequest<IDataObject>(context, {
				method: 'GET',
				product: 'content',
				path: `/v1/Content/${sid}`,
				action: `reading Content Template ${sid}`,
				itemIndex: users[0].itemIndex,
			});
			types = templateTypesOf(template.types as IDataObject | undefined);
			names = templateVariables(template as { variables?: IDataObject; types?: unknown });
		} catch (error) {
			for (const plan of users) markInvalid(plans, plan, error as Error);
			continue;
		}
		for (const plan of users) {
			if (!types.includes(plan.templateType)) {
				const has = types.map((type) => TEMPLATE_TYPES[type].label).join(', ') || 'no known type';
				markInvalid(plans, plan, fieldError(node, plan.itemIndex, 'Content Template', `${sid} is not a ${TEMPLATE_TYPES[plan.templateType].label} template (it has: ${has})`));
				continue;
			}
			const { values, autoMap } = plan.contentVariables ?? { values: {}, autoMap: false };
			const given = autoMap ? Object.fromEntries(names.filter((name) => Object.hasOwn(values, name)).map((name) => [name, values[name]])) : values;
			const encoded = encodeContentVariables(names, given, allowEmpty);
			if (!encoded.ok) {
				const how = autoMap ? ' (Map Automatically reads the item field named like the variable)' : '';
				markInvalid(plans, plan, fieldError(node, plan.itemIndex, 'Content Variables', `${encoded.reason}${how}`));
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
	// Run-wide settings are read from the first item, like n8n reads them, and checked before anything is sent.
	const options = this.getNodeParameter('options', 0, {}) as SendOptions;
	const optionError = (field: string, reason: string) => fieldError(parameters.node, 0, field, reason);
	const concurrency = numberOption(options, 'concurrency', optionError) ?? DEFAULT_CONCURRENCY;
	const perSecond = numberOption(options, 'maxPerSecond', optionError) ?? 0;
	const sendOnceHistory = numberOption(options, 'sendOnceHistory', optionError) ?? DEFAULT_SEND_ONCE_HISTORY;

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
	await checkTemplates(this, plans, options.allowEmptyValues === true);
	if (!continueOnFail) {
		const invalid = plans.find((plan) => plan.kind === 'invalid');
		if (invalid?.kind === 'invalid') throw invalid.error;
	}

	const sendOnce = new SendOnceKeys(this, sendOnceHistory);
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
			concurrency,
			perSecond,
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
