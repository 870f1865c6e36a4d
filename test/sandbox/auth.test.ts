import type { Sandbox } from '../../sandbox';
import {
	MAIN,
	OTHER,
	SERVICES,
	KEY_AUTH,
	accountPath,
	call,
	sendMessage,
	startTestSandbox,
	NUMBERS,
	CUSTOMER,
	sid,
} from './helpers';

const AUTHENTICATE = {
	code: 20003,
	message: 'Authenticate',
	more_info: 'https://www.twilio.com/docs/errors/20003',
	status: 401,
};

describe('sandbox authentication', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox();
	});
	afterAll(() => sandbox.close());

	const credentialTest = (accountSid = MAIN.accountSid) =>
		accountPath('/IncomingPhoneNumbers.json?PageSize=1', accountSid);

	it('accepts the Account SID with its Auth Token', async () => {
		const response = await call(sandbox, 'GET', credentialTest(), {
			auth: [MAIN.accountSid, MAIN.authToken],
		});
		expect(response.status).toBe(200);
		expect(response.json.incoming_phone_numbers).toHaveLength(1);
	});

	it('accepts an API key of the account', async () => {
		const response = await call(sandbox, 'GET', credentialTest(), { auth: KEY_AUTH });
		expect(response.status).toBe(200);
		expect(response.json.incoming_phone_numbers[0].account_sid).toBe(MAIN.accountSid);
	});

	it.each([
		['a wrong API key secret', [MAIN.apiKeySid, 'not-the-secret']],
		['a wrong Auth Token', [MAIN.accountSid, 'sandbox-auth-token-2']],
		['an unknown key', [sid('SK', 0x99), MAIN.apiKeySecret]],
		['the secret of another key', [MAIN.apiKeySid, OTHER.apiKeySecret]],
	])('answers 401 / 20003 for %s', async (_, auth) => {
		const response = await call(sandbox, 'GET', credentialTest(), {
			auth: auth as [string, string],
		});
		expect(response.status).toBe(401);
		expect(response.json).toEqual(AUTHENTICATE);
		expect(response.headers.get('www-authenticate')).toMatch(/^Basic/);
	});

	it('answers 401 without credentials, also on v1 endpoints', async () => {
		for (const path of [credentialTest(), '/v1/Content', '/v1/Services']) {
			const response = await call(sandbox, 'GET', path, { auth: null });
			expect(response.status).toBe(401);
			expect(response.json).toEqual(AUTHENTICATE);
		}
	});

	it('answers 404 / 20404 when a valid key of one account is used on another account', async () => {
		const response = await call(sandbox, 'GET', credentialTest(MAIN.accountSid), {
			auth: [OTHER.apiKeySid, OTHER.apiKeySecret],
		});
		expect(response.status).toBe(404);
		expect(response.json.code).toBe(20404);
		expect(response.json.more_info).toBe('https://www.twilio.com/docs/errors/20404');
		const own = await call(sandbox, 'GET', credentialTest(OTHER.accountSid), {
			auth: [OTHER.apiKeySid, OTHER.apiKeySecret],
		});
		expect(own.status).toBe(200);
		expect(own.json.incoming_phone_numbers[0].phone_number).toBe('+15550200001');
	});

	it('keeps v1 resources to the authenticated account', async () => {
		const otherAuth: [string, string] = [OTHER.accountSid, OTHER.authToken];
		const services = await call(sandbox, 'GET', '/v1/Services', { auth: otherAuth });
		expect(services.json.services.map((s: any) => s.sid)).toEqual([SERVICES.other]);
		const foreign = await call(sandbox, 'GET', `/v1/Services/${SERVICES.notifications}`, {
			auth: otherAuth,
		});
		expect(foreign.status).toBe(404);
		expect(foreign.json.code).toBe(20404);
		const contents = await call(sandbox, 'GET', '/v1/Content', { auth: otherAuth });
		expect(contents.json.contents).toHaveLength(1);
		const mainContent = (await call(sandbox, 'GET', '/v1/Content')).json.contents[0].sid;
		const foreignContent = await call(sandbox, 'GET', `/v1/Content/${mainContent}`, {
			auth: otherAuth,
		});
		expect(foreignContent.json.code).toBe(20404);
		// A sender of one service is not found under another, even of the same account.
		const sender = (
			await call(sandbox, 'GET', `/v1/Services/${SERVICES.notifications}/ChannelSenders`)
		).json.senders[0].sid;
		const elsewhere = await call(
			sandbox,
			'GET',
			`/v1/Services/${SERVICES.marketing}/ChannelSenders/${sender}`,
		);
		expect(elsewhere.status).toBe(404);
		expect(elsewhere.json.code).toBe(20404);
		const own = await call(
			sandbox,
			'GET',
			`/v1/Services/${SERVICES.notifications}/ChannelSenders/${sender}`,
		);
		expect(own.json.sid).toBe(sender);
	});

	it('cannot send from another account, nor with its senders', async () => {
		const crossAccount = await call(
			sandbox,
			'POST',
			accountPath('/Messages.json', OTHER.accountSid),
			{
				form: { To: CUSTOMER, From: '+15550200001', Body: 'hi' },
			},
		);
		expect(crossAccount.status).toBe(404);
		const foreignSender = await sendMessage(sandbox, {
			To: CUSTOMER,
			From: '+15550200001',
			Body: 'hi',
		});
		expect(foreignSender.status).toBe(400);
		expect(foreignSender.json.code).toBe(21606);
		expect(sandbox.ledger()).toHaveLength(0);
	});

	it('answers 404 / 20404 for unknown resources and 405 for unsupported methods', async () => {
		const unknown = await call(sandbox, 'GET', accountPath('/Calls.json'));
		expect(unknown.status).toBe(404);
		expect(unknown.json).toEqual({
			code: 20404,
			message: `The requested resource ${accountPath('/Calls.json')} was not found`,
			more_info: 'https://www.twilio.com/docs/errors/20404',
			status: 404,
		});
		const missing = await call(sandbox, 'GET', accountPath(`/Messages/${sid('SM', 7)}.json`));
		expect(missing.status).toBe(404);
		const method = await call(sandbox, 'DELETE', '/v1/Services');
		expect(method.status).toBe(405);
		expect(method.json.code).toBe(20004);
	});

	it('records which principal sent a message, never its secret', async () => {
		const response = await sendMessage(
			sandbox,
			{ To: CUSTOMER, From: NUMBERS.main, Body: 'via key' },
			KEY_AUTH,
		);
		expect(response.status).toBe(201);
		const [entry] = sandbox.ledger().filter((e) => e.sid === response.json.sid);
		expect(entry.principal).toEqual({ type: 'apiKey', sid: MAIN.apiKeySid });
		expect(JSON.stringify(sandbox.ledger())).not.toContain(MAIN.apiKeySecret);
	});
});
