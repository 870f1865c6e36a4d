import { NodeApiError, NodeOperationError, type INode, type JsonObject } from 'n8n-workflow';
import { describeTwilioError, twilioErrorUrl } from '../domain/errorCodes';

export interface TwilioErrorBody {
	code?: number;
	message?: string;
	more_info?: string;
	status?: number;
}

function isTwilioErrorBody(body: unknown): body is TwilioErrorBody {
	return typeof body === 'object' && body !== null && ('code' in body || 'message' in body);
}

/**
 * Turns a Twilio error response into an n8n error: the message says what happened, the description
 * how to fix it. Only Twilio's own error fields are kept, never the request (which carries the secret).
 */
export function twilioApiError(
	node: INode,
	statusCode: number,
	body: unknown,
	context: { itemIndex?: number; action: string; secrets?: string[] },
): NodeApiError {
	const twilio: TwilioErrorBody = isTwilioErrorBody(body) ? body : {};
	const code = typeof twilio.code === 'number' ? twilio.code : undefined;
	const known = describeTwilioError(code);
	// A host that is not Twilio (a proxy, a misconfigured override) may echo the request's headers.
	const clean = (text: unknown) =>
		typeof text === 'string' ? scrubSecrets(text, context.secrets ?? []) : undefined;
	const twilioMessage = clean(twilio.message) ?? `HTTP ${statusCode}`;
	const moreInfo = clean(twilio.more_info);
	const message = known
		? `${known.message} (Twilio error ${code})`
		: code
			? `${twilioMessage} (Twilio error ${code})`
			: `Twilio answered HTTP ${statusCode} to ${context.action}`;
	const description = [
		known ? `Twilio says: ${twilioMessage}` : undefined,
		known?.hint,
		code ? `More: ${moreInfo ?? twilioErrorUrl(code)}` : undefined,
	]
		.filter(Boolean)
		.join('\n');
	const errorResponse: JsonObject = {
		code: code ?? null,
		message: twilioMessage,
		more_info: moreInfo ?? null,
		status: statusCode,
	};
	const error = new NodeApiError(node, errorResponse, {
		message,
		description: description || undefined,
		httpCode: String(statusCode),
		itemIndex: context.itemIndex,
	});
	if (statusCode >= 500) unreachable.add(error);
	return error;
}

const REDACTED = '[redacted]';

/**
 * Removes credential strings and any `Authorization` header value from text that came back from
 * the API host, before it can reach an error message, its description or a log.
 */
function scrubSecrets(text: string, secrets: string[]): string {
	let clean = text;
	for (const secret of secrets) {
		if (secret.length >= 4) clean = clean.split(secret).join(REDACTED);
	}
	return clean.replace(
		/(authorization["']?\s*[:=]\s*["']?)(?:(?:basic|bearer)\s+)?[^\s"',;}]+/gi,
		`$1${REDACTED}`,
	);
}

// n8n replaces any message containing a socket error code with its own generic text, so the codes
// are put into words here.
const SOCKET_ERRORS: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	ETIMEDOUT: 'the request timed out',
	ECONNABORTED: 'the request timed out',
	ESOCKETTIMEDOUT: 'the request timed out',
	ECONNREFUSED: 'the connection was refused',
	ENOTFOUND: 'the host name was not found',
	EAI_AGAIN: 'the host name could not be resolved',
	EPIPE: 'the connection was closed',
	ERR_CANCELED: 'the execution was stopped while the request was under way',
};

const TLS_FAILURE = /^(EPROTO|ERR_SSL_|ERR_TLS_|CERT_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_)/;

export function describeSocketError(code: string | undefined): string {
	if (code === 'ERR_UNSUPPORTED_PROTOCOL') return 'the URL scheme is not http or https';
	if (code && TLS_FAILURE.test(code)) return 'the secure connection (TLS) could not be set up';
	return (code && SOCKET_ERRORS[code]) ?? 'no response came back';
}

const unknownOutcomes = new WeakSet<Error>();
/** Errors that say the API is down or cannot be reached: refused, no such host, TLS failure, 5xx. */
const unreachable = new WeakSet<Error>();

export function isUnreachable(error: unknown): boolean {
	return error instanceof Error && unreachable.has(error);
}

/** The request left and no answer came back: Twilio may have processed it. */
export function unknownOutcomeError(
	node: INode,
	reason: string,
	context: { itemIndex?: number; action: string; recipient?: string },
	serverFailed = false,
): NodeOperationError {
	const target = context.recipient ? ` to ${context.recipient}` : '';
	const error = new NodeOperationError(
		node,
		`While ${context.action}${target}, ${reason}: the message may or may not have been sent`,
		{
			itemIndex: context.itemIndex,
			description: `Check the recipient's message log in the Twilio console (or use Message > Get Many filtered by To) before sending again, so the recipient does not get it twice. It was not retried automatically for the same reason. With Send Once per Key, the next run looks the message up in Twilio's log and sends it only if it is not there.`,
		},
	);
	unknownOutcomes.add(error);
	if (serverFailed) unreachable.add(error);
	return error;
}

export function isUnknownOutcome(error: unknown): boolean {
	return error instanceof Error && unknownOutcomes.has(error);
}

/** The request certainly did not reach Twilio (refused, no such host, TLS failure before it was written). */
export function connectionError(
	node: INode,
	reason: string,
	context: { itemIndex?: number; action: string },
): NodeOperationError {
	const error = new NodeOperationError(
		node,
		`Could not reach Twilio while ${context.action}: ${reason}; nothing was sent`,
		{
			itemIndex: context.itemIndex,
			description:
				'Check the network, any proxy settings, and the Region, Edge and Base URL Override of the credential.',
		},
	);
	unreachable.add(error);
	return error;
}
