import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { CHANNELS, CHANNEL_LABELS, type Channel } from '../../shared/domain';
import { fieldError } from './fieldError';

/**
 * n8n cannot filter an options list by another field, so a field whose choices depend on the
 * channel is declared once per distinct list of choices, each shown only for its channels.
 * The lists come from the domain tables, never written out by hand.
 *
 * All of them share one parameter name, so a choice made on one channel stays when the channel
 * changes, even where the new channel does not offer it. For each group a notice appears while
 * the field holds such a choice (next to n8n's own "value is not supported" mark on the field),
 * and the send rejects it.
 */
export function perChannelOptions<T extends string>(
	base: Omit<INodeProperties, 'options' | 'default' | 'type'>,
	choicesByChannel: Record<Channel, readonly T[]>,
	optionFor: (choice: T) => INodePropertyOptions,
	show: Record<string, unknown[]> = {},
): INodeProperties[] {
	const groups = new Map<string, Channel[]>();
	for (const channel of CHANNELS) {
		const key = choicesByChannel[channel].join(',');
		groups.set(key, [...(groups.get(key) ?? []), channel]);
	}
	const everyChoice = [...new Set(CHANNELS.flatMap((channel) => choicesByChannel[channel]))];
	return [...groups.values()].flatMap((channels, group) => {
		const choices = choicesByChannel[channels[0]];
		const shownOn = { ...base.displayOptions?.show, ...show, channel: channels };
		const field: INodeProperties = {
			...base,
			type: 'options',
			default: choices[0],
			options: choices.map(optionFor),
			displayOptions: { ...base.displayOptions, show: shownOn },
		};
		const unavailable = everyChoice.filter((choice) => !choices.includes(choice));
		if (!unavailable.length) return [field];
		const notice: INodeProperties = {
			displayName: `The ${base.displayName} chosen is not available on ${channels.map((channel) => CHANNEL_LABELS[channel]).join(' or ')}: choose one of ${choices.map((choice) => optionFor(choice).name).join(', ')}`,
			name: `${base.name}NotAvailable${group}`,
			type: 'notice',
			default: '',
			displayOptions: { ...base.displayOptions, show: { ...shownOn, [base.name]: unavailable } },
		};
		return [field, notice];
	});
}

/** Limits a block of properties to one resource and operation. */
export function forOperation(
	resource: string,
	operation: string,
	properties: INodeProperties[],
): INodeProperties[] {
	return properties.map((property) => ({
		...property,
		displayOptions: {
			...property.displayOptions,
			show: { ...property.displayOptions?.show, resource: [resource], operation: [operation] },
		},
	}));
}

export const simplifyField: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/** Return All / Limit for list operations. */
export const returnAllFields: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** The item's Limit, or undefined with Return All. */
export function limitOf(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	const limit = Number(context.getNodeParameter('limit', itemIndex, 50));
	if (!Number.isInteger(limit) || limit < 1)
		throw fieldError(
			context.getNode(),
			itemIndex,
			'Limit',
			`must be a whole number of at least 1, not ${String(limit)}`,
		);
	return limit;
}
