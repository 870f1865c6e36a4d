import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	formatRecipient,
	formatSender,
	encodeContentVariables,
	encodeTags,
	isChannel,
	senderTypeFits,
	subscriptionDecision,
	templateTypeFits,
	validateSendAt,
	withConnectionOverrides,
	isSid,
	type Channel,
	type ConnectionOverrides,
	type InlineTemplates,
	type SubscriptionPolicy,
	type TemplateType,
} from '../../../shared/domain';
import type { FormFields } from '../../../shared/transport';
import { fieldError } from '../../helpers/itemErrors';
import { ExecutionParameters } from '../../helpers/parameters';

export const MAX_BODY_LENGTH = 1600;

export interface SendPlan {
	kind: 'send';
	itemIndex: number;
	/** Send Once per Key: a message with this key already sent by this node is not sent again. */
	onceKey?: string;
	channel: Channel;
	recipient: string;
	templateType: TemplateType;
	contentSid?: string;
	form: FormFields;
}

export interface SkipPlan {
	kind: 'skip';
	itemIndex: number;
	to: string;
	reason: string;
}

export interface SendOptions {
	statusCallback?: string;
	callbackConnection?: ConnectionOverrides;
	validityPeriod?: number;
	sendAt?: string;
	shortenUrls?: boolean;
	smartEncoded?: boolean;
	sendAsMms?: boolean;
	persistentAction?: string[];
	riskCheck?: string;
	contentRetention?: string;
	addressRetention?: string;
	attempt?: number;
	tags?: { tag?: Array<{ name: string; value: string }> };
	subscriptionStatus?: unknown;
	unknownSubscriptionPolicy?: SubscriptionPolicy;
	optOutText?: string;
	concurrency?: number;
	maxPerSecond?: number;
	sendOnceBy?: unknown;
	sendOnceHistory?: number;
}

/** Each sender type's parameter and its label in error messages. */
const SENDER_FIELDS: Record<string, [string, string]> = {
	phoneNumber: ['from', 'From'],
	messagingService: ['messagingServiceSid', 'Messaging Service'],
	messengerPage: ['messengerPageId', 'Messenger Page ID'],
	rcsSender: ['rcsSenderId', 'RCS Sender ID'],
};

const OPTIONAL_NUMBER = (value: unknown) => value !== undefined && value !== null && value !== '';

function text(value: unknown): string {
	return value === undefined || value === null ? '' : String(value).trim();
}

/**
 * Reads and checks one item's parameters and turns them into Twilio's form fields. Every rejection
 * names the field and the item; nothing here talks to Twilio.
 */
export function planSend(
	context: IExecuteFunctions,
	itemIndex: number,
	templates: InlineTemplates,
	parameters: ExecutionParameters = new ExecutionParameters(context),
): SendPlan | SkipPlan {
	const parameter = <T>(name: string, fallback: T, extractValue = false): T => parameters.get(name, itemIndex, fallback, extractValue);
	const fail = (field: string, reason: string, description?: string) => fieldError(parameters.node, itemIndex, field, reason, description);
	const options = parameter<SendOptions>('options', {});

	const channel = parameter<string>('channel', 'sms');
	if (!isChannel(channel)) throw fail('Channel', `"${channel}" is not one of sms, mms, whatsapp, messenger, rcs`);
	const rawTo = text(parameter('to', ''));

	if (options.subscriptionStatus !== undefined) {
		const decision = subscriptionDecision(options.subscriptionStatus, options.unknownSubscriptionPolicy ?? 'skip');
		if (!decision.send) return { kind: 'skip', itemIndex, to: rawTo, reason: decision.reason };
	}

	const form: FormFields = {};
	if (!rawTo) throw fail('To', 'is empty');
	const to = formatRecipient(channel, rawTo);
	if (!to.ok) throw fail('To', to.reason);
	form.To = to.value;

	const senderType = parameter<string>('senderType', '');
	if (!senderTypeFits(channel, senderType)) {
		throw fail('Sender Type', `"${senderType}" cannot send on ${channel}`);
	}
	const senderField = SENDER_FIELDS[senderType];
	const rawSender = text(parameter(senderField[0], '', senderType === 'phoneNumber' || senderType === 'messagingService'));
	if (!rawSender) throw fail(senderField[1], 'is empty');
	const sender = formatSender(channel, senderType, rawSender);
	if (!sender.ok) throw fail(senderField[1], sender.reason);
	if (senderType === 'messagingService') form.MessagingServiceSid = sender.value;
	else form.From = sender.value;

	const templateType = parameter<string>('templateType', 'inline');
	if (!templateTypeFits(channel, templateType)) {
		throw fail('Content Template Type', `"${templateType}" cannot be sent on ${channel}`);
	}

	let contentSid: string | undefined;
	if (templateType === 'inline') {
		addInlineContent(context, itemIndex, parameter, channel, templates, form, options, fail);
	} else {
		contentSid = text(parameter('contentSid', '', true));
		if (!contentSid) throw fail('Content Template', 'is empty: choose a template');
		if (!isSid('content', contentSid)) throw fail('Content Template', `"${contentSid}" is not a Content SID (HX followed by 32 hex characters)`);
		form.ContentSid = contentSid;
		const mapped = parameter<{ value?: IDataObject | null }>('contentVariables', {});
		const variables = encodeContentVariables(mapped?.value ?? undefined);
		if (!variables.ok) throw fail('Content Variables', variables.reason);
		form.ContentVariables = variables.json;
	}

	addOptions(form, options, senderType, fail);
	const onceKey = text(options.sendOnceBy) || undefined;
	return { kind: 'send', itemIndex, channel, recipient: to.value, templateType, contentSid, form, onceKey };
}

type Fail = (field: string, reason: string, description?: string) => Error;
type Parameter = <T>(name: string, fallback: T, extractValue?: boolean) => T;

function addInlineContent(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: Parameter,
	channel: Channel,
	templates: InlineTemplates,
	form: FormFields,
	options: SendOptions,
	fail: Fail,
): void {
	const variables: IDataObject = {};
	if (parameter('useItemFields', false)) Object.assign(variables, context.getInputData()[itemIndex]?.json);
	const pairs = parameter<{ variable?: Array<{ name: string; value: unknown }> }>('inlineVariables', {});
	for (const { name, value } of pairs.variable ?? []) {
		if (!text(name)) throw fail('Inline Variables', 'has a variable without a name');
		variables[text(name)] = value as IDataObject[string];
	}

	let body = '';
	const source = String(parameter('body', '') ?? '');
	if (source) {
		const rendered = templates.render(source, variables);
		if (!rendered.ok) throw fail('Message Body', rendered.reason);
		body = rendered.text;
	}

	const mediaUrls: string[] = [];
	const media = channel === 'sms' ? {} : parameter<{ media?: Array<{ url: string }> }>('mediaUrls', {});
	for (const [position, { url }] of (media.media ?? []).entries()) {
		const field = `Media URL ${position + 1}`;
		const rendered = templates.render(text(url), variables);
		if (!rendered.ok) throw fail(field, rendered.reason);
		const value = rendered.text.trim();
		if (!value) continue;
		if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value)) throw fail(field, `"${value}" is not an http(s) URL`);
		mediaUrls.push(value);
	}

	const optOut = text(options.optOutText);
	if (body && optOut && (channel === 'sms' || channel === 'mms') && !body.toLowerCase().includes(optOut.toLowerCase())) {
		body = `${body}\n${optOut}`;
	}
	if (!body && mediaUrls.length === 0) throw fail('Message Body', 'is empty: write a body or add a media URL');
	if (body.length > MAX_BODY_LENGTH) {
		throw fail('Message Body', `is ${body.length} characters long after rendering; Twilio accepts at most ${MAX_BODY_LENGTH}`);
	}
	if (body) form.Body = body;
	if (mediaUrls.length) form.MediaUrl = mediaUrls;
}

function addOptions(form: FormFields, options: SendOptions, senderType: string, fail: Fail): void {
	if (text(options.statusCallback)) {
		const url = text(options.statusCallback);
		if (!/^https?:\/\/\S+$/i.test(url)) throw fail('Status Callback URL', `"${url}" is not an http(s) URL`);
		const withOverrides = withConnectionOverrides(url, options.callbackConnection ?? {});
		if (!withOverrides.ok) throw fail(`Status Callback Connection ${withOverrides.field}`, withOverrides.reason);
		form.StatusCallback = withOverrides.url;
	} else if (options.callbackConnection && Object.keys(options.callbackConnection).length) {
		throw fail('Status Callback Connection', 'needs a Status Callback URL');
	}
	if (OPTIONAL_NUMBER(options.validityPeriod)) {
		const seconds = Number(options.validityPeriod);
		if (!Number.isInteger(seconds) || seconds < 1 || seconds > 36000) throw fail('Validity Period', 'must be a whole number of seconds from 1 to 36000');
		form.ValidityPeriod = seconds;
	}
	if (OPTIONAL_NUMBER(options.attempt)) {
		const attempt = Number(options.attempt);
		if (!Number.isInteger(attempt) || attempt < 1) throw fail('Attempt', 'must be a whole number of at least 1');
		form.Attempt = attempt;
	}
	if (text(options.sendAt)) {
		if (senderType !== 'messagingService') {
			throw fail('Send At', 'needs a Messaging Service as sender: Twilio only schedules messages sent through a Messaging Service (error 35118)');
		}
		const schedule = validateSendAt(options.sendAt);
		if (!schedule.ok) throw fail('Send At', schedule.reason);
		form.SendAt = schedule.sendAt;
		form.ScheduleType = 'fixed';
	}
	if (options.tags?.tag?.length) {
		const tags = encodeTags(options.tags.tag.map(({ name, value }) => ({ key: text(name), value: text(value) })));
		if (!tags.ok) throw fail('Tags', tags.reason);
		form.Tags = tags.json;
	}
	const persistentAction = (options.persistentAction ?? []).map(text).filter(Boolean);
	if (persistentAction.length) form.PersistentAction = persistentAction;
	if (options.shortenUrls) form.ShortenUrls = true;
	if (options.smartEncoded) form.SmartEncoded = true;
	if (options.sendAsMms) form.SendAsMms = true;
	if (options.riskCheck) form.RiskCheck = options.riskCheck;
	if (options.contentRetention) form.ContentRetention = options.contentRetention;
	if (options.addressRetention) form.AddressRetention = options.addressRetention;
}
