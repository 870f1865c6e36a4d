import { stripFragment } from '../../shared/domain';

export type OverrideResult = { ok: true; base: URL | undefined } | { ok: false; reason: string };

/** Checks the "Public URL Override": scheme, host, optional port and optional path prefix, nothing else. */
export function parsePublicUrlOverride(value: string | undefined): OverrideResult {
	const text = stripFragment(value?.trim() ?? '');
	if (text === '') return { ok: true, base: undefined };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: `"${text}" is not a URL; use e.g. https://n8n.example.com` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { ok: false, reason: `"${text}" must start with https:// or http://` };
	}
	if (url.search || url.username || url.password) {
		return {
			ok: false,
			reason: `"${text}" must be only scheme, host, port and an optional path prefix, without query or user name`,
		};
	}
	return { ok: true, base: url };
}

/**
 * The URL Twilio calls: n8n's webhook URL, or with an override its scheme, host and port replaced
 * and the override's path put in front of n8n's path (for proxies that publish n8n elsewhere).
 */
export function publicWebhookUrl(n8nUrl: string, override: URL | undefined): string {
	if (!override) return n8nUrl;
	const own = new URL(n8nUrl);
	const prefix = override.pathname.replace(/\/+$/, '');
	return `${override.origin}${prefix}${own.pathname}`;
}

/**
 * n8n gives a webhook node only its production URL while it answers a manual test run. The test
 * URL differs from it in the one path segment in front of the node's own path (`webhook` versus
 * `webhook-test` by default), which the request path shows.
 */
export function testWebhookUrl(productionUrl: string, requestPath: string): string {
	const production = new URL(productionUrl);
	const ownSegments = production.pathname.split('/');
	const requestSegments = requestPath.split('?')[0].split('/');
	let shared = 0;
	while (
		shared < ownSegments.length - 1 &&
		shared < requestSegments.length - 1 &&
		ownSegments[ownSegments.length - 1 - shared] ===
			requestSegments[requestSegments.length - 1 - shared]
	) {
		shared++;
	}
	const endpointIndex = ownSegments.length - 1 - shared;
	if (shared === 0 || endpointIndex < 1) return productionUrl;
	ownSegments[endpointIndex] = requestSegments[requestSegments.length - 1 - shared];
	return `${production.origin}${ownSegments.join('/')}`;
}

/**
 * The URL Twilio signed: the public webhook URL with the query string the request arrived with
 * (a query the user added in the console, or `bodySHA256` for JSON bodies). Twilio strips the
 * connection-override fragment before it calls, so the signed URL never has one.
 */
export function signedUrl(publicUrl: string, requestPath: string): string {
	const base = publicUrl.split('#')[0];
	const queryAt = requestPath.indexOf('?');
	return queryAt === -1 ? base : `${base}${requestPath.slice(queryAt)}`;
}
