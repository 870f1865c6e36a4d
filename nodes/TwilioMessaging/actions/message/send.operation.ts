import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { InlineTemplates, TEMPLATE_TYPES, templateTypesOf, type TemplateType } from '../../../shared/domain';
import { twilioRequest } from '../../../shared/transport';
import { fieldError } from '../../helpers/itemErrors';
import { runPool } from '../../helpers/pool';
import { simplifyMessage } from '../../helpers/simplify';
import { planSend, type SendOptions, type SendPlan, type SkipPlan } from './send.request';

export { description } from './send.description';

const DEFAULT_CONCURRENCY = 10;

type Planned = SendPlan | SkipPlan | { kind: 'invalid'; itemIndex: number; error: Error };

/** Fetches each distinct template once and checks it really has the chosen type. */
async function checkTemplates(context: IExecuteFunctions, plans: Planned[]): Promise<void> {
	const bySid = new Map<string, SendPlan[]>();
	for (const plan of plans) {
		if (plan.kind === 'send' && plan.contentSid) bySid.set(plan.contentSid, [...(bySid.get(plan.contentSid) ?? []), plan]);
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

function markInvalid(plans: Planned[], plan: SendPlan, error: Error): void {
	plans[plans.indexOf(plan)] = { kind: 'invalid', itemIndex: plan.itemIndex, error };
}

function errorItem(error: Error, itemIndex: number): INodeExecutionData {
	const description = (error as { description?: string }).description;
	return { json: { error: error.message, ...(description ? { description } : {}) }, pairedItem: { item: itemIndex } };
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const templates = new InlineTemplates();
	const continueOnFail = this.continueOnFail();

	// Every item is checked before the first request, so a bad row never leaves half a batch sent.
	const plans: Planned[] = items.map((_, itemIndex) => {
		try {
			return planSend(this, itemIndex, templates);
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

	const sends = plans.filter((plan): plan is SendPlan => plan.kind === 'send');
	const options = this.getNodeParameter('options', 0, {}) as SendOptions;
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
