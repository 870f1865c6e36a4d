import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { isLinkPreviewFetch, normalizeMessage, type ResponseType } from '../../../shared/domain';
import {
	ACTION_RECORDED_PAGE,
	FREE_TEXT_FIELDS,
	PAGE_HEADERS,
	customFormFields,
	formAnswers,
	renderForm,
	type FormField,
} from '../../helpers/responseForm';

interface FormOptions {
	responseFormTitle?: string;
	responseFormDescription?: string;
	responseFormButtonLabel?: string;
}

type Response = {
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body?: string): unknown;
};

function sendPage(context: IWebhookFunctions, status: number, html: string): IWebhookResponseData {
	const res = context.getResponseObject() as unknown as Response;
	res.writeHead(status, PAGE_HEADERS);
	res.end(html);
	return { noWebhookResponse: true };
}

function formFields(context: IWebhookFunctions, responseType: ResponseType): FormField[] {
	if (responseType === 'freeText') return FREE_TEXT_FIELDS;
	const checked = customFormFields(
		context.getNodeParameter('defineForm', 'fields') as string,
		context.getNodeParameter('formFields.values', []),
		context.getNodeParameter('jsonOutput', ''),
	);
	if (!checked.ok) throw new NodeOperationError(context.getNode(), checked.reason);
	return checked.fields;
}

/** The posted fields: n8n parses a multipart form into `data`, a URL-encoded one into the body itself. */
function postedFields(context: IWebhookFunctions): IDataObject {
	const body = (context.getBodyData() ?? {}) as IDataObject;
	return body.data && typeof body.data === 'object' && !Array.isArray(body.data)
		? (body.data as IDataObject)
		: body;
}

/**
 * The resume link's answer, as n8n's send-and-wait nodes give it: `{ data: { approved, respondedAt } }`
 * for an approval, `{ data: { text, respondedAt } }` for free text, the fields by name for a custom
 * form. A form link opened with GET shows the form; its POST is the answer.
 */
export async function sendAndWaitWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const req = this.getRequestObject();
	const responseType = this.getNodeParameter('responseType', 'approval') as ResponseType;

	if (responseType === 'approval') {
		if (isLinkPreviewFetch(req.headers['user-agent'])) return sendPage(this, 200, '');
		const approved = (req.query as IDataObject).approved === 'true';
		return {
			webhookResponse: ACTION_RECORDED_PAGE,
			workflowData: [[{ json: { data: { approved, respondedAt: new Date().toISOString() } } }]],
		};
	}

	const fields = formFields(this, responseType);
	const options = this.getNodeParameter('options', {}) as FormOptions;
	const form = {
		title: options.responseFormTitle ?? '',
		description: normalizeMessage(
			options.responseFormDescription || String(this.getNodeParameter('message', '') ?? ''),
		),
		buttonLabel: options.responseFormButtonLabel || 'Submit',
		fields,
	};
	if (req.method !== 'POST') return sendPage(this, 200, renderForm(form));

	const answered = formAnswers(fields, postedFields(this));
	if (!answered.ok) return sendPage(this, 400, renderForm({ ...form, error: answered.reason }));
	const respondedAt = new Date().toISOString();
	// respondedAt last, so a field of that name cannot replace the time of the answer.
	const data =
		responseType === 'freeText'
			? { text: answered.answers.Response, respondedAt }
			: { ...answered.answers, respondedAt };
	return { webhookResponse: ACTION_RECORDED_PAGE, workflowData: [[{ json: { data } }]] };
}
