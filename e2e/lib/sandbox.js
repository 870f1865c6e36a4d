// @ts-check
'use strict';

const path = require('path');
const { ROOT } = require('./n8n');
const { waitFor } = require('./processes');

/** The default seed's values the demos and checks use, read from the seed itself. */
const SEED = (() => {
	const [account] = require(path.join(ROOT, 'sandbox', 'seed.default.json')).accounts;
	const [apiKey] = account.apiKeys;
	/** @param {string} friendlyName */
	const number = (friendlyName) =>
		account.phoneNumbers.find((/** @type {any} */ n) => n.friendlyName === friendlyName)
			.phoneNumber;
	/** @param {string} friendlyName */
	const service = (friendlyName) =>
		account.services.find((/** @type {any} */ s) => s.friendlyName === friendlyName).sid;
	return {
		accountSid: account.sid,
		authToken: account.authToken,
		apiKeySid: apiKey.sid,
		apiKeySecret: apiKey.secret,
		mainNumber: number('Sandbox main line'),
		standaloneNumber: number('Sandbox standalone line'),
		ukNumber: number('Sandbox UK mobile'),
		notificationsService: service('Sandbox Notifications'),
		marketingService: service('Sandbox Marketing'),
		emptyService: service('Sandbox Empty Pool'),
	};
})();

/**
 * Starts `node sandbox/cli.js` on the port and waits until it answers.
 * @param {import('./processes').Processes} processes @param {number} port @param {{ name?: string, args?: string[] }} [o]
 */
async function startSandbox(processes, port, { name = 'sandbox', args: extraArgs = [] } = {}) {
	const proc = processes.start(name, process.execPath, [
		path.join(ROOT, 'sandbox', 'cli.js'),
		'--port',
		String(port),
		...extraArgs,
	]);
	const client = new SandboxClient(`http://127.0.0.1:${port}`);
	await waitFor('the sandbox to answer', async () => {
		if (proc.exitCode() !== undefined)
			throw new Error(`the sandbox exited with code ${proc.exitCode()}`);
		return (await fetch(`${client.url}/sandbox/health`).catch(() => undefined))?.ok;
	});
	return { proc, client };
}

/** The sandbox's control endpoints and its Twilio API, as the default seed's API key. */
class SandboxClient {
	/** @param {string} url */
	constructor(url) {
		this.url = url;
	}

	/** @param {string} method @param {string} urlPath @param {unknown} [body] */
	async control(method, urlPath, body) {
		const response = await fetch(`${this.url}/sandbox${urlPath}`, {
			method,
			headers: body === undefined ? {} : { 'content-type': 'application/json' },
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok)
			throw new Error(
				`sandbox ${method} ${urlPath} answered ${response.status}: ${text.slice(0, 300)}`,
			);
		return text ? JSON.parse(text) : undefined;
	}

	/** @returns {Promise<any[]>} */
	async ledger() {
		return (await this.control('GET', '/messages')).messages;
	}

	/** @returns {Promise<any[]>} */
	async callbacks() {
		return (await this.control('GET', '/callbacks')).callbacks;
	}

	/** @returns {Promise<any[]>} */
	async inboundLog() {
		return (await this.control('GET', '/inbound')).inbound;
	}

	/** @param {Record<string, unknown>} message */
	async inbound(message) {
		return await this.control('POST', '/inbound', message);
	}

	async clearMessages() {
		await this.control('DELETE', '/messages');
	}

	async reset() {
		await this.control('POST', '/reset');
	}

	/**
	 * A Twilio REST call, e.g. `twilio('POST', '/v1/Services/MG…', {InboundRequestUrl: …})`: the JSON resource Twilio answers with.
	 * @param {string} method @param {string} urlPath @param {Record<string, string>} [form]
	 * @returns {Promise<Record<string, any>>}
	 */
	async twilio(method, urlPath, form) {
		const response = await fetch(`${this.url}${urlPath}`, {
			method,
			headers: {
				authorization: `Basic ${Buffer.from(`${SEED.apiKeySid}:${SEED.apiKeySecret}`).toString('base64')}`,
				...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
			},
			body: form ? new URLSearchParams(form).toString() : undefined,
		});
		const json = /** @type {Record<string, any>} */ (await response.json());
		if (!response.ok)
			throw new Error(
				`Twilio ${method} ${urlPath} answered ${response.status}: ${JSON.stringify(json)}`,
			);
		return json;
	}

	/** @param {Record<string, string>} form */
	async sendMessage(form) {
		return await this.twilio('POST', `/2010-04-01/Accounts/${SEED.accountSid}/Messages.json`, form);
	}

	/** @param {string} sid */
	async service(sid) {
		return await this.twilio('GET', `/v1/Services/${sid}`);
	}

	/** The webhook settings of the default account's Messaging Services and numbers. */
	async webhookSettings() {
		const { services } = await this.twilio('GET', '/v1/Services?PageSize=1000');
		const numbers = await this.twilio(
			'GET',
			`/2010-04-01/Accounts/${SEED.accountSid}/IncomingPhoneNumbers.json?PageSize=1000`,
		);
		/** @param {unknown} value */
		const text = (value) => (typeof value === 'string' ? value : '');
		return {
			services: Object.fromEntries(
				services.map((/** @type {any} */ s) => [
					s.sid,
					{
						InboundRequestUrl: text(s.inbound_request_url),
						InboundMethod: text(s.inbound_method),
						StatusCallback: text(s.status_callback),
					},
				]),
			),
			numbers: Object.fromEntries(
				numbers.incoming_phone_numbers.map((/** @type {any} */ n) => [
					n.sid,
					{ SmsUrl: text(n.sms_url), SmsMethod: text(n.sms_method) },
				]),
			),
		};
	}

	/** Puts back settings saved by webhookSettings(). @param {Awaited<ReturnType<SandboxClient['webhookSettings']>>} settings */
	async applyWebhookSettings(settings) {
		for (const [sid, form] of Object.entries(settings.services))
			await this.twilio('POST', `/v1/Services/${sid}`, form);
		for (const [sid, form] of Object.entries(settings.numbers)) {
			await this.twilio(
				'POST',
				`/2010-04-01/Accounts/${SEED.accountSid}/IncomingPhoneNumbers/${sid}.json`,
				form,
			);
		}
	}
}

/** The credential that points every Twilio host at the sandbox. @param {string} sandboxUrl */
function sandboxCredentialData(sandboxUrl) {
	return {
		accountSid: SEED.accountSid,
		authType: 'apiKey',
		apiSid: SEED.apiKeySid,
		apiKeySecret: SEED.apiKeySecret,
		authToken: SEED.authToken,
		region: 'us1',
		edge: '',
		baseUrlOverride: sandboxUrl,
	};
}

module.exports = { SEED, startSandbox, SandboxClient, sandboxCredentialData };
