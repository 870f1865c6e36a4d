import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import {
	expectAllRequestsMatchTwilioSpec,
	recordedRequests,
	twilioNock,
} from '../../../../contract/recorder';
import { ACCOUNT_SID, MESSAGING_URL, sid } from '../../../../fixtures/twilio';
import {
	offline,
	requestCount,
	runOperation,
	serviceFixture,
	twilioError,
	v1Page,
} from '../../../../helpers/operations';

offline();
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

/** Answers a v1 list with the given pages, each linking to the next. */
function pages(path: string, key: string, entries: IDataObject[][]): nock.Scope {
	const scope = twilioNock(MESSAGING_URL);
	entries.forEach((page, index) => {
		scope
			.get(path)
			.query((qs) => Number(qs.Page ?? 0) === index)
			.reply(200, v1Page(MESSAGING_URL, path, key, page, index, index < entries.length - 1));
	});
	return scope;
}

function serviceNumber(serviceSid: string, phoneNumber: string): IDataObject {
	const numberSid = sid('PN');
	return {
		sid: numberSid,
		account_sid: ACCOUNT_SID,
		service_sid: serviceSid,
		date_created: '2026-01-10T10:00:00Z',
		date_updated: '2026-01-10T10:00:00Z',
		phone_number: phoneNumber,
		country_code: 'US',
		capabilities: ['SMS', 'MMS'],
		url: `${MESSAGING_URL}/v1/Services/${serviceSid}/PhoneNumbers/${numberSid}`,
	};
}

function channelSender(serviceSid: string, sender: string, senderType: string): IDataObject {
	const senderSid = sid('XE');
	return {
		account_sid: ACCOUNT_SID,
		messaging_service_sid: serviceSid,
		sid: senderSid,
		sender,
		sender_type: senderType,
		country_code: 'US',
		date_created: '2026-01-10T10:00:00Z',
		date_updated: '2026-01-10T10:00:00Z',
		url: `${MESSAGING_URL}/v1/Services/${serviceSid}/ChannelSenders/${senderSid}`,
	};
}

/** A service with its number and channel sender lists. */
function withSenders(
	service: IDataObject,
	numbers: IDataObject[][],
	senders: IDataObject[][],
): void {
	pages(`/v1/Services/${service.sid as string}/PhoneNumbers`, 'phone_numbers', numbers);
	pages(`/v1/Services/${service.sid as string}/ChannelSenders`, 'senders', senders);
}

const getMany = async (parameters: INodeParameters, options = {}) =>
	await runOperation('account', 'getManyMessagingServices', parameters, options);

describe('Account > Get Many Messaging Services', () => {
	it('follows every page of services and of their senders', async () => {
		const alerts = serviceFixture('Alerts');
		const marketing = serviceFixture('Marketing');
		const servicesScope = pages('/v1/Services', 'services', [[alerts], [marketing]]);
		const alertsSid = alerts.sid as string;
		withSenders(
			alerts,
			[[serviceNumber(alertsSid, '+14155550100')], [serviceNumber(alertsSid, '+14155550101')]],
			[
				[channelSender(alertsSid, 'whatsapp:+14155550100', 'WhatsApp')],
				[channelSender(alertsSid, 'messenger:104567891234567', 'Messenger')],
			],
		);
		withSenders(marketing, [[]], [[]]);

		const run = await getMany({ returnAll: true });

		expect(run.error).toBeUndefined();
		expect(servicesScope.isDone()).toBe(true);
		expect(nock.pendingMocks()).toEqual([]);
		expect(run.json).toHaveLength(2);
		expect(run.json[0]).toMatchObject({
			sid: alertsSid,
			friendlyName: 'Alerts',
			usecase: 'notifications',
			usAppToPersonRegistered: true,
			stickySender: true,
			statusCallback: 'https://n8n.example.com/webhook/status',
		});
		expect(
			(run.json[0].senders as IDataObject[]).map(({ sender, senderType, channel }) => ({
				sender,
				senderType,
				channel,
			})),
		).toEqual([
			{ sender: '+14155550100', senderType: 'PhoneNumber', channel: 'sms' },
			{ sender: '+14155550101', senderType: 'PhoneNumber', channel: 'sms' },
			{ sender: 'whatsapp:+14155550100', senderType: 'WhatsApp', channel: 'whatsapp' },
			{ sender: 'messenger:104567891234567', senderType: 'Messenger', channel: 'messenger' },
		]);
		expect(run.json[1].senders).toEqual([]);
	});

	it('returns the raw services with their sender lists, with Simplify off', async () => {
		const service = serviceFixture('Alerts');
		pages('/v1/Services', 'services', [[service]]);
		const number = serviceNumber(service.sid as string, '+14155550100');
		const whatsapp = channelSender(service.sid as string, 'whatsapp:+14155550100', 'WhatsApp');
		withSenders(service, [[number]], [[whatsapp]]);
		const run = await getMany({ returnAll: true, simplify: false });
		expect(run.json).toEqual([
			{ ...service, phone_numbers: [number], channel_senders: [whatsapp] },
		]);
	});

	it('stops at Limit and reads no senders when they are not wanted', async () => {
		const services = [serviceFixture('A'), serviceFixture('B'), serviceFixture('C')];
		twilioNock(MESSAGING_URL)
			.get('/v1/Services')
			.query({ PageSize: '2' })
			.reply(200, v1Page(MESSAGING_URL, '/v1/Services', 'services', services.slice(0, 2), 0, true));

		const run = await getMany({ limit: 2, includeSenders: false });

		expect(run.json.map((service) => service.friendlyName)).toEqual(['A', 'B']);
		expect(run.json[0]).not.toHaveProperty('senders');
		expect(recordedRequests()).toHaveLength(1);
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		const service = serviceFixture('Alerts');
		pages('/v1/Services', 'services', [[service]]);
		twilioNock(MESSAGING_URL)
			.get(`/v1/Services/${service.sid as string}/PhoneNumbers`)
			.query(true)
			.reply(...twilioError(20429, 'Too Many Requests', 400));
		const run = await getMany({ returnAll: true });
		expect(run.error?.message).toBe('Too many requests (Twilio error 20429)');
		expect(run.error?.description).toMatch(/rate-limited/);
	});

	it('rejects a Limit below 1 before any request', async () => {
		const scope = twilioNock(MESSAGING_URL).get('/v1/Services').query(true).reply(200, {});
		const run = await getMany({ limit: '={{ -3 }}' });
		expect(run.error?.message).toBe('Limit must be a whole number of at least 1, not -3 [item 0]');
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('with Continue On Fail lists for the good items and reports the failing ones', async () => {
		const service = serviceFixture('Alerts');
		pages('/v1/Services', 'services', [[service]]);
		const run = await getMany(
			{ limit: '={{ $json.limit }}', includeSenders: false },
			{ items: [{ limit: 0 }, { limit: 5 }], continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.json[0].error).toMatch(/^Limit .*\[item 0\]$/);
		expect(run.json[1]).toMatchObject({ friendlyName: 'Alerts' });
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
