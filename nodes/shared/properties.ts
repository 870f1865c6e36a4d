import type { IDisplayOptions, INodeProperties, INodePropertyMode } from 'n8n-workflow';
import { SID_PATTERNS, type SidKind } from './domain';

// Node properties both nodes use.

/** The "Options" collection of optional settings (placeholder as n8n's send-and-wait and trigger nodes write it). */
export function optionsCollection(options: INodeProperties[], displayOptions?: IDisplayOptions): INodeProperties {
	return { displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add option', default: {}, options, ...(displayOptions ? { displayOptions } : {}) };
}

type LocatorOverrides = Pick<INodeProperties, 'name' | 'description'> & Partial<INodeProperties>;

/** A resource locator's mode that picks from a list search of the node's methods. */
export function searchListMode(searchListMethod: string): INodePropertyMode {
	// A mode has no default of its own (the locator has), which the rule cannot tell from a parameter.
	// eslint-disable-next-line n8n-nodes-base/node-param-default-missing
	return { displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod, searchable: true } };
}

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
			searchListMode(searchListMethod),
			{
				displayName: 'By SID',
				name: 'id',
				type: 'string',
				placeholder: `${prefix}${'x'.repeat(32)}`,
				validation: [
					{
						type: 'regex',
						properties: { regex: SID_PATTERNS[kind].source, errorMessage: `${prefix} followed by 32 hex characters` },
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
