// The webhooks module alone: the package's main entry also loads the whole REST client.
import { validateRequest, validateRequestWithBody } from 'twilio/lib/webhooks/webhooks';
import type { ReceivedRequest } from './request';

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

/**
 * Checks `X-Twilio-Signature` with the official helpers, which know Twilio's rules for ports,
 * repeated parameters and JSON bodies (`bodySHA256`).
 */
export function hasValidSignature(authToken: string, url: string, request: ReceivedRequest): boolean {
	if (!request.signature) return false;
	try {
		return request.isJson
			? validateRequestWithBody(authToken, request.signature, url, request.rawBody)
			: validateRequest(authToken, request.signature, url, request.params);
	} catch {
		// The helpers parse the URL; one they cannot parse was not signed by Twilio.
		return false;
	}
}
