import nock from 'nock';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { ACCOUNT_PATH, ACCOUNT_SID, BASE_URL, sid } from '../../../../fixtures/twilio';
import {
	byId,
	byUrl,
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

describe('Message > Delete', () => {
	it('deletes each message and returns {deleted: true} per item', async () => {
		const first = sid('SM');
		const second = sid('MM');
		const scope = twilioNock(BASE_URL)
			.delete(`${ACCOUNT_PATH}/Messages/${first}.json`)
			.reply(204)
			.delete(`${ACCOUNT_PATH}/Messages/${second}.json`)
			.reply(204);

		const run = await runOperation(
			'message',
			'delete',
			{ messageSid: byId('={{ $json.sid }}') },
			{ items: [{ sid: first }, { sid: second }] },
		);

		expect(run.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(run.json).toEqual([{ deleted: true }, { deleted: true }]);
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('deletes the message of a console link', async () => {
		const messageSid = sid('SM');
		const scope = twilioNock(BASE_URL)
			.delete(`${ACCOUNT_PATH}/Messages/${messageSid}.json`)
			.reply(204);
		const run = await runOperation('message', 'delete', {
			messageSid: byUrl(`https://www.twilio.com/console/sms/logs/${ACCOUNT_SID}/${messageSid}`),
		});
		expect(run.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		const messageSid = sid('SM');
		twilioNock(BASE_URL)
			.delete(`${ACCOUNT_PATH}/Messages/${messageSid}.json`)
			.reply(...twilioError(20404, 'not found', 404));
		const run = await runOperation('message', 'delete', { messageSid: byId(messageSid) });
		expect(run.error?.message).toBe('The requested resource was not found (Twilio error 20404)');
		expect(run.error?.description).toMatch(/Check the SID/);
	});

	it('deletes nothing when one item of the batch is malformed', async () => {
		const scope = twilioNock(BASE_URL).delete(/.*/).reply(204);
		const run = await runOperation(
			'message',
			'delete',
			{ messageSid: byId('={{ $json.sid }}') },
			{ items: [{ sid: sid('SM') }, { sid: 'SM123' }] },
		);
		expect(run.error?.message).toMatch(/^Message "SM123" is not a message SID .*\[item 1\]$/);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('with Continue On Fail deletes the others and reports the failing ones', async () => {
		const kept = sid('SM');
		const deletable = sid('SM');
		twilioNock(BASE_URL).delete(`${ACCOUNT_PATH}/Messages/${deletable}.json`).reply(204);
		twilioNock(BASE_URL)
			.delete(`${ACCOUNT_PATH}/Messages/${kept}.json`)
			.reply(...twilioError(20404, 'not found', 404));

		const run = await runOperation(
			'message',
			'delete',
			{ messageSid: byId('={{ $json.sid }}') },
			{ items: [{ sid: 'nope' }, { sid: deletable }, { sid: kept }], continueOnFail: true },
		);

		expect(run.error).toBeUndefined();
		expect(run.json[0].error).toMatch(/\[item 0\]$/);
		expect(run.json[1]).toEqual({ deleted: true });
		expect(run.json[2].error).toBe('The requested resource was not found (Twilio error 20404)');
		expect(run.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});
