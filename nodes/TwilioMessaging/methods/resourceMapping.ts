import {
	SEND_AND_WAIT_OPERATION,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeParameterResourceLocator,
	type ResourceMapperFields,
} from 'n8n-workflow';
import { isSid, linkButtonsOf, templateVariables, variableInContext } from '../../shared/domain';
import { readContentTemplate } from '../helpers/contentTemplate';

/**
 * Offers one field per variable the chosen template uses or declares, each shown in the template's
 * text; Send and Wait fills its link buttons' variables with the response links itself.
 */
export async function getContentVariables(
	this: ILoadOptionsFunctions,
): Promise<ResourceMapperFields> {
	const chosen = this.getCurrentNodeParameter('contentSid') as
		INodeParameterResourceLocator | string | undefined;
	const sid = String((typeof chosen === 'object' ? chosen?.value : chosen) ?? '').trim();
	if (!isSid('content', sid))
		return { fields: [], emptyFieldsNotice: 'Choose a Content Template first' };
	const template = await readContentTemplate(this, sid);
	const samples = (template.variables as IDataObject | undefined) ?? {};
	const filledByNode = new Set(
		this.getCurrentNodeParameter('operation') === SEND_AND_WAIT_OPERATION
			? linkButtonsOf(template.types as IDataObject | undefined).map((button) => button.variable)
			: [],
	);
	return {
		fields: templateVariables(template)
			.filter((name) => !filledByNode.has(name))
			.map((name) => ({
				id: name,
				displayName: [
					`{{${name}}}`,
					variableInContext(template, name),
					samples[name] ? `(sample: ${String(samples[name])})` : undefined,
				]
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
