import http from 'http';
import type { AddressInfo } from 'net';
import nock from 'nock';
import { RETRY } from '../../../../nodes/shared/transport';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../contract/recorder';
import {
	API_KEY_SECRET,
	API_KEY_SID,
	AUTH_TOKEN,
	BASE_URL,
	apiKeyCredentials,
	authTokenCredentials,
	sid,
} from '../../../fixtures/twilio';
import { MESSAGES_PATH, send, sendParameters } from '../../../helpers/send';
import { createHarness, runNode } from '../../../harness/workflow';

const twilioError = (code: number, status = 400) => ({
	code,
	message: `Twilio message for ${code}`,
	more_info: `https://www.twilio.com/docs/errors/${code}`,
	status,
});

let saved: typeof RETRY;
beforeAll(() => {
	saved = { ...RETRY };
	RETRY.baseDelayMs = 5;
});
afterAll(() => Object.assign(RETRY, saved));
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

function countingScope(
	answers: Array<[number, object, Record<string, string>?] | 'refused' | 'reset' | 'timeout'>,
) {
	let attempts = 0;
	let accepted = 0;
	const scope = twilioNock(BASE_URL);
	scope.on('request', () => attempts++);
	for (const answer of answers) {
		const interceptor = scope.post(MESSAGES_PATH);
		if (answer === 'refused' || answer === 'reset' || answer === 'timeout') {
			const code = { refused: 'ECONNREFUSED', reset: 'ECONNRESET', timeout: 'ETIMEDOUT' }[answer];
			interceptor.replyWithError({ code, message: `socket ${code}` });
			continue;
		}
		const [status, body, headers] = answer;
		interceptor.reply(() => {
			if (status === 201) accepted++;
			return [status, body, headers];
		});
	}
	return { scope, counts: () => ({ attempts, accepted }) };
}

describe('transport retries', () => {
	it('retries 429 and 503 and sends the message exactly once', async () => {
		const { counts } = countingScope([
			[429, twilioError(20429, 429), { 'Retry-After': '0' }],
			[503, { message: 'Service Unavailable' }],
			[201, { sid: sid('SM'), status: 'queued' }],
		]);
		const run = await send();
		expect(run.error).toBeUndefined();
		expect(counts()).toEqual({ attempts: 3, accepted: 1 });
		expect(run.json).toHaveLength(1);
	});

	it('honours Retry-After', async () => {
		countingScope([
			[429, twilioError(20429, 429), { 'Retry-After': '1' }],
			[201, { sid: sid('SM') }],
		]);
		const started = Date.now();
		const run = await send();
		expect(run.error).toBeUndefined();
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
	});

	it('retries a refused connection, which never reached Twilio', async () => {
		const { counts } = countingScope(['refused', 'refused', [201, { sid: sid('SM') }]]);
		const run = await send();
		expect(run.error).toBeUndefined();
		expect(counts()).toEqual({ attempts: 3, accepted: 1 });
	});

	it("gives up after a bounded number of attempts with Twilio's explanation", async () => {
		const { counts } = countingScope(
			Array.from(
				{ length: RETRY.maxAttempts },
				() => [429, twilioError(20429, 429)] as [number, object],
			),
		);
		const run = await send();
		expect(counts().attempts).toBe(RETRY.maxAttempts);
		expect(run.error?.message).toBe('Too many requests (Twilio error 20429)');
		expect(run.error?.description).toMatch(/Concurrency/);
	});

	it.each(['reset', 'timeout'] as const)(
		'never repeats a POST whose outcome is unknown (%s)',
		async (failure) => {
			const { counts } = countingScope([failure, [201, { sid: sid('SM') }]]);
			const run = await send({ parameters: { to: '+14155550177' } });
			expect(counts().attempts).toBe(1);
			expect(run.error?.message).toMatch(/may or may not have been sent/);
			expect(run.error?.message).toContain('+14155550177');
			expect(run.error?.description).toMatch(/before sending again/);
		},
	);

	it('does not treat 400s as retryable', async () => {
		const { counts } = countingScope([
			[400, twilioError(21211)],
			[201, { sid: sid('SM') }],
		]);
		await send();
		expect(counts().attempts).toBe(1);
	});
});

describe('transport error mapping', () => {
	const codes: Array<[number, RegExp]> = [
		[20003, /API Key SID and Secret/],
		[20429, /Concurrency/],
		[21211, /E\.164/],
		[21408, /Geo permissions/],
		[21610, /reply START/],
		[21612, /cannot message this destination/],
		[21614, /cannot receive SMS/],
		[21617, /Shorten/],
		[21623, /at most 10 media/],
		[21654, /Content Template/],
		[21656, /every variable/],
		[35118, /Messaging Service/],
		[63016, /24 hours/],
	];

	it.each(codes)('explains Twilio error %i with a fix', async (code, hint) => {
		twilioNock(BASE_URL)
			.post(MESSAGES_PATH)
			.reply(code === 20003 ? 401 : 400, twilioError(code, code === 20003 ? 401 : 400));
		const run = await send();
		expect(run.error?.message).toMatch(new RegExp(`\\(Twilio error ${code}\\)$`));
		expect(run.error?.description).toMatch(hint);
		expect(run.error?.description).toContain(`https://www.twilio.com/docs/errors/${code}`);
		expect(run.error?.description).toContain(`Twilio message for ${code}`);
	});

	it("keeps an unknown code and Twilio's own message", async () => {
		twilioNock(BASE_URL)
			.post(MESSAGES_PATH)
			.reply(400, { code: 99999, message: 'Something new', status: 400 });
		const run = await send();
		expect(run.error?.message).toBe('Something new (Twilio error 99999)');
	});

	it('copes with a non-JSON error page', async () => {
		twilioNock(BASE_URL)
			.post(MESSAGES_PATH)
			.reply(400, '<html>Bad request</html>', { 'Content-Type': 'text/html' });
		const run = await send();
		expect(run.error?.message).toBe('Twilio answered HTTP 400 to sending a message');
	});

	it('treats a 5xx other than 503 to a send as an unknown outcome: Twilio may have processed it', async () => {
		twilioNock(BASE_URL)
			.post(MESSAGES_PATH)
			.reply(502, '<html>Bad gateway</html>', { 'Content-Type': 'text/html' });
		const run = await send();
		expect(run.error?.message).toBe(
			'While sending a message to +14155550199, Twilio answered HTTP 502: the message may or may not have been sent',
		);
	});

	it.each([
		['API key', apiKeyCredentials, API_KEY_SECRET],
		['Auth Token', authTokenCredentials, AUTH_TOKEN],
	])('never puts the %s secret in an error', async (_label, credentials, secret) => {
		twilioNock(BASE_URL).post(MESSAGES_PATH).reply(401, twilioError(20003, 401));
		const unauthorized = await send({ credentials });
		countingScope(['reset']);
		const unknown = await send({ credentials });
		const basic = Buffer.from(`x:${secret}`).toString('base64').slice(4);
		for (const run of [unauthorized, unknown]) {
			const serialized =
				JSON.stringify(run.error) + String(run.error?.stack) + JSON.stringify(run.run.data);
			expect(serialized).not.toContain(secret);
			expect(serialized).not.toContain(basic);
		}
	});

	it('says what is wrong with an incomplete credential', async () => {
		const run = await send({ credentials: { ...apiKeyCredentials, accountSid: 'AC123' } });
		expect(run.error?.message).toMatch(
			/Account SID must be "AC" followed by 32 hexadecimal characters/,
		);
	});
});

describe('hosts', () => {
	it.each([
		[{ region: 'ie1' }, 'https://api.dublin.ie1.twilio.com'],
		[{ region: 'au1', edge: 'sydney' }, 'https://api.sydney.au1.twilio.com'],
		[{ region: 'us1', edge: 'ashburn' }, 'https://api.ashburn.us1.twilio.com'],
		[{ baseUrlOverride: 'http://127.0.0.1:4010/' }, 'http://127.0.0.1:4010'],
	])('sends to the host for %j', async (settings, host) => {
		const scope = twilioNock(host)
			.post(MESSAGES_PATH)
			.reply(201, { sid: sid('SM') });
		const run = await send({ credentials: { ...apiKeyCredentials, ...settings } });
		expect(run.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
	});
});

describe('no secret in errors from a host that echoes the request', () => {
	it('scrubs the Authorization value and the credential strings from the message, description and More link', async () => {
		const basic = Buffer.from(`${API_KEY_SID}:${API_KEY_SECRET}`).toString('base64');
		twilioNock(BASE_URL)
			.post(MESSAGES_PATH)
			.reply(400, {
				code: 21211,
				message: `Bad request; headers were Authorization: Basic ${basic}, X-Secret: ${API_KEY_SECRET}, token ${AUTH_TOKEN}`,
				more_info: `https://proxy.example.com/debug?auth=${basic}`,
				status: 400,
			});
		const run = await send({ credentials: { ...apiKeyCredentials, authToken: AUTH_TOKEN } });
		const everything = JSON.stringify(run.run.data.resultData);
		expect(run.error?.description).toMatch(/Authorization: \[redacted\]/);
		for (const secret of [basic, API_KEY_SECRET, AUTH_TOKEN])
			expect(everything).not.toContain(secret);
	});

	it.each([
		['ftp://x', /must start with http:\/\/ or https:\/\/ \(it has ftp:\)/],
		['https://user:pass@api.example.com', /must not contain a user name or password/],
		['not a url', /is not a URL/],
	])('refuses the Base URL Override %s before any request', async (override, reason) => {
		const run = await send({ credentials: { ...apiKeyCredentials, baseUrlOverride: override } });
		expect(run.error?.message).toMatch(reason);
		expect(JSON.stringify(run.run.data.resultData)).not.toContain('user:pass');
	});
});

describe('requests that certainly never reached Twilio', () => {
	it('a TLS handshake that fails is "not sent", and the send-once key is free for the re-run', async () => {
		const plain = http.createServer((_request, response) => response.end());
		await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
		const { port } = plain.address() as AddressInfo;
		const parameters = sendParameters({ options: { sendOnceBy: 'tls-key' } });
		const harness = createHarness();
		const broken = await runNode(harness, {
			parameters,
			credentials: { ...apiKeyCredentials, baseUrlOverride: `https://127.0.0.1:${port}` },
		});
		plain.close();
		expect(broken.error?.message).toBe(
			'Could not reach Twilio while sending a message: the secure connection (TLS) could not be set up; nothing was sent',
		);
		twilioNock(BASE_URL)
			.post(MESSAGES_PATH)
			.reply(201, { sid: sid('SM') });
		const fixed = await runNode(harness, { parameters, credentials: apiKeyCredentials });
		expect(fixed.json[0].sid).toMatch(/^SM/);
	});
});
