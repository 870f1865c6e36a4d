import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';
import { twilioNock } from '../contract/recorder';
import {
	ACCOUNT_PATH,
	BASE_URL,
	CONTENT_URL,
	FROM,
	apiKeyCredentials,
	messageResource,
} from '../fixtures/twilio';
import { createHarness, runNode, type NodeRun, type RunNodeOptions } from '../harness/workflow';

export const MESSAGES_PATH = `${ACCOUNT_PATH}/Messages.json`;

/** Send parameters for an inline SMS from a phone number; tests override what they exercise. */
export function sendParameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'message',
		operation: 'send',
		channel: 'sms',
		senderType: 'phoneNumber',
		from: { __rl: true, mode: 'id', value: FROM },
		to: '+14155550199',
		templateType: 'inline',
		body: 'Hello',
		...overrides,
	};
}

export interface SentRequest {
	form: URLSearchParams;
	headers: Record<string, string | string[] | undefined>;
}

/** Answers message creates like Twilio and keeps every form that reached it. */
export function acceptMessages(times = 1): { sent: SentRequest[]; scope: nock.Scope } {
	const sent: SentRequest[] = [];
	const scope = twilioNock(BASE_URL)
		.post(MESSAGES_PATH)
		.times(times)
		.reply(function (_uri, body) {
			const form = new URLSearchParams(body as string);
			sent.push({ form, headers: this.req.headers });
			return [201, messageResource(form)];
		});
	return { sent, scope };
}

export function templateResource(
	sid: string,
	types: IDataObject,
	variables: IDataObject = {},
): IDataObject & { sid: string } {
	return {
		sid,
		account_sid: 'AC0123456789abcdef0123456789abcdef',
		friendly_name: `template ${sid.slice(-4)}`,
		language: 'en',
		variables,
		types,
		url: `${CONTENT_URL}/v1/Content/${sid}`,
		date_created: '2026-11-01T10:00:00Z',
		date_updated: '2026-11-01T10:00:00Z',
		links: {},
	};
}

export async function send(
	options: Partial<RunNodeOptions> & { parameters?: INodeParameters } = {},
): Promise<NodeRun> {
	return await runNode(createHarness(), {
		credentials: apiKeyCredentials,
		...options,
		parameters: sendParameters(options.parameters),
	});
}
