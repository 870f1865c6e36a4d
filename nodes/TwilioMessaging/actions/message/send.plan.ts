import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import {
	encodeContentVariables,
	encodeTags,
	subscriptionDecision,
	templateTypeFits,
	validateSendAt,
	withConnectionOverrides,
	type Channel,
	type ConnectionOverrides,
	type InlineTemplates,
	type SubscriptionPolicy,
	type TemplateType,
} from '../../../shared/domain';
import type { FormFields } from '../../../shared/transport';
import { checkedContentSid } from '../../helpers/contentTemplate';
import { fieldError } from '../../helpers/fieldError';
import { ExecutionParameters } from '../../helpers/parameters';
import { addAddresses, readChannel, text, type Fail, type Parameter } from './address.form';
import { resolveTemplateField } from '../../../shared/templateField';

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
	/** The values for the template's variables; encoded once the template's variables are known. */
	contentVariables?: ContentVariableValues;
	form: FormFields;
}

export interface ContentVariableValues {
	values: IDataObject;
	/** Map Automatically: the values are the item's fields, read by the variables' names. */
	autoMap: boolean;
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
	allowEmptyValues?: boolean;
}

interface NumberRule {
	label: string;
	min: number;
	max?: number;
	whole?: boolean;
}

const NUMBER_OPTIONS = {
	validityPeriod: { label: 'Validity Period', min: 1, max: 36000, whole: true },
	attempt: { label: 'Attempt', min: 1, whole: true },
	concurrency: { label: 'Concurrency', min: 1, max: 100, whole: true },
	maxPerSecond: { label: 'Max Messages per Second', min: 0 },
	sendOnceHistory: { label: 'Send-Once History Size', min: 1, whole: true },
} satisfies Record<string, NumberRule>;

/**
 * A numeric option as the user set it, or undefined when it is not set. A value out of range (from
 * an expression or imported JSON, which the editor's limits do not check) is refused, never
 * replaced by the default or clamped.
 */
export function numberOption(
	options: SendOptions,
	name: keyof typeof NUMBER_OPTIONS,
	fail: Fail,
): number | undefined {
	if (!Object.hasOwn(options, name)) return undefined;
	const value: unknown = options[name];
	const rule: NumberRule = NUMBER_OPTIONS[name];
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && value.trim() !== ''
				? Number(value)
				: Number.NaN;
	const inRange =
		Number.isFinite(number) && number >= rule.min && (rule.max === undefined || number <= rule.max);
	if (!inRange || (rule.whole && !Number.isInteger(number))) {
		const kind = rule.whole ? 'a whole number' : 'a number';
		const range =
			rule.max === undefined ? `of at least ${rule.min}` : `from ${rule.min} to ${rule.max}`;
		throw fail(rule.label, `must be ${kind} ${range}, not ${JSON.stringify(value)}`);
	}
	return number;
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
	const parameter = <T>(name: string, fallback: T, extractValue = false): T =>
		parameters.get(name, itemIndex, fallback, extractValue);
	const fail = (field: string, reason: string, description?: string) =>
		fieldError(parameters.node, itemIndex, field, reason, description);
	const options = parameter<SendOptions>('options', {});

	const channel = readChannel(parameter, fail);
	const rawTo = text(parameter('to', ''));

	if (options.subscriptionStatus !== undefined) {
		const decision = subscriptionDecision(
			options.subscriptionStatus,
			options.unknownSubscriptionPolicy ?? 'skip',
		);
		if (!decision.send) return { kind: 'skip', itemIndex, to: rawTo, reason: decision.reason };
	}

	const form: FormFields = {};
	const { recipient, senderType } = addAddresses(parameter, fail, channel, rawTo, form);

	const templateType = parameter<string>('templateType', 'inline');
	if (!templateTypeFits(channel, templateType)) {
		throw fail('Content Template Type', `"${templateType}" cannot be sent on ${channel}`);
	}

	let contentSid: string | undefined;
	let contentVariables: ContentVariableValues | undefined;
	if (templateType === 'inline') {
		addInlineContent(
			context,
			itemIndex,
			parameter,
			parameters,
			channel,
			templates,
			form,
			options,
			fail,
		);
	} else {
		contentSid = checkedContentSid(
			text(parameter('contentSid', '', true)),
			'choose a template',
			(reason) => fail('Content Template', reason),
		);
		form.ContentSid = contentSid;
		const mapped = parameter<{ mappingMode?: string; value?: IDataObject | null }>(
			'contentVariables',
			{},
		);
		contentVariables =
			mapped?.mappingMode === 'autoMapInputData'
				? { values: context.getInputData()[itemIndex]?.json ?? {}, autoMap: true }
				: { values: mapped?.value ?? {}, autoMap: false };
		// Values that can never be text are refused now, before the template is even read.
		const shapes = encodeContentVariables([], contentVariables.values, true);
		if (!contentVariables.autoMap && !shapes.ok) throw fail('Content Variables', shapes.reason);
	}

	addOptions(form, options, channel, senderType, fail);
	const onceKey = text(options.sendOnceBy) || undefined;
	return {
		kind: 'send',
		itemIndex,
		channel,
		recipient,
		templateType,
		contentSid,
		contentVariables,
		form,
		onceKey,
	};
}

/** Twilio accepts at most this many media URLs on one message. */
const MAX_MEDIA_URLS = 10;

const isEmptyValue = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** The stored URL of each media row (n8n keeps the rows themselves as a list, never as one expression). */
function mediaRows(parameters: ExecutionParameters, fail: Fail): unknown[] {
	const rows = parameters.stored<{ media?: Array<{ url?: unknown }> }>('mediaUrls', {}).media ?? [];
	if (rows.length > MAX_MEDIA_URLS)
		throw fail(
			'Media URLs',
			`has ${rows.length} URLs; Twilio accepts at most ${MAX_MEDIA_URLS} on one message`,
		);
	return rows.map((row) => row.url);
}

function addInlineContent(
	context: IExecuteFunctions,
	itemIndex: number,
	parameter: Parameter,
	parameters: ExecutionParameters,
	channel: Channel,
	templates: InlineTemplates,
	form: FormFields,
	options: SendOptions,
	fail: Fail,
): void {
	const allowEmpty = options.allowEmptyValues === true;
	// No prototype: a variable may be called `__proto__` or `constructor` like any other.
	const variables: IDataObject = Object.create(null);
	if (parameter('useItemFields', false))
		Object.assign(variables, context.getInputData()[itemIndex]?.json);
	const pairs = parameter<{ variable?: Array<{ name: string; value: unknown }> }>(
		'inlineVariables',
		{},
	);
	for (const { name, value } of pairs.variable ?? []) {
		if (!text(name)) throw fail('Inline Variables', 'has a variable without a name');
		variables[text(name)] = value as IDataObject[string];
	}

	const render = (field: string, stored: unknown): string => {
		const source = resolveTemplateField(
			parameters.templateField(stored),
			(expression) => context.evaluateExpression(expression, itemIndex),
			allowEmpty,
		);
		if (!source.ok) throw fail(field, source.reason);
		const rendered = templates.render(source.text, variables);
		if (!rendered.ok) throw fail(field, rendered.reason);
		const empty = allowEmpty
			? undefined
			: [...templates.outputVariables(source.text)].find((name) => isEmptyValue(variables[name]));
		if (empty !== undefined) {
			throw fail(
				field,
				`uses the variable "${empty}", which is empty for this item (turn on the option Allow Empty Values to send it empty)`,
			);
		}
		return rendered.text;
	};

	let body = render('Message Body', parameters.stored('body', ''));

	const mediaUrls: string[] = [];
	const rows = channel === 'sms' ? [] : mediaRows(parameters, fail);
	for (const [position, url] of rows.entries()) {
		const field = `Media URL ${position + 1}`;
		const value = render(field, url).trim();
		if (!value && allowEmpty) continue;
		if (!value)
			throw fail(
				field,
				'is empty for this item: remove the row, give it a URL, or turn on the option Allow Empty Values to skip it',
			);
		if (!/^https?:\/\/[^\s/$.?#][^\s]*$/i.test(value))
			throw fail(field, `"${value}" is not an http(s) URL`);
		mediaUrls.push(value);
	}

	const optOut = text(options.optOutText);
	if (
		body &&
		optOut &&
		(channel === 'sms' || channel === 'mms') &&
		!body.toLowerCase().includes(optOut.toLowerCase())
	) {
		body = `${body}\n${optOut}`;
	}
	if (!body && mediaUrls.length === 0)
		throw fail('Message Body', 'is empty: write a body or add a media URL');
	if (body.length > MAX_BODY_LENGTH) {
		throw fail(
			'Message Body',
			`is ${body.length} characters long after rendering; Twilio accepts at most ${MAX_BODY_LENGTH}`,
		);
	}
	if (body) form.Body = body;
	if (mediaUrls.length) form.MediaUrl = mediaUrls;
}

function addOptions(
	form: FormFields,
	options: SendOptions,
	channel: Channel,
	senderType: string,
	fail: Fail,
): void {
	if (text(options.statusCallback)) {
		const url = text(options.statusCallback);
		if (!/^https?:\/\/\S+$/i.test(url))
			throw fail('Status Callback URL', `"${url}" is not an http(s) URL`);
		const withOverrides = withConnectionOverrides(url, options.callbackConnection ?? {});
		if (!withOverrides.ok)
			throw fail(`Status Callback Connection ${withOverrides.field}`, withOverrides.reason);
		form.StatusCallback = withOverrides.url;
	} else if (options.callbackConnection && Object.keys(options.callbackConnection).length) {
		throw fail('Status Callback Connection', 'needs a Status Callback URL');
	}
	form.ValidityPeriod = numberOption(options, 'validityPeriod', fail);
	form.Attempt = numberOption(options, 'attempt', fail);
	if (text(options.sendAt)) {
		if (senderType !== 'messagingService') {
			throw fail(
				'Send At',
				'needs a Messaging Service as sender: Twilio only schedules messages sent through a Messaging Service (error 35118)',
			);
		}
		const schedule = validateSendAt(options.sendAt);
		if (!schedule.ok) throw fail('Send At', schedule.reason);
		form.SendAt = schedule.sendAt;
		form.ScheduleType = 'fixed';
	}
	if (options.tags?.tag?.length) {
		const tags = encodeTags(
			options.tags.tag.map(({ name, value }) => ({ key: text(name), value: text(value) })),
		);
		if (!tags.ok) throw fail('Tags', tags.reason);
		form.Tags = tags.json;
	}
	const persistentAction = (options.persistentAction ?? []).map(text).filter(Boolean);
	if (persistentAction.length && channel !== 'whatsapp') {
		throw fail(
			'Persistent Action',
			'is only sent on WhatsApp: remove it or choose the WhatsApp channel',
		);
	}
	if (persistentAction.length) form.PersistentAction = persistentAction;
	if (options.shortenUrls) form.ShortenUrls = true;
	if (options.smartEncoded) form.SmartEncoded = true;
	if (options.sendAsMms) form.SendAsMms = true;
	if (options.riskCheck) form.RiskCheck = options.riskCheck;
	if (options.contentRetention) form.ContentRetention = options.contentRetention;
	if (options.addressRetention) form.AddressRetention = options.addressRetention;
}
