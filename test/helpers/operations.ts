import type { IDataObject, INodeParameterResourceLocator, INodeParameters } from 'n8n-workflow';
import nock from 'nock';
import { recordedRequests } from '../contract/recorder';
import {
	ACCOUNT_PATH,
	ACCOUNT_SID,
	CONTENT_URL,
	MESSAGING_URL,
	apiKeyCredentials,
	sid,
} from '../fixtures/twilio';
import {
	createHarness,
	loadOptionsContext,
	runNode,
	type Harness,
	type NodeRun,
	type RunNodeOptions,
} from '../harness/workflow';

/** Runs the action node with one resource and operation; credentials default to an API key. */
export async function runOperation(
	resource: string,
	operation: string,
	parameters: INodeParameters,
	options: Partial<Omit<RunNodeOptions, 'parameters'>> = {},
): Promise<NodeRun> {
	return await runNode(createHarness(), {
		credentials: apiKeyCredentials,
		...options,
		parameters: { resource, operation, ...parameters },
	});
}

let panelHarness: Harness | undefined;

/** What n8n hands a list search or a mapper while the panel shows Send (or what `parameters` set); API key credential. */
export function panelContext(parameters: IDataObject) {
	panelHarness ??= createHarness();
	return loadOptionsContext(
		panelHarness,
		{ resource: 'message', operation: 'send', ...parameters } as INodeParameters,
		apiKeyCredentials,
	);
}

export function byId(value: string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'id', value };
}

export function byUrl(value: string): INodeParameterResourceLocator {
	return { __rl: true, mode: 'url', value };
}

/** Keeps every test file from reaching the network: only nock's interceptors answer. */
export function offline(): void {
	beforeAll(() => nock.disableNetConnect());
	afterAll(() => nock.enableNetConnect());
}

/** How many requests reached the (nock) Twilio hosts since the last contract check. */
export function requestCount(): number {
	return recordedRequests().length;
}

export function twilioError(code: number, message: string, status = 400): [number, IDataObject] {
	return [
		status,
		{ code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status },
	];
}

/** A message as Twilio returns it from a fetch or a list. */
export function messageFixture(overrides: IDataObject = {}): IDataObject {
	const messageSid = (overrides.sid as string | undefined) ?? sid('SM');
	return {
		account_sid: ACCOUNT_SID,
		api_version: '2010-04-01',
		body: 'Your order 42 has shipped',
		date_created: 'Mon, 23 Nov 2026 12:00:00 +0000',
		date_sent: 'Mon, 23 Nov 2026 12:00:01 +0000',
		date_updated: 'Mon, 23 Nov 2026 12:00:03 +0000',
		direction: 'outbound-api',
		error_code: null,
		error_message: null,
		from: '+14155550100',
		messaging_service_sid: null,
		num_media: '0',
		num_segments: '1',
		price: '-0.00790',
		price_unit: 'USD',
		sid: messageSid,
		status: 'delivered',
		to: '+14155550199',
		uri: `${ACCOUNT_PATH}/Messages/${messageSid}.json`,
		subresource_uris: { media: `${ACCOUNT_PATH}/Messages/${messageSid}/Media.json` },
		...overrides,
	};
}

/** One page of a 2010 API list, linking to the next page when there is one. */
export function apiPage(
	path: string,
	key: string,
	entries: IDataObject[],
	page: number,
	hasNext: boolean,
): IDataObject {
	const uri = (n: number) =>
		`${ACCOUNT_PATH}${path}?PageSize=${entries.length}&Page=${n}${n ? `&PageToken=PA${n}` : ''}`;
	return {
		[key]: entries,
		page,
		page_size: entries.length,
		start: 0,
		end: entries.length - 1,
		uri: uri(page),
		first_page_uri: uri(0),
		next_page_uri: hasNext ? uri(page + 1) : null,
		previous_page_uri: page ? uri(page - 1) : null,
	};
}

/** One page of a v1 (Content, Messaging) list, linking to the next page when there is one. */
export function v1Page(
	baseUrl: string,
	path: string,
	key: string,
	entries: IDataObject[],
	page: number,
	hasNext: boolean,
): IDataObject {
	const url = (n: number) =>
		`${baseUrl}${path}?PageSize=${entries.length}&Page=${n}${n ? `&PageToken=PT${n}` : ''}`;
	return {
		[key]: entries,
		meta: {
			page,
			page_size: entries.length,
			first_page_url: url(0),
			previous_page_url: page ? url(page - 1) : null,
			url: url(page),
			next_page_url: hasNext ? url(page + 1) : null,
			key,
		},
	};
}

export function contentFixture(overrides: IDataObject = {}): IDataObject {
	const contentSid = (overrides.sid as string | undefined) ?? sid('HX');
	return {
		sid: contentSid,
		account_sid: ACCOUNT_SID,
		friendly_name: 'order_shipped',
		language: 'en',
		variables: { 1: 'Ada', 2: '42' },
		types: { 'twilio/text': { body: 'Hi {{1}}, order {{2}} has shipped.' } },
		url: `${CONTENT_URL}/v1/Content/${contentSid}`,
		date_created: '2026-11-01T10:00:00Z',
		date_updated: '2026-11-02T10:00:00Z',
		links: { approval_fetch: `${CONTENT_URL}/v1/Content/${contentSid}/ApprovalRequests` },
		...overrides,
	};
}

export function whatsappApproval(status: string, overrides: IDataObject = {}): IDataObject {
	return {
		type: 'whatsapp',
		name: 'order_shipped',
		category: 'UTILITY',
		content_type: 'twilio/text',
		status,
		rejection_reason: '',
		allow_category_change: true,
		...overrides,
	};
}

export function phoneNumberFixture(
	phoneNumber: string,
	capabilities: IDataObject,
	overrides: IDataObject = {},
): IDataObject {
	const numberSid = sid('PN');
	return {
		account_sid: ACCOUNT_SID,
		address_requirements: 'none',
		api_version: '2010-04-01',
		beta: false,
		capabilities: { fax: false, mms: false, sms: false, voice: false, ...capabilities },
		date_created: 'Thu, 30 Jul 2026 20:12:31 +0000',
		date_updated: 'Thu, 30 Jul 2026 20:12:33 +0000',
		friendly_name: phoneNumber,
		identity_sid: null,
		phone_number: phoneNumber,
		origin: 'twilio',
		sid: numberSid,
		sms_application_sid: '',
		sms_fallback_method: 'POST',
		sms_fallback_url: '',
		sms_method: 'POST',
		sms_url: 'https://n8n.example.com/webhook/sms',
		status_callback: '',
		status_callback_method: 'POST',
		trunk_sid: null,
		uri: `${ACCOUNT_PATH}/IncomingPhoneNumbers/${numberSid}.json`,
		voice_receive_mode: 'voice',
		voice_application_sid: null,
		voice_caller_id_lookup: false,
		voice_fallback_method: 'POST',
		voice_fallback_url: null,
		voice_method: 'POST',
		voice_url: null,
		emergency_status: 'Inactive',
		emergency_address_sid: null,
		emergency_address_status: 'unregistered',
		bundle_sid: null,
		status: 'in-use',
		type: 'local',
		...overrides,
	};
}

export function serviceFixture(friendlyName: string, serviceSid = sid('MG')): IDataObject {
	return {
		sid: serviceSid,
		account_sid: ACCOUNT_SID,
		friendly_name: friendlyName,
		date_created: '2026-01-10T10:00:00Z',
		date_updated: '2026-01-10T10:00:00Z',
		inbound_request_url: 'https://n8n.example.com/webhook/inbound',
		inbound_method: 'POST',
		fallback_url: null,
		fallback_method: 'POST',
		status_callback: 'https://n8n.example.com/webhook/status',
		sticky_sender: true,
		mms_converter: true,
		smart_encoding: true,
		scan_message_content: 'inherit',
		fallback_to_long_code: false,
		area_code_geomatch: true,
		synchronous_validation: false,
		validity_period: 14400,
		url: `${MESSAGING_URL}/v1/Services/${serviceSid}`,
		links: {},
		usecase: 'notifications',
		us_app_to_person_registered: true,
		use_inbound_webhook_on_number: false,
	};
}
