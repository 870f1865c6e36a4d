import nock from 'nock';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { ACCOUNT_PATH, ACCOUNT_SID, BASE_URL } from '../../../../fixtures/twilio';
import { offline, runOperation, twilioError } from '../../../../helpers/operations';

offline();
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

const BALANCE = { account_sid: ACCOUNT_SID, balance: '42.17', currency: 'USD' };

describe('Account > Get Balance', () => {
	it('returns the balance and its currency', async () => {
		twilioNock(BASE_URL).get(`${ACCOUNT_PATH}/Balance.json`).reply(200, BALANCE);
		const run = await runOperation('account', 'getBalance', {});
		expect(run.error).toBeUndefined();
		expect(run.json).toEqual([BALANCE]);
		expect(run.output[0].pairedItem).toEqual({ item: 0 });
	});

	it('reads it once per input item', async () => {
		const scope = twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Balance.json`)
			.times(2)
			.reply(200, BALANCE);
		const run = await runOperation('account', 'getBalance', {}, { items: [{}, {}] });
		expect(scope.isDone()).toBe(true);
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Balance.json`)
			.reply(...twilioError(20003, 'Authenticate', 401));
		const run = await runOperation('account', 'getBalance', {});
		expect(run.error?.message).toBe('Authentication failed (Twilio error 20003)');
		expect(run.error?.description).toMatch(/An API key only works for the account that created it/);
	});

	it('with Continue On Fail gives an error item for the failing item', async () => {
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Balance.json`)
			.reply(...twilioError(20003, 'Authenticate', 401))
			.get(`${ACCOUNT_PATH}/Balance.json`)
			.reply(200, BALANCE);
		const run = await runOperation(
			'account',
			'getBalance',
			{},
			{ items: [{}, {}], continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.json).toEqual([
			expect.objectContaining({ error: 'Authentication failed (Twilio error 20003)' }),
			BALANCE,
		]);
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
