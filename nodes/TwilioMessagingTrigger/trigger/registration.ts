import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
} from 'n8n-workflow';
import { stripFragment } from '../../shared/domain';
import { twilioRequest, type FormFields } from '../../shared/transport';
import type { TwilioEvent } from './normalize';
import { readSettings, registrationTarget, type RegistrationTarget } from './settings';
import { publicWebhookUrl } from './webhookUrl';

type TargetKind = RegistrationTarget['kind'];

/** A webhook setting of a Twilio resource: its URL and, where Twilio has one, its HTTP method. */
interface Slot {
	event: TwilioEvent;
	urlParam: string;
	urlKey: string;
	methodParam?: string;
	methodKey?: string;
}

const SLOTS: Record<TargetKind, Slot[]> = {
	messagingService: [
		{
			event: 'inbound',
			urlParam: 'InboundRequestUrl',
			urlKey: 'inbound_request_url',
			methodParam: 'InboundMethod',
			methodKey: 'inbound_method',
		},
		{ event: 'status', urlParam: 'StatusCallback', urlKey: 'status_callback' },
	],
	// A number's StatusCallback is for calls; message status callbacks come per message or per service.
	phoneNumber: [
		{
			event: 'inbound',
			urlParam: 'SmsUrl',
			urlKey: 'sms_url',
			methodParam: 'SmsMethod',
			methodKey: 'sms_method',
		},
	],
};

/** What a slot held before this node took it over; null where it was empty or is not known. */
interface PreviousValues {
	url: string | null;
	method: string | null;
}

export interface RegistrationRecord {
	kind: TargetKind;
	/** MG… or PN… */
	sid: string;
	/** The service SID or the phone number, as the user chose it. */
	label: string;
	url: string;
	previous: Record<string, PreviousValues>;
}

type Registrations = Partial<Record<'production' | 'test', RegistrationRecord>>;

interface Resource {
	sid: string;
	label: string;
	data: IDataObject;
}

function modeKey(context: IHookFunctions): 'production' | 'test' {
	return context.getMode() === 'manual' ? 'test' : 'production';
}

function registrations(context: IHookFunctions): Registrations {
	return (context.getWorkflowStaticData('node').registrations as Registrations | undefined) ?? {};
}

// Reassigned as a whole: n8n notices changes to static data by assignment and saves them.
function saveRegistrations(context: IHookFunctions, value: Registrations): void {
	context.getWorkflowStaticData('node').registrations = JSON.parse(
		JSON.stringify(value),
	) as IDataObject;
}

function sameUrl(value: unknown, url: string): boolean {
	return typeof value === 'string' && stripFragment(value.trim()) === url;
}

function isPost(value: unknown): boolean {
	return typeof value === 'string' && value.toUpperCase() === 'POST';
}

function textOrNull(value: unknown): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

function labelOf(target: RegistrationTarget): string {
	return target.kind === 'messagingService' ? target.sid : target.phoneNumber;
}

function describeTarget(kind: TargetKind, label: string): string {
	return kind === 'messagingService' ? `Messaging Service ${label}` : `phone number ${label}`;
}

function ownWebhookUrl(context: IHookFunctions): string {
	const url = context.getNodeWebhookUrl('default');
	if (!url)
		throw new NodeOperationError(
			context.getNode(),
			'n8n did not provide a webhook URL for this node',
		);
	return publicWebhookUrl(url, readSettings(context).publicUrlOverride);
}

function wantedSlots(context: IHookFunctions, kind: TargetKind, events: TwilioEvent[]): Slot[] {
	if (events.length === 0)
		throw new NodeOperationError(context.getNode(), 'Choose at least one event');
	const slots = SLOTS[kind].filter((slot) => events.includes(slot.event));
	if (slots.length === 0) {
		throw new NodeOperationError(
			context.getNode(),
			'A phone number has a webhook for inbound messages only',
			{
				description:
					'To receive status updates, register on a Messaging Service, or choose Manual and set this URL as the Status Callback of the messages you send.',
			},
		);
	}
	return slots;
}

/** The service or number, or undefined when the account no longer has it. */
async function findResource(
	context: IHookFunctions,
	kind: TargetKind,
	label: string,
): Promise<Resource | undefined> {
	if (kind === 'messagingService') {
		try {
			const data = await twilioRequest(context, {
				method: 'GET',
				product: 'messaging',
				path: `/v1/Services/${label}`,
				action: `reading Messaging Service ${label}`,
			});
			return { sid: label, label, data };
		} catch (error) {
			if (error instanceof NodeApiError && error.httpCode === '404') return undefined;
			throw error instanceof NodeApiError || error instanceof NodeOperationError
				? error
				: new NodeOperationError(context.getNode(), error as Error);
		}
	}
	const page = await twilioRequest(context, {
		method: 'GET',
		product: 'api',
		path: '/IncomingPhoneNumbers.json',
		qs: { PhoneNumber: label },
		action: `looking up phone number ${label}`,
	});
	const numbers = (page.incoming_phone_numbers as IDataObject[] | undefined) ?? [];
	const data = numbers.find((number) => number.phone_number === label);
	return data && typeof data.sid === 'string' ? { sid: data.sid, label, data } : undefined;
}

async function requireResource(
	context: IHookFunctions,
	kind: TargetKind,
	label: string,
): Promise<Resource> {
	const resource = await findResource(context, kind, label);
	if (!resource) {
		throw new NodeOperationError(
			context.getNode(),
			`The ${describeTarget(kind, label)} is not in this Twilio account`,
			{
				description:
					'Choose it from the list, or check that the credential belongs to the account that owns it.',
			},
		);
	}
	return resource;
}

async function updateResource(
	context: IHookFunctions,
	kind: TargetKind,
	resource: Resource,
	form: FormFields,
	action: string,
): Promise<void> {
	// A blank URL clears Twilio's setting, so restoring an empty previous value must send it.
	const keepEmpty = SLOTS[kind].map((slot) => slot.urlParam);
	await twilioRequest(context, {
		method: 'POST',
		...(kind === 'messagingService'
			? { product: 'messaging' as const, path: `/v1/Services/${resource.sid}` }
			: { product: 'api' as const, path: `/IncomingPhoneNumbers/${resource.sid}.json` }),
		form,
		keepEmpty,
		action: `${action} ${describeTarget(kind, resource.label)}`,
	});
}

function assertReachable(
	context: IHookFunctions,
	kind: TargetKind,
	resource: Resource,
	slots: Slot[],
): void {
	const node = context.getNode();
	const wantsInbound = slots.some((slot) => slot.event === 'inbound');
	if (
		kind === 'messagingService' &&
		wantsInbound &&
		resource.data.use_inbound_webhook_on_number === true
	) {
		throw new NodeOperationError(
			node,
			`Messaging Service ${resource.label} sends inbound messages to each number's own webhook`,
			{
				description:
					'Its integration setting "Defer to sender\'s webhook" is on, so its inbound request URL is not used. Turn it off in the Twilio console, or register on the phone number instead.',
			},
		);
	}
	if (kind === 'phoneNumber' && textOrNull(resource.data.sms_application_sid)) {
		throw new NodeOperationError(
			node,
			`Phone number ${resource.label} sends its messages to TwiML App ${String(resource.data.sms_application_sid)}`,
			{
				description:
					"Twilio ignores the number's own messaging URL while a TwiML App is set. Remove the app from the number in the Twilio console, or register on a Messaging Service.",
			},
		);
	}
}

/** What the settings register: the resource, its settings that should call the node, the node's URL. None for Manual. */
function wantedRegistration(
	context: IHookFunctions,
): { target: RegistrationTarget; slots: Slot[]; url: string } | undefined {
	const settings = readSettings(context);
	const target = registrationTarget(context, settings.registerOn);
	if (!target) return undefined;
	return {
		target,
		slots: wantedSlots(context, target.kind, settings.events),
		url: ownWebhookUrl(context),
	};
}

/** Whether Twilio already calls this node's URL for every chosen event. */
export async function webhookExists(context: IHookFunctions): Promise<boolean> {
	const wanted = wantedRegistration(context);
	if (!wanted) return true;
	const { target, slots, url } = wanted;
	const resource = await requireResource(context, target.kind, labelOf(target));
	return slots.every(
		(slot) =>
			sameUrl(resource.data[slot.urlKey], url) &&
			(!slot.methodKey || isPost(resource.data[slot.methodKey])),
	);
}

/**
 * Points the chosen settings at this node's URL and saves what they held before. Repeating it
 * changes nothing: a setting that already holds the node's URL keeps the previous value saved first.
 */
export async function registerWebhook(context: IHookFunctions): Promise<boolean> {
	const wanted = wantedRegistration(context);
	if (!wanted) return true;
	const { target, slots, url } = wanted;
	const key = modeKey(context);
	const saved = registrations(context);
	let record = saved[key];
	if (record && (record.kind !== target.kind || record.label !== labelOf(target))) {
		await restore(context, record);
		record = undefined;
	}
	const resource = await requireResource(context, target.kind, labelOf(target));
	assertReachable(context, target.kind, resource, slots);
	const isOwn = (value: unknown) =>
		sameUrl(value, url) || (record !== undefined && sameUrl(value, record.url));
	const previous: Record<string, PreviousValues> = { ...record?.previous };
	const form: FormFields = {};
	for (const slot of slots) {
		const urlIsOwn = isOwn(resource.data[slot.urlKey]);
		const methodIsPost = !slot.methodKey || isPost(resource.data[slot.methodKey]);
		if (urlIsOwn && methodIsPost && sameUrl(resource.data[slot.urlKey], url)) {
			previous[slot.urlParam] ??= { url: null, method: null };
			continue;
		}
		const before = previous[slot.urlParam];
		previous[slot.urlParam] = urlIsOwn
			? { url: before?.url ?? null, method: before?.method ?? null }
			: {
					url: textOrNull(resource.data[slot.urlKey]),
					method: slot.methodKey ? textOrNull(resource.data[slot.methodKey]) : null,
				};
		form[slot.urlParam] = url;
		if (slot.methodParam) form[slot.methodParam] = 'POST';
	}
	if (Object.keys(form).length > 0)
		await updateResource(context, target.kind, resource, form, 'pointing the webhook of');
	saveRegistrations(context, {
		...registrations(context),
		[key]: { kind: target.kind, sid: resource.sid, label: resource.label, url, previous },
	});
	return true;
}

/** Puts back what a registration replaced, where Twilio still calls the node's URL. */
async function restore(context: IHookFunctions, record: RegistrationRecord): Promise<void> {
	const resource = await findResource(context, record.kind, record.label);
	if (!resource) {
		context.logger.warn(
			`The ${describeTarget(record.kind, record.label)} is no longer in the account, so there is no webhook to restore`,
		);
		return;
	}
	const form: FormFields = {};
	for (const slot of SLOTS[record.kind]) {
		const previous = record.previous[slot.urlParam];
		if (!previous) continue;
		if (!sameUrl(resource.data[slot.urlKey], record.url)) {
			context.logger.info(
				`${slot.urlParam} of the ${describeTarget(record.kind, record.label)} was changed since the trigger registered, so it is left as it is`,
			);
			continue;
		}
		form[slot.urlParam] = previous.url ?? '';
		if (slot.methodParam && previous.method) form[slot.methodParam] = previous.method;
	}
	if (Object.keys(form).length > 0)
		await updateResource(context, record.kind, resource, form, 'restoring the webhook of');
}

/**
 * Restores the saved values. Without a saved registration (static data lost), settings that still
 * hold the node's URL are cleared: a URL that no longer answers is of no use to Twilio.
 */
export async function unregisterWebhook(context: IHookFunctions): Promise<boolean> {
	const key = modeKey(context);
	const saved = registrations(context);
	const record = saved[key];
	if (record) {
		await restore(context, record);
		const rest = { ...saved };
		delete rest[key];
		saveRegistrations(context, rest);
		return true;
	}
	const settings = readSettings(context);
	const target = registrationTarget(context, settings.registerOn);
	if (!target) return true;
	const url = ownWebhookUrl(context);
	const resource = await findResource(context, target.kind, labelOf(target));
	if (!resource) return true;
	const owned = SLOTS[target.kind].filter((slot) => sameUrl(resource.data[slot.urlKey], url));
	if (owned.length === 0) return true;
	context.logger.warn(
		`No saved webhook settings for the ${describeTarget(target.kind, resource.label)}; clearing the ones that point at this trigger`,
	);
	await updateResource(
		context,
		target.kind,
		resource,
		Object.fromEntries(owned.map((slot) => [slot.urlParam, ''])),
		'clearing the webhook of',
	);
	return true;
}
