import http from 'http';
import https from 'https';
import nock from 'nock';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IHttpRequestOptions,
} from 'n8n-workflow';
import { TwilioMessagingApi } from '../../credentials/TwilioMessagingApi.credentials';
import { twilioBaseUrl } from '../../nodes/shared/transport';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../contract/recorder';
import {
	ACCOUNT_PATH,
	ACCOUNT_SID,
	API_KEY_SECRET,
	API_KEY_SID,
	AUTH_TOKEN,
	apiKeyCredentials,
	authTokenCredentials,
} from '../fixtures/twilio';
import { TestNodeTypes } from '../harness/nodeTypes';

const credential = new TwilioMessagingApi();

/** Resolves the credential's test request the way n8n does: expressions over $credentials. */
function resolveTestRequest(credentials: ICredentialDataDecryptedObject): IHttpRequestOptions {
	const workflow = new Workflow({
		nodes: [],
		connections: {},
		active: false,
		nodeTypes: new TestNodeTypes({}),
	});
	const withDefaults: ICredentialDataDecryptedObject = {};
	for (const property of credential.properties)
		withDefaults[property.name] = property.default as string;
	Object.assign(withDefaults, credentials);
	const resolve = (value: unknown) =>
		workflow.expression.getParameterValue(value as string, null, 0, 0, 'test', [], 'internal', {
			$credentials: withDefaults,
		} as never);
	const request = credential.test.request;
	return {
		method: request.method ?? 'GET',
		url: `${resolve(request.baseURL)}${resolve(request.url)}`,
		qs: request.qs,
	} as IHttpRequestOptions;
}

async function runCredentialTest(credentials: ICredentialDataDecryptedObject): Promise<number> {
	const request = await credential.authenticate(credentials, resolveTestRequest(credentials));
	const url = new URL(request.url);
	for (const [key, value] of Object.entries(request.qs ?? {}))
		url.searchParams.set(key, String(value));
	const auth = request.auth!;
	const client = url.protocol === 'https:' ? https : http;
	return await new Promise<number>((resolve, reject) => {
		client
			.get(url, { auth: `${auth.username}:${auth.password}` }, (response) => {
				response.resume();
				resolve(response.statusCode ?? 0);
			})
			.on('error', reject);
	});
}

/** The message n8n's credential tester shows for a failed test: the first responseCode rule for the status. */
function failureMessage(status: number): string | undefined {
	const rule = credential.test.rules?.find(
		(candidate) => candidate.type === 'responseCode' && candidate.properties.value === status,
	);
	return rule?.type === 'responseCode' ? rule.properties.message : undefined;
}

afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

describe('authenticate', () => {
	it('uses the API key pair by default', async () => {
		const request = await credential.authenticate(apiKeyCredentials, { url: '/' });
		expect(request.auth).toEqual({ username: API_KEY_SID, password: API_KEY_SECRET });
	});

	it('uses the Account SID and Auth Token for the Auth Token type', async () => {
		const request = await credential.authenticate(authTokenCredentials, { url: '/' });
		expect(request.auth).toEqual({ username: ACCOUNT_SID, password: AUTH_TOKEN });
	});

	it.each([
		[{ ...apiKeyCredentials, accountSid: 'AC123' }, /Account SID/],
		[{ ...apiKeyCredentials, apiSid: 'AK0123456789abcdef0123456789abcdef' }, /API Key SID/],
		[{ ...apiKeyCredentials, apiKeySecret: '' }, /API Key Secret/],
		[{ ...authTokenCredentials, authToken: '' }, /Auth Token is required/],
	])('refuses an incomplete credential (%#)', async (credentials, message) => {
		await expect(credential.authenticate(credentials, { url: '/' })).rejects.toThrow(message);
	});
});

describe('test request', () => {
	const basic = (user: string, password: string) =>
		`Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

	function account(expectedAuth: string, answers: { ok: string; status: number }) {
		return twilioNock('https://api.twilio.com')
			.get(`${ACCOUNT_PATH}/IncomingPhoneNumbers.json`)
			.query({ PageSize: '1' })
			.reply(function () {
				const ok = this.req.headers.authorization === expectedAuth;
				return ok
					? [200, { incoming_phone_numbers: [], next_page_uri: null }]
					: [answers.status, { code: 20003, message: 'Authenticate', status: answers.status }];
			});
	}

	it.each([
		['API key', apiKeyCredentials, basic(API_KEY_SID, API_KEY_SECRET)],
		['Auth Token', authTokenCredentials, basic(ACCOUNT_SID, AUTH_TOKEN)],
	])('passes for a valid %s', async (_label, credentials, expectedAuth) => {
		account(expectedAuth, { ok: '', status: 401 });
		expect(await runCredentialTest(credentials)).toBe(200);
	});

	it.each([
		[
			'API key',
			{ ...apiKeyCredentials, apiKeySecret: 'wrong' },
			basic(API_KEY_SID, API_KEY_SECRET),
		],
		['Auth Token', { ...authTokenCredentials, authToken: 'wrong' }, basic(ACCOUNT_SID, AUTH_TOKEN)],
	])('fails for a wrong %s secret', async (_label, credentials, expectedAuth) => {
		account(expectedAuth, { ok: '', status: 401 });
		const status = await runCredentialTest(credentials);
		expect(status).toBe(401);
		expect(failureMessage(status)).toMatch(
			/rejected the API Key SID and API Key Secret \(or, with Auth Token authentication, the Auth Token\): error 20003/,
		);
	});

	it('fails for a key of another account (Twilio answers 404 under a foreign account)', async () => {
		const otherAccount = 'AC' + 'f'.repeat(32);
		twilioNock('https://api.twilio.com')
			.get(`/2010-04-01/Accounts/${otherAccount}/IncomingPhoneNumbers.json`)
			.query({ PageSize: '1' })
			.reply(404, { code: 20404, message: 'The requested resource was not found', status: 404 });
		const status = await runCredentialTest({ ...apiKeyCredentials, accountSid: otherAccount });
		expect(status).toBe(404);
		expect(failureMessage(status)).toMatch(
			/belongs to another account .*error 20404|error 20404.*belongs to another account/,
		);
	});

	it.each([
		{},
		{ region: 'ie1' },
		{ region: 'au1' },
		{ region: 'au1', edge: 'sydney' },
		{ region: 'ie1', edge: 'frankfurt' },
		{ region: 'us1', edge: 'tokyo' },
		{ baseUrlOverride: 'http://127.0.0.1:4010/' },
		{ baseUrlOverride: '  http://localhost:9999  ' },
	] as ICredentialDataDecryptedObject[])(
		'targets the same host as the transport for %j',
		(settings) => {
			const url = resolveTestRequest({ ...apiKeyCredentials, ...settings }).url;
			expect(url).toBe(
				`${twilioBaseUrl('api', settings)}${ACCOUNT_PATH}/IncomingPhoneNumbers.json`,
			);
		},
	);
});
