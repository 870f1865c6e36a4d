import type { IExecuteFunctions, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { CHANNELS, type Channel } from '../../shared/domain';
import { fieldError } from './itemErrors';

/**
 * n8n cannot filter an options list by another field, so a field whose choices depend on the
 * channel is declared once per distinct list of choices, each shown only for its channels.
 * The lists come from the domain tables, never written out by hand.
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
	return [...groups.values()].map((channels) => ({
		...base,
		type: 'options',
		default: choicesByChannel[channels[0]][0],
		options: choicesByChannel[channels[0]].map(optionFor),
		displayOptions: {
			...base.displayOptions,
			show: { ...base.displayOptions?.show, ...show, channel: channels },
		},
	}));
}

/** Limits a block of properties to one resource and operation. */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
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
	if (!Number.isInteger(limit) || limit < 1) throw fieldError(context.getNode(), itemIndex, 'Limit', `must be a whole number of at least 1, not ${String(limit)}`);
	return limit;
}
