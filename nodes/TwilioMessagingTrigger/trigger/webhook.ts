import type {
	IDataObject,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { MISSING_AUTH_TOKEN, signingToken } from './authToken';
import { renderAutoReply } from './autoReply';
import { deliveries } from './dedupe';
import { downloadMedia } from './media';
import { classify, normalize, statusOf, type MediaEntry, type TwilioEvent } from './normalize';
import {
	header,
	isTwilioContentType,
	readRequest,
	type ReceivedRequest,
	type WebhookRequest,
} from './incomingRequest';
import { WORKFLOW_ANSWERS, readSettings, type TriggerSettings } from './settings';
import { hasValidSignature } from './signature';
import { emptyTwiml, replyTwiml, writeStatus, writeTwiml, type WebhookResponse } from './twiml';
import { publicWebhookUrl, signedUrl, testWebhookUrl } from './webhookUrl';
import { resolveTemplateField } from '../../shared/templateField';

const ANSWERED: IWebhookResponseData = { noWebhookResponse: true };

/** n8n's response is an express response: it also says how it ended. */
type AnsweringResponse = WebhookResponse & {
	statusCode: number;
	once(event: 'finish', listener: () => void): unknown;
};

async function isFromTwilio(
	context: IWebhookFunctions,
	settings: TriggerSettings,
	request: ReceivedRequest,
): Promise<boolean> {
	const token = await signingToken(context);
	if (token === undefined) {
		context.logger.warn(`${MISSING_AUTH_TOKEN}; the request was refused`);
		return false;
	}
	const productionUrl = context.getNodeWebhookUrl('default') ?? '';
	const n8nUrl =
		context.getMode() === 'manual' ? testWebhookUrl(productionUrl, request.path) : productionUrl;
	const url = signedUrl(publicWebhookUrl(n8nUrl, settings.publicUrlOverride), request.path);
	if (hasValidSignature(token, url, request)) return true;
	context.logger.warn(
		`Refused a request to the Twilio Messaging Trigger: no valid X-Twilio-Signature for ${url}`,
	);
	return false;
}

function isWanted(
	settings: TriggerSettings,
	event: TwilioEvent | undefined,
	status: string | undefined,
): event is TwilioEvent {
	if (event === undefined || !settings.events.includes(event)) return false;
	return (
		event === 'inbound' ||
		settings.statuses.length === 0 ||
		(status !== undefined && settings.statuses.includes(status))
	);
}

/** Status callbacks want only an empty 2xx; inbound messages get TwiML, with the auto-reply if there is one. */
function answerBody(
	context: IWebhookFunctions,
	event: TwilioEvent | undefined,
	settings: TriggerSettings,
	item: IDataObject | undefined,
): string {
	if (event === 'status') return '';
	if (settings.respond !== 'autoReply' || item === undefined) return emptyTwiml();
	const source = resolveTemplateField(
		settings.autoReplyText,
		(expression) => context.evaluateExpression(expression, 0),
		false,
	);
	const reply = renderAutoReply(source, item);
	item.autoReply = reply;
	return reply.text === null ? emptyTwiml() : replyTwiml(reply.text);
}

function answer(res: WebhookResponse, event: TwilioEvent | undefined, body: string): void {
	if (event === 'status') writeStatus(res, 200);
	else writeTwiml(res, body);
}

/** Refuses what Twilio did not sign before anything else is read; returns the request otherwise. */
async function acceptedRequest(
	context: IWebhookFunctions,
	settings: TriggerSettings,
	res: WebhookResponse,
): Promise<ReceivedRequest | undefined> {
	const raw = context.getRequestObject() as WebhookRequest;
	if (settings.verifySignature && !header(raw.headers, 'x-twilio-signature')) {
		context.logger.warn(
			'Refused a request to the Twilio Messaging Trigger: it has no X-Twilio-Signature',
		);
		writeStatus(res, 403);
		return undefined;
	}
	if (!isTwilioContentType(raw.headers)) {
		writeStatus(res, settings.verifySignature ? 403 : 415);
		return undefined;
	}
	let request: ReceivedRequest;
	try {
		request = await readRequest(raw);
	} catch {
		writeStatus(res, settings.verifySignature ? 403 : 400);
		return undefined;
	}
	if (settings.verifySignature && !(await isFromTwilio(context, settings, request))) {
		writeStatus(res, 403);
		return undefined;
	}
	return request;
}

export async function handleWebhook(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const settings = readSettings(context);
	const res = context.getResponseObject() as AnsweringResponse;
	const request = await acceptedRequest(context, settings, res);
	if (request === undefined) return ANSWERED;
	const event = classify(request.params);
	if (!isWanted(settings, event, statusOf(request.params))) {
		answer(res, event, answerBody(context, event, settings, undefined));
		return ANSWERED;
	}
	const item = normalize(event, request.params, request.idempotencyToken);
	const token = request.idempotencyToken;
	const deliveryKey = `${context.getWorkflow().id}:${context.getNode().id}:${token}`;
	if (token !== undefined && deliveries.seenBefore(deliveryKey)) {
		answer(res, event, answerBody(context, event, settings, item));
		return ANSWERED;
	}
	// n8n answers once it has accepted the execution, and with a 5xx when it could not: Twilio then
	// retries, and the retry must not be taken for a repeat of a delivery that started nothing.
	if (token !== undefined)
		res.once('finish', () => res.statusCode >= 500 && deliveries.forget(deliveryKey));
	const output: INodeExecutionData = { json: item };
	const media = item.media as MediaEntry[];
	if (settings.downloadMedia && event === 'inbound' && media.length > 0) {
		const binary = await downloadMedia(context, media, String(item.messageSid));
		if (Object.keys(binary).length > 0) output.binary = binary;
	}
	// n8n answers when the workflow does; activation refuses status events in these modes.
	if (WORKFLOW_ANSWERS.includes(settings.respond)) return { workflowData: [[output]] };
	return { workflowData: [[output]], webhookResponse: answerBody(context, event, settings, item) };
}
