import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import {
	TEMPLATE_TYPES,
	linkButtonsOf,
	templateTypesOf,
	whatsappApprovalStatus,
	type TemplateType,
} from '../../shared/domain';
import { currentParameter, matches } from '../../shared/methods/listSearch';
import { twilioRequestAllPages } from '../../shared/transport';

/**
 * Templates of the chosen type (for Send and Wait, those with a link button that can carry the
 * response link), with their WhatsApp approval status where Twilio knows it.
 */
export async function searchContentTemplates(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const templateType = currentParameter(this, 'templateType') as TemplateType;
	const linkButtonsOnly = currentParameter(this, 'operation') === SEND_AND_WAIT_OPERATION;
	const templates = await twilioRequestAllPages<IDataObject>(
		this,
		{
			method: 'GET',
			product: 'content',
			path: '/v1/ContentAndApprovals',
			action: 'listing Content Templates',
		},
		'contents',
	);
	return {
		results: templates
			.filter(
				(template) =>
					!(templateType in TEMPLATE_TYPES) ||
					templateType === 'inline' ||
					templateTypesOf(template.types as IDataObject).includes(templateType),
			)
			.filter(
				(template) => !linkButtonsOnly || linkButtonsOf(template.types as IDataObject).length > 0,
			)
			.filter((template) => matches(filter, template.friendly_name, template.sid))
			.map((template) => {
				const status = whatsappApprovalStatus(template.approval_requests);
				const language = template.language ? ` [${template.language}]` : '';
				return {
					name: `${template.friendly_name}${language}${status ? ` · WhatsApp: ${status}` : ''}`,
					value: String(template.sid),
				};
			}),
	};
}
