/** Header names in lower case, as Node's HTTP server gives them. */
export type IncomingHttpHeaders = Record<string, string | string[] | undefined>;

/** The parts of n8n's webhook request this node reads (n8n hands it an express request). */
export interface WebhookRequest {
	headers: IncomingHttpHeaders;
	originalUrl?: string;
	url?: string;
	body?: unknown;
	rawBody?: Buffer;
	readRawBody?: () => Promise<void>;
}

export type TwilioParams = Record<string, unknown>;

export interface ReceivedRequest {
	/** The form parameters (a repeated name gives a list), or the parsed JSON body. */
	params: TwilioParams;
	rawBody: string;
	isJson: boolean;
	/** Path and query exactly as received, e.g. `/webhook/4f1…/twilio?bodySHA256=…`. */
	path: string;
	signature: string | undefined;
	idempotencyToken: string | undefined;
}

export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
}

/**
 * Twilio sends webhooks as a form or (with `bodySHA256`) as JSON, and signs nothing else: any other
 * content type (multipart included) cannot be verified and is refused before its body is read.
 */
export function isTwilioContentType(headers: IncomingHttpHeaders): boolean {
	const type = (header(headers, 'content-type') ?? '').split(';')[0].trim().toLowerCase();
	return type === 'application/x-www-form-urlencoded' || type === 'application/json';
}

// Parameters live on a prototype-less object: a form field named `constructor`, `toString` or
// `__proto__` is an ordinary parameter, read and signed like any other.
function parseForm(raw: string): TwilioParams {
	const params: Record<string, string | string[]> = Object.create(null);
	for (const [key, value] of new URLSearchParams(raw)) {
		const existing = params[key];
		if (existing === undefined) params[key] = value;
		else if (Array.isArray(existing)) existing.push(value);
		else params[key] = [existing, value];
	}
	return params;
}

function parseJson(raw: string): TwilioParams {
	try {
		const parsed: unknown = JSON.parse(raw);
		return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
			? Object.assign(Object.create(null), parsed)
			: Object.create(null);
	} catch {
		return Object.create(null);
	}
}

/**
 * Reads the body from its raw bytes, because the signature covers exactly what Twilio sent: n8n's
 * own parsing may turn bracketed names into nested objects or re-serialise JSON differently.
 */
export async function readRequest(req: WebhookRequest): Promise<ReceivedRequest> {
	if (req.rawBody === undefined && typeof req.readRawBody === 'function') await req.readRawBody();
	const isJson = (header(req.headers, 'content-type') ?? '')
		.toLowerCase()
		.startsWith('application/json');
	const rawBody = req.rawBody?.toString('utf8');
	let params: TwilioParams;
	if (rawBody !== undefined) {
		params = isJson ? parseJson(rawBody) : parseForm(rawBody);
	} else {
		params = Object.assign(
			Object.create(null),
			req.body !== null && typeof req.body === 'object' ? req.body : {},
		);
	}
	return {
		params,
		rawBody: rawBody ?? '',
		isJson,
		path: req.originalUrl ?? req.url ?? '/',
		signature: header(req.headers, 'x-twilio-signature'),
		idempotencyToken: header(req.headers, 'i-twilio-idempotency-token'),
	};
}
