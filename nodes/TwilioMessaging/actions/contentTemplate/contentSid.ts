import type {
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';
import { contentTemplateLocator } from '../../../shared/properties';
import { checkedContentSid } from '../../helpers/contentTemplate';
import { fieldError } from '../../helpers/fieldError';

const CONTENT_TEMPLATE_FIELD = 'Content Template';

export const contentSidField: INodeProperties = contentTemplateLocator({
	name: 'contentSid',
	description: 'The template, picked from the account or given by its SID',
});

export function contentSidOf(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('contentSid', itemIndex) as
		INodeParameterResourceLocator | string;
	const sid = String((typeof raw === 'object' && raw !== null ? raw.value : raw) ?? '').trim();
	return checkedContentSid(sid, 'choose a template or enter its HX… SID', (reason) =>
		fieldError(context.getNode(), itemIndex, CONTENT_TEMPLATE_FIELD, reason),
	);
}
