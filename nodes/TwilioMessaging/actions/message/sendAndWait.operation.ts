import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { WAIT_INDEFINITELY } from 'n8n-workflow';
import {
	composeResponseText,
	encodeContentVariables,
	linkButtonVariables,
	linkButtonsOf,
	normalizeMessage,
	responseChoices,
	templateVariables,
	waitLimitDate,
	type ApprovalOptions,
	type ResponseType,
	type WaitLimit,
} from '../../../shared/domain';
import { twilioRequest, type FormFields } from '../../../shared/transport';
import { checkedContentSid, readContentTemplate } from '../../helpers/contentTemplate';
import { fieldError } from '../../helpers/fieldError';
import { ExecutionParameters } from '../../helpers/parameters';
import { customFormFields } from '../../helpers/responseForm';
import { addAddresses, readChannel, text, type Fail, type Parameter } from './address.form';
import { MAX_BODY_LENGTH } from './send.plan';

export { description } from './sendAndWait.description';

interface SendAndWaitOptions {
	limitWaitTime?: { values?: WaitLimit };
	messageButtonLabel?: string;
}

/**
 * Sends one message whose links resume this execution (n8n's signed resume URLs) and puts the
 * execution to wait. The answer arrives through the node's webhook; at the time limit n8n resumes
 * the execution with the node's input, as for n8n's own send-and-wait nodes.
 */
export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	const itemIndex = 0;
	const parameters = new ExecutionParameters(this);
	const parameter = <T>(name: string, fallback: T, extractValue = false): T =>
		parameters.get(name, itemIndex, fallback, extractValue);
	const fail = (field: string, reason: string, description?: string) =>
		fieldError(parameters.node, itemIndex, field, reason, description);

	if (items.length > 1) {
		throw fail(
			'Input',
			`has ${items.length} items, but Send and Wait for Response sends one message and waits for one answer`,
			'Put a Loop Over Items node (batch size 1) before this node to ask once per item.',
		);
	}

	const channel = readChannel(parameter, fail);
	const form: FormFields = {};
	addAddresses(parameter, fail, channel, text(parameter('to', '')), form);

	const responseType = parameter<ResponseType>('responseType', 'approval');
	const options = parameter<SendAndWaitOptions>('options', {});
	if (responseType === 'customForm') {
		const checked = customFormFields(
			parameter('defineForm', 'fields'),
			parameter('formFields.values', []),
			parameter('jsonOutput', ''),
		);
		if (!checked.ok)
			throw fail(
				'Form Elements',
				checked.reason.replace(/^./, (first) => first.toLowerCase()),
			);
	}
	const limit = waitLimitDate(options.limitWaitTime?.values, new Date());
	if (!limit.ok) throw fail('Limit Wait Time', limit.reason);

	const choices = responseChoices(
		responseType,
		parameter<ApprovalOptions>('approvalOptions.values', {}),
		options.messageButtonLabel,
	);
	const links = choices.map(({ label, approved }) => ({
		label,
		url: this.getSignedResumeUrl({ approved: String(approved) }),
	}));

	const sendWith = channel === 'whatsapp' ? parameter<string>('sendWith', 'text') : 'text';
	if (sendWith === 'contentTemplate') {
		await addTemplate(this, parameter, fail, links, form);
	} else {
		const body = composeResponseText(
			normalizeMessage(String(parameter('message', '') ?? '')),
			links,
		);
		if (body.length > MAX_BODY_LENGTH) {
			throw fail(
				'Message',
				`makes a ${body.length}-character text with the links; Twilio accepts at most ${MAX_BODY_LENGTH}`,
			);
		}
		form.Body = body;
	}

	// n8n 2.8 checks resume links' signatures only when asked to; later versions always do and dropped the call.
	if (typeof this.setSignatureValidationRequired === 'function')
		this.setSignatureValidationRequired();
	await twilioRequest<IDataObject>(this, {
		method: 'POST',
		product: 'api',
		path: '/Messages.json',
		form,
		action: 'sending the message to wait for a response',
		itemIndex,
		recipient: String(form.To),
	});
	await this.putExecutionToWait(limit.date ?? WAIT_INDEFINITELY);
	return items;
}

/** The template with the resume links in its link buttons' variables, checked against the template itself. */
async function addTemplate(
	context: IExecuteFunctions,
	parameter: Parameter,
	fail: Fail,
	links: Array<{ label: string; url: string }>,
	form: FormFields,
): Promise<void> {
	const contentSid = checkedContentSid(
		text(parameter('contentSid', '', true)),
		'choose a template',
		(reason) => fail('Content Template', reason),
	);
	const template = await readContentTemplate(context, contentSid, 0);
	const assigned = linkButtonVariables(
		linkButtonsOf(template.types as IDataObject | undefined),
		links,
	);
	if (!assigned.ok) throw fail('Content Template', `${contentSid} ${assigned.reason}`);

	const mapped = parameter<{ value?: IDataObject | null }>('contentVariables', {});
	const own = mapped?.value ?? {};
	const taken = Object.keys(assigned.variables).find((name) => text(own[name]) !== '');
	if (taken)
		throw fail(
			'Content Variables',
			`set {{${taken}}}, which the node fills with the response link: leave it empty`,
		);
	const variables = encodeContentVariables(
		templateVariables(template),
		{ ...own, ...assigned.variables },
		false,
	);
	if (!variables.ok) throw fail('Content Variables', variables.reason);
	form.ContentSid = contentSid;
	form.ContentVariables = variables.json;
}
