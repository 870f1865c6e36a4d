import type { IExecuteFunctions, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { SID_PATTERNS, isSid } from '../../../shared/domain';
import { fieldError } from '../../helpers/itemErrors';

export const CONTENT_TEMPLATE_FIELD = 'Content Template';

export const contentSidField: INodeProperties = {
	displayName: CONTENT_TEMPLATE_FIELD,
	name: 'contentSid',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: 'The template, picked from the account or given by its SID',
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchContentTemplates', searchable: true },
		},
		{
			displayName: 'By SID',
			name: 'id',
			type: 'string',
			placeholder: 'HXxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			validation: [
				{
					type: 'regex',
					properties: { regex: SID_PATTERNS.content.source, errorMessage: 'A Content SID is HX followed by 32 hex characters' },
				},
			],
		},
	],
};

export function contentSidOf(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('contentSid', itemIndex) as INodeParameterResourceLocator | string;
	const sid = String((typeof raw === 'object' && raw !== null ? raw.value : raw) ?? '').trim();
	if (!isSid('content', sid)) {
		throw fieldError(context.getNode(), itemIndex, CONTENT_TEMPLATE_FIELD, sid ? `"${sid}" is not a Content SID (HX followed by 32 hex characters)` : 'is empty: choose a template or enter its HX… SID');
	}
	return sid;
}
