import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { MISSING_AUTH_TOKEN, signingToken } from './authToken';
import { renderAutoReply } from './autoReply';
import { deliveries } from './dedupe';
import { downloadMedia } from './media';
import { classify, normalize, statusOf, type MediaEntry, type TwilioEvent } from './normalize';
import { readRequest, type ReceivedRequest, type WebhookRequest } from './request';
import { WORKFLOW_ANSWERS, readSettings, type TriggerSettings } from './settings';
import { hasValidSignature, signedUrl } from './signature';
import { emptyTwiml, replyTwiml, writeStatus, writeTwiml, type WebhookResponse } from './twiml';
import { publicWebhookUrl, testWebhookUrl } from './webhookUrl';
import { resolveTemplateField } from '../../shared/templateField';

const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

async function isFromTwilio(context: IWebhookFunctions, settings: TriggerSettings, request: ReceivedRequest): Promise<boolean> {
	const token = await signingToken(context);
	if (token === undefined) {
		context.logger.warn(`${MISSING_AUTH_TOKEN}; the request was refused`);
		return false;
	}
	const productionUrl = context.getNodeWebhookUrl('default') ?? '';
	const n8nUrl = context.getMode() === 'manual' ? testWebhookUrl(productionUrl, request.path) : productionUrl;
	const url = signedUrl(publicWebhookUrl(n8nUrl, settings.publicUrlOverride), request.path);
	if (hasValidSignature(token, url, request)) return true;
	context.logger.warn(`Refused a request to the Twilio Messaging Trigger: no valid X-Twilio-Signature for ${url}`);
	return false;
}

function isWanted(settings: TriggerSettings, event: TwilioEvent | undefined, status: string | undefined): event is TwilioEvent {
	if (event === undefined || !settings.events.includes(event)) return false;
	return event === 'inbound' || settings.statuses.length === 0 || (status !== undefined && settings.statuses.includes(status));
}

/** Status callbacks want only a 200; inbound messages get TwiML, with the auto-reply if there is one. */
function answer(context: IWebhookFunctions, event: TwilioEvent | undefined, settings: TriggerSettings, item: IDataObject | undefined): void {
	const res = context.getResponseObject() as WebhookResponse;
	if (event === 'status') return writeStatus(res, 200);
	if (settings.respond !== 'autoReply' || item === undefined) return writeTwiml(res, emptyTwiml());
	const source = resolveTemplateField(settings.autoReplyText, (expression) => context.evaluateExpression(expression, 0), false);
	const reply = renderAutoReply(source, item);
	item.autoReply = reply;
	writeTwiml(res, reply.text === null ? emptyTwiml() : replyTwiml(reply.text));
}

export async function handleWebhook(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = readSettings(context);
	const res = context.getResponseObject() as WebhookResponse;
	const request = await readRequest(context.getRequestObject() as WebhookRequest);
	if (settings.verifySignature && !(await isFromTwilio(context, settings, request))) {
		writeStatus(res, 403);
		return ANSWERED;
	}
	const event = classify(request.params);
	if (!isWanted(settings, event, statusOf(request.params))) {
		answer(context, event, settings, undefined);
		return ANSWERED;
	}
	const item = normalize(event, request.params, request.idempotencyToken);
	const token = request.idempotencyToken;
	const duplicate = token !== undefined && deliveries.seenBefore(`${context.getWorkflow().id}:${context.getNode().id}:${token}`);
	const workflowAnswers = event === 'inbound' && WORKFLOW_ANSWERS.includes(settings.respond) && !duplicate;
	if (!workflowAnswers) answer(context, event, settings, item);
	if (duplicate) return ANSWERED;
	const output: INodeExecutionData = { json: item };
	const media = item.media as MediaEntry[];
	if (settings.downloadMedia && event === 'inbound' && media.length > 0) {
		const binary = await downloadMedia(context, media, String(item.messageSid));
		if (Object.keys(binary).length > 0) output.binary = binary;
	}
	return workflowAnswers ? { workflowData: [[output]] } : { workflowData: [[output]], noWebhookResponse: true };
}
