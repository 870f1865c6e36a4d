import { randomUUID } from 'crypto';
import { getExpectedBodyHash, getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks';
import { AUTH_TOKEN } from '../fixtures/twilio';
import type { TriggerMode, WebhookRequestInit } from './webhookNode';

/** Form parameters as Twilio sends them; a list repeats the name. */
export type FormParams = Record<string, string | string[]>;

export function encodeForm(params: FormParams): string {
	const form = new URLSearchParams();
	for (const [name, value] of Object.entries(params)) {
		for (const entry of Array.isArray(value) ? value : [value]) form.append(name, entry);
	}
	return form.toString();
}

export interface SigningOptions {
	authToken?: string;
	/** Sent as I-Twilio-Idempotency-Token; a fresh one per request unless given, none when null. */
	idempotencyToken?: string | null;
	/** Replaces the signature Twilio's signing produced. */
	signature?: string | null;
	/** Path and query the request reaches n8n on, when a proxy rewrote the public URL. */
	path?: string;
	mode?: TriggerMode;
}

function headersFor(
	signature: string | null,
	idempotencyToken: string | null,
	contentType: string,
): Record<string, string> {
	const headers: Record<string, string> = {
		'content-type': contentType,
		'user-agent': 'TwilioProxy/1.1',
	};
	if (signature !== null) headers['x-twilio-signature'] = signature;
	if (idempotencyToken !== null) headers['i-twilio-idempotency-token'] = idempotencyToken;
	return headers;
}

function wirePath(url: string): string {
	const parsed = new URL(url);
	return `${parsed.pathname}${parsed.search}`;
}

/** A form-encoded webhook as Twilio sends it to `url`, signed by the `twilio` package's own signing. */
export function twilioFormRequest(
	url: string,
	params: FormParams,
	options: SigningOptions = {},
): WebhookRequestInit {
	const signature =
		options.signature !== undefined
			? options.signature
			: getExpectedTwilioSignature(options.authToken ?? AUTH_TOKEN, url, params);
	return {
		mode: options.mode,
		path: options.path ?? wirePath(url),
		headers: headersFor(
			signature,
			options.idempotencyToken === undefined ? randomUUID() : options.idempotencyToken,
			'application/x-www-form-urlencoded; charset=utf-8',
		),
		body: encodeForm(params),
	};
}

/** A JSON webhook: Twilio adds `bodySHA256` to the URL and signs the URL alone. */
export function twilioJsonRequest(
	url: string,
	body: string,
	options: SigningOptions = {},
): WebhookRequestInit {
	const signedUrl = `${url}${url.includes('?') ? '&' : '?'}bodySHA256=${getExpectedBodyHash(body)}`;
	const signature =
		options.signature !== undefined
			? options.signature
			: getExpectedTwilioSignature(options.authToken ?? AUTH_TOKEN, signedUrl, {});
	return {
		mode: options.mode,
		path: options.path ?? wirePath(signedUrl),
		headers: headersFor(
			signature,
			options.idempotencyToken === undefined ? randomUUID() : options.idempotencyToken,
			'application/json',
		),
		body,
	};
}
