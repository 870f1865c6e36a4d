import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import { TEMPLATE_TYPES, isChannel, linkButtonsOf, templateTypesOf, whatsappApprovalStatus, type TemplateType } from '../../shared/domain';
import { twilioRequestAllPages } from '../../shared/transport';

function matches(filter: string | undefined, ...values: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return values.some((value) => String(value ?? '').toLowerCase().includes(needle));
}

function currentParameter(context: ILoadOptionsFunctions, name: string): string {
	try {
		return String(context.getCurrentNodeParameter(name) ?? '');
	} catch {
		return '';
	}
}

/** The account's numbers able to send on the chosen channel (every page, filtered by the search text). */
export async function searchPhoneNumbers(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const channel = currentParameter(this, 'channel');
	const numbers = await twilioRequestAllPages<IDataObject>(
		this,
		{ method: 'GET', product: 'api', path: '/IncomingPhoneNumbers.json', action: 'listing phone numbers' },
		'incoming_phone_numbers',
	);
	const needed = channel === 'mms' ? 'mms' : 'sms';
	const results: INodeListSearchItems[] = numbers
		.filter((number) => (number.capabilities as IDataObject | undefined)?.[needed] !== false || (isChannel(channel) && channel === 'whatsapp'))
		.filter((number) => matches(filter, number.phone_number, number.friendly_name))
		.map((number) => ({
			name: number.friendly_name && number.friendly_name !== number.phone_number ? `${number.phone_number} (${number.friendly_name})` : String(number.phone_number),
			value: String(number.phone_number),
		}));
	return { results };
}

export async function searchMessagingServices(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const services = await twilioRequestAllPages<IDataObject>(
		this,
		{ method: 'GET', product: 'messaging', path: '/v1/Services', action: 'listing Messaging Services' },
		'services',
	);
	return {
		results: services
			.filter((service) => matches(filter, service.friendly_name, service.sid))
			.map((service) => ({ name: `${service.friendly_name} (${service.sid})`, value: String(service.sid) })),
	};
}

/**
 * Templates of the chosen type (for Send and Wait, those with a link button that can carry the
 * response link), with their WhatsApp approval status where Twilio knows it.
 */
export async function searchContentTemplates(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const templateType = currentParameter(this, 'templateType') as TemplateType;
	const linkButtonsOnly = currentParameter(this, 'operation') === SEND_AND_WAIT_OPERATION;
	const templates = await twilioRequestAllPages<IDataObject>(
		this,
		{ method: 'GET', product: 'content', path: '/v1/ContentAndApprovals', action: 'listing Content Templates' },
		'contents',
	);
	return {
		results: templates
			.filter((template) => !(templateType in TEMPLATE_TYPES) || templateType === 'inline' || templateTypesOf(template.types as IDataObject).includes(templateType))
			.filter((template) => !linkButtonsOnly || linkButtonsOf(template.types as IDataObject).length > 0)
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
