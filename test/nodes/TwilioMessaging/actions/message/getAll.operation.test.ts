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
	messageFixture,
	offline,
	requestCount,
	runOperation,
	twilioError,
} from '../../../../helpers/operations';

offline();
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

const MESSAGES = `${ACCOUNT_PATH}/Messages.json`;

const getMany = async (parameters: INodeParameters, options = {}) =>
	await runOperation('message', 'getAll', parameters, options);

/** The query of the n-th recorded request. */
function query(index = 0): URLSearchParams {
	return new URL(recordedRequests()[index].path, BASE_URL).searchParams;
}

/** Answers the message list with the given pages, each linking to the next. */
function messagePages(pages: IDataObject[][]): nock.Scope {
	const scope = twilioNock(BASE_URL);
	pages.forEach((entries, page) => {
		scope
			.get(MESSAGES)
			.query((qs) => Number(qs.Page ?? 0) === page)
			.reply(200, apiPage('/Messages.json', 'messages', entries, page, page < pages.length - 1));
	});
	return scope;
}

describe('Message > Get Many', () => {
	it('follows every page with Return All and simplifies each message', async () => {
		const pages = [
			[messageFixture(), messageFixture()],
			[messageFixture(), messageFixture()],
			[messageFixture()],
		];
		const scope = messagePages(pages);

		const run = await getMany({ returnAll: true });

		expect(run.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(run.json.map((message) => message.sid)).toEqual(
			pages.flat().map((message) => message.sid),
		);
		expect(run.json[0]).toMatchObject({
			status: 'delivered',
			channel: 'sms',
			dateSent: 'Mon, 23 Nov 2026 12:00:01 +0000',
		});
		expect(run.output.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
		expect(query(0).get('PageSize')).toBe('1000');
	});

	it('asks for Limit messages and stops once it has them', async () => {
		const scope = twilioNock(BASE_URL)
			.get(MESSAGES)
			.query({ PageSize: '3' })
			.reply(
				200,
				apiPage(
					'/Messages.json',
					'messages',
					[messageFixture(), messageFixture(), messageFixture()],
					0,
					true,
				),
			);

		const run = await getMany({ returnAll: false, limit: 3, simplify: false });

		expect(scope.isDone()).toBe(true);
		expect(run.json).toHaveLength(3);
		expect(run.json[0]).toHaveProperty('api_version', '2010-04-01');
	});

	it('sends To, From and the Date Sent filters as Twilio wants them', async () => {
		messagePages([[messageFixture()]]);

		await getMany({
			limit: 20,
			filters: {
				to: '+1 (415) 555-0199',
				from: 'ACME',
				on: '2026-11-23T00:00:00',
				onOrAfter: '2026-11-01',
				onOrBefore: '2026-11-30T23:30:00-05:00',
			},
		});

		const qs = query();
		expect(qs.get('To')).toBe('+14155550199');
		expect(qs.get('From')).toBe('ACME');
		expect(qs.get('DateSent')).toBe('2026-11-23');
		expect(qs.get('DateSent>')).toBe('2026-11-01');
		// 23:30 in New York is already the next day in GMT, the day Twilio filters on.
		expect(qs.get('DateSent<')).toBe('2026-12-01');
	});

	it.each([
		[
			'the WhatsApp channel',
			{ channel: 'whatsapp', to: '+14155550199' },
			'To',
			'whatsapp:+14155550199',
		],
		['a typed WhatsApp prefix', { from: 'WhatsApp:+14155550100' }, 'From', 'whatsapp:+14155550100'],
		[
			'the Messenger channel',
			{ channel: 'messenger', to: '2345678901234567' },
			'To',
			'messenger:2345678901234567',
		],
		[
			'the RCS channel with a sender ID',
			{ channel: 'rcs', from: 'acme_agent' },
			'From',
			'rcs:acme_agent',
		],
		[
			'the RCS channel with a number',
			{ channel: 'rcs', to: '+14155550199' },
			'To',
			'rcs:+14155550199',
		],
		['an SMS short code', { from: '24365' }, 'From', '24365'],
	])('adds the channel prefix for %s', async (_label, filters, key, expected) => {
		messagePages([[messageFixture()]]);
		await getMany({ filters });
		expect(query().get(key)).toBe(expected);
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		twilioNock(BASE_URL)
			.get(MESSAGES)
			.query(true)
			.reply(...twilioError(20003, 'Authenticate', 401));
		const run = await getMany({});
		expect(run.error?.message).toBe('Authentication failed (Twilio error 20003)');
		expect(run.error?.description).toMatch(/Check the Account SID and the API Key SID and Secret/);
	});

	it.each([
		[
			'an impossible date',
			{ on: '2026-02-30' },
			/^Date Sent On "2026-02-30" is not a real calendar date \[item 0\]$/,
		],
		[
			'a date that is not a date',
			{ onOrBefore: 'next friday' },
			/^Date Sent On or Before "next friday" is not a date/,
		],
		[
			'an impossible time',
			{ onOrAfter: '2026-03-01T25:00:00' },
			/^Date Sent On or After .* is not a real time of day/,
		],
		[
			'an after date later than the before date',
			{ onOrAfter: '2026-03-02', onOrBefore: '2026-03-01' },
			/^Date Sent On or After 2026-03-02 is later than/,
		],
		['a To without country code', { to: '4155550199' }, /^To "4155550199" is not in E\.164 format/],
		[
			'a Messenger To with letters',
			{ channel: 'messenger', to: 'ada.lovelace' },
			/^To "ada\.lovelace" is not a Messenger user ID/,
		],
		[
			'a prefix that contradicts the channel',
			{ channel: 'whatsapp', from: 'messenger:104567891234567' },
			/^From .* is a Facebook Messenger address, but the Channel filter is WhatsApp/,
		],
		['a From with symbols', { from: 'ACME!' }, /^From "ACME!"/],
		['an unknown channel', { channel: 'fax' }, /^Channel "fax" is not one of/],
	])('rejects %s before any request', async (_label, filters, message) => {
		const scope = twilioNock(BASE_URL)
			.get(MESSAGES)
			.query(true)
			.reply(200, apiPage('/Messages.json', 'messages', [], 0, false));
		const run = await getMany({
			filters: Object.fromEntries(
				Object.entries(filters).map(([key, value]) => [key, `={{ ${JSON.stringify(value)} }}`]),
			),
		});
		expect(run.error?.message).toMatch(message);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('rejects a Limit below 1', async () => {
		const scope = twilioNock(BASE_URL).get(MESSAGES).query(true).reply(200, {});
		const run = await getMany({ limit: '={{ 0 }}' });
		expect(run.error?.message).toBe('Limit must be a whole number of at least 1, not 0 [item 0]');
		expect(scope.isDone()).toBe(false);
	});

	it('with Continue On Fail lists for the good items and gives error items for the others', async () => {
		const sent = messageFixture({ to: '+14155550111' });
		twilioNock(BASE_URL)
			.get(MESSAGES)
			.query({ To: '+14155550111', PageSize: '50' })
			.reply(200, apiPage('/Messages.json', 'messages', [sent], 0, false));
		twilioNock(BASE_URL)
			.get(MESSAGES)
			.query({ To: '+14155550122', PageSize: '50' })
			.reply(...twilioError(20429, 'Too many requests', 400));

		const run = await getMany(
			{ filters: { to: '={{ $json.to }}' } },
			{
				items: [{ to: '+14155550111' }, { to: 'nobody' }, { to: '+14155550122' }],
				continueOnFail: true,
			},
		);

		expect(run.error).toBeUndefined();
		expect(run.json).toHaveLength(3);
		expect(run.json[0].sid).toBe(sent.sid);
		expect(run.json[1].error).toMatch(/^To "nobody" .* \[item 1\]$/);
		expect(run.json[2].error).toBe('Too many requests (Twilio error 20429)');
		expect(run.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});
