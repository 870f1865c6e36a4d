import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import {
	expectAllRequestsMatchTwilioSpec,
	recordedRequests,
	twilioNock,
} from '../../../../contract/recorder';
import { ACCOUNT_PATH, BASE_URL } from '../../../../fixtures/twilio';
import {
	apiPage,
	offline,
	phoneNumberFixture,
	requestCount,
	runOperation,
	twilioError,
} from '../../../../helpers/operations';

offline();
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

const PATH = '/IncomingPhoneNumbers.json';

function numberPages(pages: IDataObject[][]): nock.Scope {
	const scope = twilioNock(BASE_URL);
	pages.forEach((entries, page) => {
		scope
			.get(`${ACCOUNT_PATH}${PATH}`)
			.query((qs) => Number(qs.Page ?? 0) === page)
			.reply(200, apiPage(PATH, 'incoming_phone_numbers', entries, page, page < pages.length - 1));
	});
	return scope;
}

const getMany = async (parameters: INodeParameters, options = {}) =>
	await runOperation('account', 'getManyPhoneNumbers', parameters, options);

const SMS_ONLY = { sms: true };
const SMS_MMS = { sms: true, mms: true };
const VOICE_ONLY = { voice: true };
const EVERYTHING = { sms: true, mms: true, voice: true };

describe('Account > Get Many Phone Numbers', () => {
	it('follows every page and gives each number with its capabilities', async () => {
		const first = phoneNumberFixture('+14155550100', SMS_MMS, { friendly_name: 'Support line' });
		const pages = [
			[first, phoneNumberFixture('+14155550101', VOICE_ONLY)],
			[phoneNumberFixture('+442079460958', SMS_ONLY)],
		];
		const scope = numberPages(pages);

		const run = await getMany({ returnAll: true });

		expect(run.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(run.json).toHaveLength(3);
		expect(run.json[0]).toEqual({
			sid: first.sid,
			phoneNumber: '+14155550100',
			friendlyName: 'Support line',
			capabilities: { sms: true, mms: true, voice: false },
			status: 'in-use',
			smsUrl: 'https://n8n.example.com/webhook/sms',
			statusCallback: '',
			dateCreated: 'Thu, 30 Jul 2026 20:12:31 +0000',
		});
		expect(run.json.map((number) => number.capabilities)).toEqual([
			{ sms: true, mms: true, voice: false },
			{ sms: false, mms: false, voice: true },
			{ sms: true, mms: false, voice: false },
		]);
	});

	it('returns the raw numbers with Simplify off', async () => {
		const number = phoneNumberFixture('+14155550100', SMS_ONLY);
		numberPages([[number]]);
		const run = await getMany({ returnAll: true, simplify: false });
		expect(run.json).toEqual([number]);
	});

	it('passes the name and number filters to Twilio and keeps numbers with every chosen capability up to Limit', async () => {
		numberPages([
			[
				phoneNumberFixture('+14155550100', SMS_ONLY),
				phoneNumberFixture('+14155550101', EVERYTHING),
			],
			[phoneNumberFixture('+14155550102', SMS_MMS), phoneNumberFixture('+14155550103', EVERYTHING)],
		]);

		const run = await getMany({
			limit: 2,
			filters: {
				capabilities: ['sms', 'mms'],
				friendlyName: ' Support ',
				phoneNumber: '+1 (415) 555',
			},
		});

		expect(run.json.map((number) => number.phoneNumber)).toEqual(['+14155550101', '+14155550102']);
		const query = new URL(recordedRequests()[0].path, BASE_URL).searchParams;
		expect(query.get('FriendlyName')).toBe('Support');
		expect(query.get('PhoneNumber')).toBe('+1415555');
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}${PATH}`)
			.query(true)
			.reply(...twilioError(20003, 'Authenticate', 401));
		const run = await getMany({});
		expect(run.error?.message).toBe('Authentication failed (Twilio error 20003)');
		expect(run.error?.description).toMatch(/Check the Account SID/);
	});

	it.each([
		[
			'an unknown capability',
			{ filters: { capabilities: '={{ ["sms", "fax"] }}' } },
			/^Capabilities "fax" is not one of sms, mms, voice \[item 0\]$/,
		],
		[
			'a fractional Limit',
			{ limit: '={{ 2.5 }}' },
			/^Limit must be a whole number of at least 1, not 2\.5 \[item 0\]$/,
		],
	])('rejects %s before any request', async (_label, parameters, message) => {
		const scope = twilioNock(BASE_URL).get(`${ACCOUNT_PATH}${PATH}`).query(true).reply(200, {});
		const run = await getMany(parameters as INodeParameters);
		expect(run.error?.message).toMatch(message);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('with Continue On Fail lists for the good items and reports the failing ones', async () => {
		numberPages([[phoneNumberFixture('+14155550100', SMS_ONLY)]]);
		const run = await getMany(
			{ returnAll: true, filters: { capabilities: '={{ [$json.capability] }}' } },
			{ items: [{ capability: 'telepathy' }, { capability: 'sms' }], continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.json[0].error).toMatch(/^Capabilities "telepathy" .*\[item 0\]$/);
		expect(run.json[1]).toMatchObject({ phoneNumber: '+14155550100' });
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
