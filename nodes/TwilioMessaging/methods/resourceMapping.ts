import type { IDataObject, ILoadOptionsFunctions, INodeParameterResourceLocator, ResourceMapperFields } from 'n8n-workflow';
import { isSid, templateVariables, variableInContext } from '../../shared/domain';
import { twilioRequest } from '../../shared/transport';

/** Offers one field per variable the chosen template uses or declares, each shown in the template's text. */
export async function getContentVariables(this: ILoadOptionsFunctions): Promise<ResourceMapperFields> {
	const chosen = this.getCurrentNodeParameter('contentSid') as INodeParameterResourceLocator | string | undefined;
	const sid = String((typeof chosen === 'object' ? chosen?.value : chosen) ?? '').trim();
	if (!isSid('content', sid)) return { fields: [], emptyFieldsNotice: 'Choose a Content Template first' };
	const template = await twilioRequest<IDataObject>(this, {
		method: 'GET',
		product: 'content',
		path: `/v1/Content/${sid}`,
		action: `reading Content Template ${sid}`,
	});
	const samples = (template.variables as IDataObject | undefined) ?? {};
	return {
		fields: templateVariables(template).map((name) => ({
			id: name,
			displayName: [`{{${name}}}`, variableInContext(template, name), samples[name] ? `(sample: ${String(samples[name])})` : undefined]
				.filter(Boolean)
				.join(' '),
			required: true,
			defaultMatch: false,
			display: true,
			type: 'string',
			canBeUsedToMatch: false,
		})),
		emptyFieldsNotice: 'This template has no variables',
	};
}
