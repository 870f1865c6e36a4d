import nock from 'nock';
import {
	expectAllRequestsMatchTwilioSpec,
	recordedRequests,
	twilioNock,
} from '../../../../contract/recorder';
import { ACCOUNT_PATH, BASE_URL, sid } from '../../../../fixtures/twilio';
import {
	byId,
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

describe('Message > Redact', () => {
	it('sends an empty Body and returns the redacted message', async () => {
		const messageSid = sid('SM');
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${messageSid}.json`, 'Body=')
			.reply(200, messageFixture({ sid: messageSid, body: '' }));

		const run = await runOperation('message', 'redact', { messageSid: byId(messageSid) });

		expect(run.error).toBeUndefined();
		expect(recordedRequests()[0].body).toBe('Body=');
		expect(run.json).toEqual([
			expect.objectContaining({ sid: messageSid, body: '', status: 'delivered' }),
		]);
	});

	it('returns the raw message with Simplify off', async () => {
		const messageSid = sid('SM');
		const redacted = messageFixture({ sid: messageSid, body: '' });
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${messageSid}.json`, 'Body=')
			.reply(200, redacted);
		const run = await runOperation('message', 'redact', {
			messageSid: byId(messageSid),
			simplify: false,
		});
		expect(run.json).toEqual([redacted]);
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		const messageSid = sid('SM');
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${messageSid}.json`)
			.reply(...twilioError(20404, 'not found', 404));
		const run = await runOperation('message', 'redact', { messageSid: byId(messageSid) });
		expect(run.error?.message).toBe('The requested resource was not found (Twilio error 20404)');
		expect(run.error?.description).toMatch(/Check the SID/);
	});

	it('rejects a malformed SID before any request', async () => {
		const scope = twilioNock(BASE_URL).post(/.*/).reply(200, {});
		const run = await runOperation('message', 'redact', {
			messageSid: byId('={{ "MG0123456789abcdef0123456789abcdef" }}'),
		});
		expect(run.error?.message).toMatch(
			/^Message "MG0123456789abcdef0123456789abcdef" is not a message SID .*\[item 0\]$/,
		);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('with Continue On Fail redacts the others and reports the failing ones', async () => {
		const good = sid('SM');
		const inFlight = sid('SM');
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${good}.json`)
			.reply(200, messageFixture({ sid: good, body: '' }));
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${inFlight}.json`)
			.reply(...twilioError(20009, 'Cannot redact a message that is still being sent'));

		const run = await runOperation(
			'message',
			'redact',
			{ messageSid: byId('={{ $json.sid }}') },
			{ items: [{ sid: good }, { sid: inFlight }], continueOnFail: true },
		);

		expect(run.error).toBeUndefined();
		expect(run.json[0]).toMatchObject({ sid: good, body: '' });
		expect(run.json[1].error).toBe(
			'Cannot redact a message that is still being sent (Twilio error 20009)',
		);
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
