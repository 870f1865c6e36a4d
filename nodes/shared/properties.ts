import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { SID_PATTERNS, type SidKind } from './domain';

// Node properties both nodes use.

/** The "Options" collection of optional settings (placeholder as n8n's send-and-wait and trigger nodes write it). */
export function optionsCollection(
	options: INodeProperties[],
	displayOptions?: IDisplayOptions,
): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add option',
		default: {},
		options,
		...(displayOptions ? { displayOptions } : {}),
	};
}

type LocatorOverrides = Pick<INodeProperties, 'name' | 'description'> & Partial<INodeProperties>;

/**
 * A resource locator for something of the account: picked with a list search (methods/listSearch.ts
 * for what both nodes offer) or given by its SID.
 */
function accountLocator(
	kind: SidKind,
	displayName: string,
	searchListMethod: string,
	overrides: LocatorOverrides,
): INodeProperties {
	const prefix = SID_PATTERNS[kind].source.slice(1, 3);
	return {
		displayName,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By SID',
				name: 'id',
				type: 'string',
				placeholder: `${prefix}${'x'.repeat(32)}`,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: SID_PATTERNS[kind].source,
							errorMessage: `${prefix} followed by 32 hex characters`,
						},
					},
				],
			},
		],
		...overrides,
	};
}

export const messagingServiceLocator = (overrides: LocatorOverrides) =>
	accountLocator('messagingService', 'Messaging Service', 'searchMessagingServices', overrides);

export const contentTemplateLocator = (overrides: LocatorOverrides) =>
	accountLocator('content', 'Content Template', 'searchContentTemplates', overrides);
