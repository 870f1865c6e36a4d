import {
	parsePublicUrlOverride,
	publicWebhookUrl,
	signedUrl,
	testWebhookUrl,
} from '../../../../nodes/TwilioMessagingTrigger/trigger/webhookUrl';

const ID = '5b0c8a7e-1d2f-4c3b-9a8e-7f6d5c4b3a21';

describe('parsePublicUrlOverride', () => {
	it('accepts scheme and host, with a port and a path prefix, and ignores a fragment', () => {
		for (const value of [
			'https://hooks.acme.example',
			'http://10.0.0.5:8080/',
			'https://acme.example/n8n#rc=3',
			'  https://acme.example/a/b  ',
		]) {
			expect(parsePublicUrlOverride(value)).toMatchObject({ ok: true });
		}
	});

	it("empty means n8n's own URL", () => {
		expect(parsePublicUrlOverride('')).toEqual({ ok: true, base: undefined });
		expect(parsePublicUrlOverride(undefined)).toEqual({ ok: true, base: undefined });
	});

	it.each([
		['hooks.acme.example', 'is not a URL'],
		['ftp://hooks.acme.example', 'must start with https://'],
		['https://hooks.acme.example/?tenant=1', 'without query'],
		['https://user:secret@hooks.acme.example', 'without query or user name'],
	])('refuses %s', (value, reason) => {
		const result = parsePublicUrlOverride(value);
		expect(result.ok).toBe(false);
		expect(result.ok ? '' : result.reason).toContain(reason);
	});
});

describe('publicWebhookUrl', () => {
	const own = `http://127.0.0.1:5678/webhook/${ID}/twilio`;
	const base = (value: string) => (parsePublicUrlOverride(value) as { base: URL }).base;

	it("replaces scheme, host and port, and puts the override's path in front of n8n's", () => {
		expect(publicWebhookUrl(own, base('https://hooks.acme.example'))).toBe(
			`https://hooks.acme.example/webhook/${ID}/twilio`,
		);
		expect(publicWebhookUrl(own, base('https://acme.example:8443/n8n/'))).toBe(
			`https://acme.example:8443/n8n/webhook/${ID}/twilio`,
		);
	});

	it("without an override is n8n's URL", () => {
		expect(publicWebhookUrl(own, undefined)).toBe(own);
	});
});

describe('testWebhookUrl', () => {
	it('swaps the endpoint segment for the one the request came in on', () => {
		expect(
			testWebhookUrl(
				`https://n8n.example.com/webhook/${ID}/twilio`,
				`/webhook-test/${ID}/twilio?x=1`,
			),
		).toBe(`https://n8n.example.com/webhook-test/${ID}/twilio`);
	});

	it('keeps a path prefix the proxy removed before n8n saw the request', () => {
		expect(
			testWebhookUrl(
				`https://acme.example/automation/webhook/${ID}/twilio`,
				`/webhook-test/${ID}/twilio`,
			),
		).toBe(`https://acme.example/automation/webhook-test/${ID}/twilio`);
	});

	it('works with a custom test endpoint name', () => {
		expect(
			testWebhookUrl(`https://n8n.example.com/hooks/${ID}/twilio`, `/hooks-try/${ID}/twilio`),
		).toBe(`https://n8n.example.com/hooks-try/${ID}/twilio`);
	});

	it('leaves the URL alone when the request path shares nothing with it', () => {
		const url = `https://n8n.example.com/webhook/${ID}/twilio`;
		expect(testWebhookUrl(url, '/elsewhere')).toBe(url);
		expect(testWebhookUrl(url, `/webhook/${ID}/twilio`)).toBe(url);
	});
});

describe('signedUrl', () => {
	it('adds the query the request arrived with and drops a connection-override fragment', () => {
		expect(
			signedUrl(
				'https://n8n.example.com/webhook/a/twilio#rc=3&rp=all',
				'/webhook/a/twilio?x=1&y=%20',
			),
		).toBe('https://n8n.example.com/webhook/a/twilio?x=1&y=%20');
		expect(signedUrl('https://n8n.example.com/webhook/a/twilio', '/webhook/a/twilio')).toBe(
			'https://n8n.example.com/webhook/a/twilio',
		);
	});
});
