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
	context: { itemIndex?: number; action: string },
): NodeApiError {
	const twilio: TwilioErrorBody = isTwilioErrorBody(body) ? body : {};
	const code = typeof twilio.code === 'number' ? twilio.code : undefined;
	const known = describeTwilioError(code);
	const twilioMessage = twilio.message ?? `HTTP ${statusCode}`;
	const message = known ? `${known.message} (Twilio error ${code})` : code ? `${twilioMessage} (Twilio error ${code})` : `Twilio answered HTTP ${statusCode} to ${context.action}`;
	const description = [
		known ? `Twilio says: ${twilioMessage}` : undefined,
		known?.hint,
		code ? `More: ${twilio.more_info ?? twilioErrorUrl(code)}` : undefined,
	]
		.filter(Boolean)
		.join('\n');
	const errorResponse: JsonObject = { code: code ?? null, message: twilioMessage, more_info: twilio.more_info ?? null, status: statusCode };
	return new NodeApiError(node, errorResponse, {
		message,
		description: description || undefined,
		httpCode: String(statusCode),
		itemIndex: context.itemIndex,
	});
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
};

export function describeSocketError(code: string | undefined): string {
	return (code && SOCKET_ERRORS[code]) ?? 'no response came back';
}

const unknownOutcomes = new WeakSet<Error>();

/** The request left and no answer came back: Twilio may have processed it. */
export function unknownOutcomeError(
	node: INode,
	reason: string,
	context: { itemIndex?: number; action: string; recipient?: string },
): NodeOperationError {
	const target = context.recipient ? ` to ${context.recipient}` : '';
	const error = new NodeOperationError(node, `While ${context.action}${target}, ${reason}: the message may or may not have been sent`, {
		itemIndex: context.itemIndex,
		description: `Check the recipient's message log in the Twilio console (or use Message > Get Many filtered by To) before sending again, so the recipient does not get it twice. It was not retried automatically for the same reason.`,
	});
	unknownOutcomes.add(error);
	return error;
}

export function isUnknownOutcome(error: unknown): boolean {
	return error instanceof Error && unknownOutcomes.has(error);
}

export function connectionError(node: INode, reason: string, context: { itemIndex?: number; action: string }): NodeOperationError {
	return new NodeOperationError(node, `Could not reach Twilio while ${context.action}: ${reason}`, {
		itemIndex: context.itemIndex,
		description: 'Check the network, any proxy settings, and the Region, Edge and Base URL Override of the credential.',
	});
}
