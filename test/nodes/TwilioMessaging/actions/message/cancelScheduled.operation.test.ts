import nock from 'nock';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { ACCOUNT_PATH, BASE_URL, SERVICE_SID, sid } from '../../../../fixtures/twilio';
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

describe('Message > Cancel Scheduled', () => {
	it('posts Status=canceled and returns the canceled message', async () => {
		const messageSid = sid('SM');
		let form: URLSearchParams | undefined;
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${messageSid}.json`)
			.reply((_uri, body) => {
				form = new URLSearchParams(body as string);
				return [
					200,
					messageFixture({
						sid: messageSid,
						status: 'canceled',
						messaging_service_sid: SERVICE_SID,
						from: null,
						date_sent: null,
					}),
				];
			});

		const run = await runOperation('message', 'cancelScheduled', { messageSid: byId(messageSid) });

		expect(run.error).toBeUndefined();
		expect([...form!.entries()]).toEqual([['Status', 'canceled']]);
		expect(run.json).toEqual([
			expect.objectContaining({
				sid: messageSid,
				status: 'canceled',
				messagingServiceSid: SERVICE_SID,
			}),
		]);
		expect(run.output[0].pairedItem).toEqual({ item: 0 });
	});

	it('explains that only scheduled messages can be canceled (Twilio 30409)', async () => {
		const messageSid = sid('SM');
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${messageSid}.json`)
			.reply(
				...twilioError(30409, 'Message cannot be canceled because it is not in a cancelable state'),
			);

		const run = await runOperation('message', 'cancelScheduled', { messageSid: byId(messageSid) });

		expect(run.error?.message).toBe('Only scheduled messages can be canceled (Twilio error 30409)');
		expect(run.error?.description).toMatch(/not \(or no longer\) in the scheduled state/);
		expect(run.error?.description).toMatch(/Twilio says: Message cannot be canceled/);
	});

	it('rejects a malformed SID before any request', async () => {
		const scope = twilioNock(BASE_URL).post(/.*/).reply(200, {});
		const run = await runOperation('message', 'cancelScheduled', {
			messageSid: byId('={{ "SMnot-a-sid" }}'),
		});
		expect(run.error?.message).toMatch(/^Message "SMnot-a-sid" is not a message SID .*\[item 0\]$/);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('cancels nothing when one item of the batch is malformed', async () => {
		const scope = twilioNock(BASE_URL)
			.post(/.*/)
			.reply(200, messageFixture({ status: 'canceled' }));
		const run = await runOperation(
			'message',
			'cancelScheduled',
			{ messageSid: byId('={{ $json.sid }}') },
			{
				items: [
					{ sid: sid('SM') },
					{ sid: sid('SM') },
					{ sid: 'PN0123456789abcdef0123456789abcdef' },
				],
			},
		);
		expect(run.error?.message).toMatch(/\[item 2\]$/);
		expect(scope.isDone()).toBe(false);
	});

	it('with Continue On Fail cancels the others and reports the failing ones', async () => {
		const scheduled = sid('SM');
		const alreadySent = sid('SM');
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${scheduled}.json`)
			.reply(200, messageFixture({ sid: scheduled, status: 'canceled' }));
		twilioNock(BASE_URL)
			.post(`${ACCOUNT_PATH}/Messages/${alreadySent}.json`)
			.reply(...twilioError(30409, 'not cancelable'));

		const run = await runOperation(
			'message',
			'cancelScheduled',
			{ messageSid: byId('={{ $json.sid }}') },
			{ items: [{ sid: alreadySent }, { sid: scheduled }, { sid: '' }], continueOnFail: true },
		);

		expect(run.error).toBeUndefined();
		expect(run.json[0]).toMatchObject({
			error: 'Only scheduled messages can be canceled (Twilio error 30409)',
		});
		expect(run.json[1]).toMatchObject({ sid: scheduled, status: 'canceled' });
		expect(run.json[2].error).toMatch(/^Message is empty.*\[item 2\]$/);
		expect(run.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});
