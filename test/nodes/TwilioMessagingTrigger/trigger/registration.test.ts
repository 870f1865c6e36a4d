import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import { MISSING_AUTH_TOKEN } from '../../../../nodes/TwilioMessagingTrigger/trigger/authToken';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../contract/recorder';
import {
	ACCOUNT_PATH,
	ACCOUNT_SID,
	BASE_URL,
	FROM,
	MESSAGING_URL,
	SERVICE_SID,
	apiKeyCredentials,
} from '../../../fixtures/twilio';
import { signedTrigger, nodeLogs } from '../../../harness/webhook';

const PHONE_SID = 'PN0123456789abcdef0123456789abcdef';
const LEGACY_URL = 'https://legacy.example.com/sms';

interface Fake {
	state: IDataObject;
	updates: URLSearchParams[];
}

/** A Messaging Service that remembers updates, as Twilio does; a blank URL clears the setting. */
function fakeService(initial: IDataObject = {}): Fake {
	const fake: Fake = {
		state: {
			sid: SERVICE_SID,
			account_sid: ACCOUNT_SID,
			friendly_name: 'Order notifications',
			inbound_request_url: LEGACY_URL,
			inbound_method: 'GET',
			status_callback: null,
			use_inbound_webhook_on_number: false,
			...initial,
		},
		updates: [],
	};
	const fields: Record<string, string> = {
		InboundRequestUrl: 'inbound_request_url',
		InboundMethod: 'inbound_method',
		StatusCallback: 'status_callback',
	};
	twilioNock(MESSAGING_URL)
		.persist()
		.get(`/v1/Services/${SERVICE_SID}`)
		.reply(() => [200, fake.state])
		.post(`/v1/Services/${SERVICE_SID}`)
		.reply((_uri, body) => {
			const form = new URLSearchParams(body as string);
			fake.updates.push(form);
			for (const [param, value] of form)
				if (fields[param]) fake.state[fields[param]] = value === '' ? null : value;
			return [200, fake.state];
		});
	return fake;
}

/** An incoming phone number, found by the PhoneNumber filter and updated by its SID. */
function fakeNumber(initial: IDataObject = {}): Fake {
	const fake: Fake = {
		state: {
			sid: PHONE_SID,
			account_sid: ACCOUNT_SID,
			phone_number: FROM,
			friendly_name: '(415) 555-0100',
			sms_url: LEGACY_URL,
			sms_method: 'POST',
			sms_application_sid: '',
			capabilities: { sms: true, mms: true, voice: true },
			...initial,
		},
		updates: [],
	};
	twilioNock(BASE_URL)
		.persist()
		.get(`${ACCOUNT_PATH}/IncomingPhoneNumbers.json`)
		.query({ PhoneNumber: FROM })
		.reply(() => [
			200,
			{ incoming_phone_numbers: [fake.state], next_page_uri: null, page: 0, page_size: 50 },
		])
		.post(`${ACCOUNT_PATH}/IncomingPhoneNumbers/${PHONE_SID}.json`)
		.reply((_uri, body) => {
			const form = new URLSearchParams(body as string);
			fake.updates.push(form);
			if (form.has('SmsUrl'))
				fake.state.sms_url = form.get('SmsUrl') === '' ? null : form.get('SmsUrl');
			if (form.has('SmsMethod')) fake.state.sms_method = form.get('SmsMethod');
			return [200, fake.state];
		});
	return fake;
}

const onService: INodeParameters = {
	registerOn: 'messagingService',
	messagingService: { __rl: true, mode: 'list', value: SERVICE_SID },
};
const onNumber: INodeParameters = {
	registerOn: 'phoneNumber',
	events: ['inbound'],
	phoneNumber: { __rl: true, mode: 'list', value: FROM },
};

const trigger = signedTrigger;

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
beforeEach(() => {
	nodeLogs.length = 0;
});
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

describe('registration on a Messaging Service', () => {
	it('create → checkExists → delete points the service at the node and restores exactly what was there', async () => {
		const service = fakeService();
		const original = { ...service.state };
		const node = trigger(onService);
		const url = node.url();

		expect(await node.checkExists()).toBe(false);
		expect(await node.create()).toBe(true);
		expect(service.updates.map((form) => Object.fromEntries(form))).toEqual([
			{ InboundRequestUrl: url, InboundMethod: 'POST', StatusCallback: url },
		]);
		expect(service.state).toMatchObject({
			inbound_request_url: url,
			inbound_method: 'POST',
			status_callback: url,
		});
		expect(await node.checkExists()).toBe(true);

		expect(await node.delete()).toBe(true);
		expect(Object.fromEntries(service.updates[1])).toEqual({
			InboundRequestUrl: LEGACY_URL,
			InboundMethod: 'GET',
			StatusCallback: '',
		});
		expect(service.state).toEqual(original);
		expect(node.staticData.registrations).toEqual({});
	});

	it('registers once however often it is activated (re-activation, restarts)', async () => {
		const service = fakeService();
		const node = trigger(onService);
		await node.activate();
		await node.activate();
		await node.create();
		expect(service.updates).toHaveLength(1);

		// A restart: a new process with the workflow's saved static data.
		const restarted = trigger(onService, {
			staticData: JSON.parse(JSON.stringify(node.workflow.staticData)) as IDataObject,
		});
		await restarted.activate();
		await restarted.create();
		expect(service.updates).toHaveLength(1);
		await restarted.delete();
		expect(service.state).toMatchObject({
			inbound_request_url: LEGACY_URL,
			inbound_method: 'GET',
			status_callback: null,
		});
	});

	it('a second main process does not stack a registration, and the first one still restores', async () => {
		const service = fakeService();
		const first = trigger(onService);
		const second = trigger(onService);
		await first.activate();
		await second.create();
		expect(service.updates).toHaveLength(1);
		await first.delete();
		await second.delete();
		expect(service.state).toMatchObject({
			inbound_request_url: LEGACY_URL,
			inbound_method: 'GET',
			status_callback: null,
		});
		expect(service.updates).toHaveLength(2);
	});

	it('recognises its own URL when someone added connection overrides to it in the console', async () => {
		const node = trigger(onService);
		fakeService({
			inbound_request_url: `${node.url()}#rc=3&rp=all`,
			inbound_method: 'POST',
			status_callback: `${node.url()}#ct=2000`,
		});
		expect(await node.checkExists()).toBe(true);
	});

	it('does not count a URL with another method, another path or only part of the settings as its own', async () => {
		const node = trigger(onService);
		fakeService({
			inbound_request_url: node.url(),
			inbound_method: 'GET',
			status_callback: node.url(),
		});
		expect(await node.checkExists()).toBe(false);
		nock.cleanAll();
		fakeService({
			inbound_request_url: `${node.url()}/x`,
			inbound_method: 'POST',
			status_callback: node.url(),
		});
		expect(await node.checkExists()).toBe(false);
		nock.cleanAll();
		fakeService({ inbound_request_url: node.url(), inbound_method: 'POST', status_callback: null });
		expect(await node.checkExists()).toBe(false);
	});

	it('with only inbound messages chosen, leaves the status callback alone', async () => {
		const service = fakeService({ status_callback: 'https://crm.example.com/status' });
		const node = trigger({ ...onService, events: ['inbound'] });
		await node.activate();
		expect(Object.fromEntries(service.updates[0])).toEqual({
			InboundRequestUrl: node.url(),
			InboundMethod: 'POST',
		});
		await node.delete();
		expect(service.state).toMatchObject({
			inbound_request_url: LEGACY_URL,
			inbound_method: 'GET',
			status_callback: 'https://crm.example.com/status',
		});
	});

	it('adding the status event later takes over the status callback and keeps the first saved values', async () => {
		const service = fakeService({ status_callback: 'https://crm.example.com/status' });
		const staticData: IDataObject = {};
		await trigger({ ...onService, events: ['inbound'] }, { staticData }).activate();
		const widened = trigger(onService, { staticData });
		await widened.activate();
		expect(Object.fromEntries(service.updates[1])).toEqual({ StatusCallback: widened.url() });
		await widened.delete();
		expect(service.state).toMatchObject({
			inbound_request_url: LEGACY_URL,
			inbound_method: 'GET',
			status_callback: 'https://crm.example.com/status',
		});
	});

	it('a manual test run registers the /webhook-test/ URL on top and gives the production URL back', async () => {
		const service = fakeService();
		const node = trigger(onService);
		await node.activate('production');
		await node.activate('test');
		expect(service.state.inbound_request_url).toBe(node.url('test'));
		await node.delete('test');
		expect(service.state).toMatchObject({
			inbound_request_url: node.url('production'),
			inbound_method: 'POST',
			status_callback: node.url('production'),
		});
		await node.delete('production');
		expect(service.state).toMatchObject({
			inbound_request_url: LEGACY_URL,
			inbound_method: 'GET',
			status_callback: null,
		});
	});

	it('leaves a setting someone changed since the registration as it is', async () => {
		const service = fakeService();
		const node = trigger(onService);
		await node.activate();
		service.state.inbound_request_url = 'https://new-backend.example.com/sms';
		await node.delete();
		expect(Object.fromEntries(service.updates[1])).toEqual({ StatusCallback: '' });
		expect(service.state.inbound_request_url).toBe('https://new-backend.example.com/sms');
		expect(
			nodeLogs.some(
				(log) => log.message.includes('InboundRequestUrl') && log.message.includes('left as it is'),
			),
		).toBe(true);
	});

	it('without saved values, delete clears the settings that still point at the node', async () => {
		const node = trigger(onService);
		const service = fakeService({
			inbound_request_url: node.url(),
			inbound_method: 'POST',
			status_callback: 'https://crm.example.com/status',
		});
		await node.delete();
		expect(service.updates.map((form) => Object.fromEntries(form))).toEqual([
			{ InboundRequestUrl: '' },
		]);
		expect(service.state.status_callback).toBe('https://crm.example.com/status');
	});

	it('registers the public URL when a Public URL Override is set', async () => {
		const service = fakeService();
		const node = trigger(
			{ ...onService, options: { publicUrlOverride: 'https://hooks.acme.example/n8n' } },
			{ webhookBaseUrl: 'http://127.0.0.1:5678/webhook' },
		);
		await node.activate();
		expect(service.state.inbound_request_url).toBe(
			`https://hooks.acme.example/n8n${new URL(node.url()).pathname}`,
		);
		expect(await node.checkExists()).toBe(true);
	});

	it('refuses a service that hands inbound messages to its numbers, without changing it', async () => {
		const service = fakeService({ use_inbound_webhook_on_number: true });
		await expect(trigger(onService).activate()).rejects.toThrow(
			/sends inbound messages to each number's own webhook/,
		);
		expect(service.updates).toHaveLength(0);
	});

	it('names a service that is not in the account', async () => {
		twilioNock(MESSAGING_URL)
			.get(`/v1/Services/${SERVICE_SID}`)
			.reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
		await expect(trigger(onService).checkExists()).rejects.toThrow(
			`The Messaging Service ${SERVICE_SID} is not in this Twilio account`,
		);
	});

	it('without any event chosen there is nothing to register', async () => {
		await expect(trigger({ ...onService, events: [] }).checkExists()).rejects.toThrow(
			'Choose at least one event',
		);
	});

	it('refuses an SID that is not a Messaging Service SID before calling Twilio', async () => {
		await expect(
			trigger({
				...onService,
				messagingService: { __rl: true, mode: 'id', value: 'MG123' },
			}).checkExists(),
		).rejects.toThrow(/not a Messaging Service SID/);
	});

	it('a failed update fails the activation and saves nothing to restore', async () => {
		const service = fakeService();
		nock.cleanAll();
		twilioNock(MESSAGING_URL).get(`/v1/Services/${SERVICE_SID}`).reply(200, service.state);
		twilioNock(MESSAGING_URL)
			.post(`/v1/Services/${SERVICE_SID}`)
			.reply(400, { code: 21606, message: 'Invalid', status: 400 });
		const node = trigger(onService);
		await expect(node.create()).rejects.toThrow();
		expect(node.staticData.registrations).toBeUndefined();
	});

	it('a failed restore is reported, not swallowed, and can be retried', async () => {
		const service = fakeService();
		const node = trigger(onService);
		await node.activate();
		nock.cleanAll();
		twilioNock(MESSAGING_URL).get(`/v1/Services/${SERVICE_SID}`).reply(200, service.state);
		twilioNock(MESSAGING_URL)
			.post(`/v1/Services/${SERVICE_SID}`)
			.reply(500, { code: 20500, message: 'Internal Server Error', status: 500 });
		await expect(node.delete()).rejects.toThrow();
		nock.cleanAll();
		const again = fakeService(service.state);
		await node.delete();
		expect(again.state).toMatchObject({
			inbound_request_url: LEGACY_URL,
			inbound_method: 'GET',
			status_callback: null,
		});
	});

	it('a service deleted in the meantime: delete succeeds, says so, and forgets the registration', async () => {
		fakeService();
		const node = trigger(onService);
		await node.activate();
		nock.cleanAll();
		twilioNock(MESSAGING_URL)
			.get(`/v1/Services/${SERVICE_SID}`)
			.reply(404, { code: 20404, message: 'Not found', status: 404 });
		expect(await node.delete()).toBe(true);
		expect(node.staticData.registrations).toEqual({});
		expect(
			nodeLogs.some(
				(log) => log.level === 'warn' && log.message.includes('no longer in the account'),
			),
		).toBe(true);
	});
});

describe('registration on a phone number', () => {
	it('create → checkExists → delete sets SmsUrl and SmsMethod and restores them', async () => {
		const number = fakeNumber({ sms_method: 'GET' });
		const node = trigger(onNumber);
		expect(await node.checkExists()).toBe(false);
		await node.create();
		expect(Object.fromEntries(number.updates[0])).toEqual({
			SmsUrl: node.url(),
			SmsMethod: 'POST',
		});
		expect(await node.checkExists()).toBe(true);
		await node.create();
		expect(number.updates).toHaveLength(1);
		await node.delete();
		expect(Object.fromEntries(number.updates[1])).toEqual({ SmsUrl: LEGACY_URL, SmsMethod: 'GET' });
		expect(number.state).toMatchObject({ sms_url: LEGACY_URL, sms_method: 'GET' });
	});

	it('restores an empty SmsUrl by clearing it', async () => {
		const number = fakeNumber({ sms_url: '' });
		const node = trigger(onNumber);
		await node.activate();
		await node.delete();
		expect(Object.fromEntries(number.updates[1])).toEqual({ SmsUrl: '', SmsMethod: 'POST' });
		expect(number.state.sms_url).toBeNull();
	});

	it('refuses a number whose messages go to a TwiML App', async () => {
		const number = fakeNumber({ sms_application_sid: 'AP0123456789abcdef0123456789abcdef' });
		await expect(trigger(onNumber).activate()).rejects.toThrow(
			/TwiML App AP0123456789abcdef0123456789abcdef/,
		);
		expect(number.updates).toHaveLength(0);
	});

	it('names a number that is not in the account', async () => {
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/IncomingPhoneNumbers.json`)
			.query(true)
			.reply(200, { incoming_phone_numbers: [], next_page_uri: null });
		await expect(trigger(onNumber).checkExists()).rejects.toThrow(
			`The phone number ${FROM} is not in this Twilio account`,
		);
	});

	it('cannot take status updates: choosing only those fails activation with the alternatives', async () => {
		await expect(trigger({ ...onNumber, events: ['status'] }).checkExists()).rejects.toThrow(
			'A phone number has a webhook for inbound messages only',
		);
	});

	it('takes a typed number with spaces as E.164', async () => {
		const number = fakeNumber();
		await trigger({
			...onNumber,
			phoneNumber: { __rl: true, mode: 'id', value: '+1 415 555 0100' },
		}).activate();
		expect(number.updates).toHaveLength(1);
	});
});

describe('activation refuses status updates in the modes where the workflow answers', () => {
	it.each(['lastNode', 'responseNode'])(
		'%s with status events: checkExists and create refuse and call nothing',
		async (respond) => {
			for (const events of [['status'], ['inbound', 'status']]) {
				const node = trigger({ ...onService, events, respond });
				await expect(node.checkExists()).rejects.toThrow(
					'Status updates cannot wait for the workflow to answer',
				);
				await expect(node.create()).rejects.toThrow(
					'Status updates cannot wait for the workflow to answer',
				);
			}
		},
	);

	it.each(['lastNode', 'responseNode'])(
		'%s with inbound messages only activates',
		async (respond) => {
			const node = trigger({ registerOn: 'manual', events: ['inbound'], respond });
			expect(await node.checkExists()).toBe(true);
		},
	);
});

describe('activation needs a way to verify signatures', () => {
	it('without an Auth Token, checkExists and create refuse with a clear message and call nothing', async () => {
		for (const parameters of [onService, { registerOn: 'manual' }]) {
			const node = trigger(parameters, { credentials: apiKeyCredentials });
			await expect(node.checkExists()).rejects.toThrow(MISSING_AUTH_TOKEN);
			await expect(node.create()).rejects.toThrow(MISSING_AUTH_TOKEN);
		}
	});

	it('with Verify Signature off, activates without an Auth Token', async () => {
		const node = trigger(
			{ registerOn: 'manual', verifySignature: false },
			{ credentials: apiKeyCredentials },
		);
		expect(await node.checkExists()).toBe(true);
	});

	it('delete works without an Auth Token, so a registration can always be undone', async () => {
		const service = fakeService();
		const staticData: IDataObject = {};
		await trigger(onService, { staticData }).activate();
		await trigger(onService, { staticData, credentials: { ...apiKeyCredentials } }).delete();
		expect(service.state.inbound_request_url).toBe(LEGACY_URL);
	});

	it('Manual registration calls Twilio for nothing', async () => {
		const node = trigger({ registerOn: 'manual' });
		expect(await node.checkExists()).toBe(true);
		expect(await node.create()).toBe(true);
		expect(await node.delete()).toBe(true);
	});

	it('a Public URL Override that is not a base URL fails activation', async () => {
		await expect(
			trigger({
				registerOn: 'manual',
				options: { publicUrlOverride: 'hooks.acme.example' },
			}).checkExists(),
		).rejects.toThrow(/Public URL Override/);
		await expect(
			trigger({
				registerOn: 'manual',
				options: { publicUrlOverride: 'https://hooks.acme.example/?a=1' },
			}).checkExists(),
		).rejects.toThrow(/without query/);
	});
});
