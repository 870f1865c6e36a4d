import type { INodeParameterResourceLocator } from 'n8n-workflow';
import nock from 'nock';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { ACCOUNT_PATH, ACCOUNT_SID, BASE_URL, sid } from '../../../../fixtures/twilio';
import {
	byId,
	byUrl,
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

const get = async (messageSid: INodeParameterResourceLocator, extra = {}, options = {}) =>
	await runOperation('message', 'get', { messageSid, ...extra }, options);

describe('Message > Get', () => {
	it('reads a message by SID and simplifies it', async () => {
		const message = messageFixture({ to: 'whatsapp:+14155550199', from: 'whatsapp:+14155550100' });
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${message.sid as string}.json`)
			.reply(200, message);

		const run = await get(byId(message.sid as string));

		expect(run.error).toBeUndefined();
		expect(run.json).toEqual([
			{
				sid: message.sid,
				status: 'delivered',
				channel: 'whatsapp',
				to: 'whatsapp:+14155550199',
				from: 'whatsapp:+14155550100',
				messagingServiceSid: null,
				body: 'Your order 42 has shipped',
				numMedia: '0',
				numSegments: '1',
				direction: 'outbound-api',
				dateCreated: 'Mon, 23 Nov 2026 12:00:00 +0000',
				dateSent: 'Mon, 23 Nov 2026 12:00:01 +0000',
				price: '-0.00790',
				priceUnit: 'USD',
				errorCode: null,
				errorMessage: null,
			},
		]);
		expect(run.output[0].pairedItem).toEqual({ item: 0 });
	});

	it('returns the raw message with Simplify off', async () => {
		const message = messageFixture({ sid: sid('MM'), num_media: '2' });
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${message.sid as string}.json`)
			.reply(200, message);
		const run = await get(byId(message.sid as string), { simplify: false });
		expect(run.json).toEqual([message]);
	});

	it.each([
		[
			'the legacy console log link',
			(s: string) => `https://www.twilio.com/console/sms/logs/${ACCOUNT_SID}/${s}`,
		],
		[
			'the console link with the framed page',
			(s: string) =>
				`https://console.twilio.com/us1/monitor/logs/sms?frameUrl=${encodeURIComponent(`/console/sms/logs/${ACCOUNT_SID}/${s}?x-target-region=us1`)}`,
		],
		[
			'a link to the resource',
			(s: string) => `https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${s}.json`,
		],
	])('accepts %s in URL mode', async (_label, link) => {
		const message = messageFixture();
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${message.sid as string}.json`)
			.reply(200, message);
		const run = await get(byUrl(link(message.sid as string)));
		expect(run.error).toBeUndefined();
		expect(run.json[0].sid).toBe(message.sid);
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		const missing = sid('SM');
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${missing}.json`)
			.reply(
				...twilioError(
					20404,
					`The requested resource ${ACCOUNT_PATH}/Messages/${missing}.json was not found`,
					404,
				),
			);
		const run = await get(byId(missing));
		expect(run.error?.message).toBe('The requested resource was not found (Twilio error 20404)');
		expect(run.error?.description).toMatch(
			/Check the SID, and that it belongs to the account in the credential/,
		);
	});

	// Values from expressions (the usual case for a workflow or an AI agent) skip n8n's field validation.
	const expression = (value: string) => `={{ ${JSON.stringify(value)} }}`;
	it.each([
		[
			'a SID of another resource',
			byId(expression('HX0123456789abcdef0123456789abcdef')),
			/^Message "HX0123456789abcdef0123456789abcdef" is not a message SID .*\[item 0\]$/,
		],
		[
			'a SID one character short',
			byId(expression('SM0123456789abcdef0123456789abcde')),
			/^Message .* is not a message SID/,
		],
		['an empty value', byId(expression('')), /^Message is empty/],
		[
			'a link that is not Twilio',
			byUrl(expression('https://example.com/logs/SM0123456789abcdef0123456789abcdef')),
			/^Message .* is not a Twilio console link/,
		],
		[
			'a console link without a message',
			byUrl(expression('https://console.twilio.com/us1/monitor/logs/sms')),
			/^Message .* does not contain a message SID/,
		],
		[
			'text in URL mode',
			byUrl(expression('SM0123456789abcdef0123456789abcdef')),
			/^Message .* is not a URL/,
		],
	])('rejects %s before any request', async (_label, locator, message) => {
		const scope = twilioNock(BASE_URL).get(/.*/).reply(200, {});
		const run = await get(locator);
		expect(run.error?.message).toMatch(message);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it("lets n8n's field validation stop a malformed literal SID", async () => {
		const scope = twilioNock(BASE_URL).get(/.*/).reply(200, {});
		await expect(get(byId('SM123'))).rejects.toThrow(/workflow has issues/);
		expect(scope.isDone()).toBe(false);
	});

	it('checks every item before the first request', async () => {
		const scope = twilioNock(BASE_URL).get(/.*/).reply(200, messageFixture());
		const run = await get(
			byId('={{ $json.sid }}'),
			{},
			{ items: [{ sid: sid('SM') }, { sid: 'SM-nope' }] },
		);
		expect(run.error?.message).toMatch(/^Message "SM-nope" is not a message SID .*\[item 1\]$/);
		expect(scope.isDone()).toBe(false);
	});

	it('with Continue On Fail gives an error item for each failing item and reads the others', async () => {
		const good = messageFixture();
		const gone = sid('SM');
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${good.sid as string}.json`)
			.reply(200, good);
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${gone}.json`)
			.reply(...twilioError(20404, 'not found', 404));

		const run = await get(
			byId('={{ $json.sid }}'),
			{},
			{ items: [{ sid: good.sid }, { sid: 'bad' }, { sid: gone }], continueOnFail: true },
		);

		expect(run.error).toBeUndefined();
		expect(run.json).toHaveLength(3);
		expect(run.json[0].sid).toBe(good.sid);
		expect(run.json[1].error).toMatch(/^Message "bad" is not a message SID .*\[item 1\]$/);
		expect(run.json[2]).toMatchObject({
			error: 'The requested resource was not found (Twilio error 20404)',
			description: expect.stringMatching(/Check the SID/),
		});
		expect(run.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});
