import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	TEMPLATE_TYPES,
	TEMPLATE_TYPE_NAMES,
	WHATSAPP_APPROVAL_LABELS,
	WHATSAPP_APPROVAL_STATUSES,
	templateTypesOf,
	whatsappApprovalStatus,
	type TemplateType,
} from '../../../shared/domain';
import { fieldError } from '../../helpers/fieldError';
import { filtersField, listDescription, listExecute, type ListQuery } from '../../helpers/list';
import { simplifyContentTemplate } from '../../helpers/simplify';

const CONTENT_TEMPLATE_TYPES = TEMPLATE_TYPE_NAMES.filter(
	(type) => TEMPLATE_TYPES[type].contentType !== null,
);

interface Filters {
	templateTypes?: string[];
	approvalStatuses?: string[];
	language?: string;
	nameContains?: string;
}

export const description: INodeProperties[] = listDescription('contentTemplate', 'getAll', [
	filtersField([
		{
			displayName: 'Language',
			name: 'language',
			type: 'string',
			default: '',
			placeholder: 'en',
			description:
				'Only templates in this language (the code shown in the Twilio console, e.g. en or pt_BR)',
		},
		{
			displayName: 'Name Contains',
			name: 'nameContains',
			type: 'string',
			default: '',
			description: 'Only templates whose friendly name contains this text (not case-sensitive)',
		},
		{
			displayName: 'Template Types',
			name: 'templateTypes',
			type: 'multiOptions',
			default: [],
			options: CONTENT_TEMPLATE_TYPES.map((type) => ({
				name: TEMPLATE_TYPES[type].label,
				value: type,
			})),
			description: 'Only templates that have at least one of these types',
		},
		{
			displayName: 'WhatsApp Approval Statuses',
			name: 'approvalStatuses',
			type: 'multiOptions',
			default: [],
			options: WHATSAPP_APPROVAL_STATUSES.map((status) => ({
				name: WHATSAPP_APPROVAL_LABELS[status],
				value: status,
			})),
			description: 'Only templates whose WhatsApp approval has one of these statuses',
		},
	]),
]);

function listOf(value: unknown): string[] {
	if (Array.isArray(value)) return value.map(String);
	if (typeof value === 'string' && value.trim() !== '')
		return value.split(',').map((entry) => entry.trim());
	return [];
}

function templateQuery(context: IExecuteFunctions, itemIndex: number): ListQuery {
	const node = context.getNode();
	const filters = context.getNodeParameter('filters', itemIndex, {}) as Filters;
	const types = listOf(filters.templateTypes);
	const unknownType = types.find((type) => !(CONTENT_TEMPLATE_TYPES as string[]).includes(type));
	if (unknownType !== undefined)
		throw fieldError(
			node,
			itemIndex,
			'Template Types',
			`"${unknownType}" is not one of ${CONTENT_TEMPLATE_TYPES.join(', ')}`,
		);
	const statuses = listOf(filters.approvalStatuses).map((status) => status.toLowerCase());
	const unknownStatus = statuses.find(
		(status) => !(WHATSAPP_APPROVAL_STATUSES as readonly string[]).includes(status),
	);
	if (unknownStatus !== undefined) {
		throw fieldError(
			node,
			itemIndex,
			'WhatsApp Approval Statuses',
			`"${unknownStatus}" is not one of ${WHATSAPP_APPROVAL_STATUSES.join(', ')}`,
		);
	}
	const language = String(filters.language ?? '')
		.trim()
		.toLowerCase();
	const nameContains = String(filters.nameContains ?? '')
		.trim()
		.toLowerCase();

	const checks: Array<(template: IDataObject) => boolean> = [];
	if (types.length) {
		checks.push((template) =>
			templateTypesOf(template.types as IDataObject | undefined).some((type) =>
				types.includes(type as TemplateType),
			),
		);
	}
	// Twilio leaves the approval empty for a template never submitted to WhatsApp.
	if (statuses.length)
		checks.push((template) =>
			statuses.includes(whatsappApprovalStatus(template.approval_requests) ?? 'unsubmitted'),
		);
	if (language)
		checks.push((template) => String(template.language ?? '').toLowerCase() === language);
	if (nameContains)
		checks.push((template) =>
			String(template.friendly_name ?? '')
				.toLowerCase()
				.includes(nameContains),
		);

	return {
		keep: checks.length ? (template) => checks.every((check) => check(template)) : undefined,
	};
}

// The Content API filters nothing itself; the filters are applied page by page so Limit counts matches.
export const execute = listExecute({
	request: {
		product: 'content',
		path: '/v1/ContentAndApprovals',
		action: 'listing Content Templates',
	},
	listKey: 'contents',
	query: templateQuery,
	simplify: simplifyContentTemplate,
});
