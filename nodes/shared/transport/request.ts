import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHookFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IWebhookFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';
import { basicAuthToken, twilioBasicAuth, type BasicAuth } from './basicAuth';
import {
	connectionError,
	describeSocketError,
	twilioApiError,
	unknownOutcomeError,
} from './errors';
import { encodeForm, type FormFields } from './form';
import { checkBaseUrlOverride, twilioBaseUrl, type TwilioProduct } from './hosts';

export const CREDENTIAL_TYPE = 'twilioMessagingApi';

export type TwilioContext =
	IExecuteFunctions | ILoadOptionsFunctions | IHookFunctions | IWebhookFunctions;

export interface TwilioRequest {
	method: IHttpRequestMethods;
	product: TwilioProduct;
	/** For the `api` product, a path under `/2010-04-01/Accounts/{AccountSid}`; otherwise the full path. */
	path: string;
	qs?: IDataObject;
	form?: FormFields;
	/** Form keys sent even when empty (a blank Body redacts a message). */
	keepEmpty?: string[];
	json?: IDataObject;
	/** What the request does, for error messages: "sending a message". */
	action: string;
	itemIndex?: number;
	/** Named in the "may or may not have been sent" error. */
	recipient?: string;
	/** Download raw bytes (media) instead of JSON. */
	binary?: boolean;
	/** Once aborted (the run stops starting sends), 429/503 answers are no longer waited out and retried. */
	signal?: AbortSignal;
}

export interface TwilioSession {
	accountSid: string;
	credentials: ICredentialDataDecryptedObject;
	decrypted: ICredentialsDecrypted;
	baseUrl(product: TwilioProduct): string;
	/** Credential strings that must never appear in an error or log (scrubbed from error bodies). */
	secrets: string[];
}

export const RETRY = {
	maxAttempts: 6,
	baseDelayMs: 250,
	maxDelayMs: 8000,
	maxRetryAfterMs: 30000,
	timeoutMs: 30000,
};

/**
 * Errors after which the request certainly did not reach Twilio: no connection, no such host, or a
 * TLS handshake that failed (the request is only written once it succeeded). Even a POST may be
 * repeated after them.
 */
const NOT_SENT_CODES = new Set([
	'ECONNREFUSED',
	'ENOTFOUND',
	'EAI_AGAIN',
	'EPROTO',
	'ERR_SSL_WRONG_VERSION_NUMBER',
	'ERR_TLS_CERT_ALTNAME_INVALID',
	'CERT_HAS_EXPIRED',
	'CERT_NOT_YET_VALID',
	'DEPTH_ZERO_SELF_SIGNED_CERT',
	'SELF_SIGNED_CERT_IN_CHAIN',
	'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
	'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
	'ERR_UNSUPPORTED_PROTOCOL',
]);
/** Of those, the ones worth retrying: a refused connection or a DNS hiccup may pass. */
const RETRY_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
/** HTTP answers by which Twilio says it did not process the request. */
const RETRYABLE_STATUS = new Set([429, 503]);
const IDEMPOTENT = new Set<IHttpRequestMethods>(['GET', 'HEAD', 'DELETE']);

// One credential read per execution context: decrypting per request would cost more than the request.
const sessions = new WeakMap<object, Promise<TwilioSession>>();

export async function twilioSession(context: TwilioContext): Promise<TwilioSession> {
	let session = sessions.get(context);
	if (!session) {
		session = (async () => {
			const credentials = await context.getCredentials(CREDENTIAL_TYPE);
			let auth: BasicAuth;
			try {
				auth = twilioBasicAuth(credentials);
			} catch (error) {
				throw new NodeOperationError(
					context.getNode(),
					`The Twilio credential is incomplete: ${(error as Error).message}`,
				);
			}
			const override = checkBaseUrlOverride(credentials.baseUrlOverride);
			if (!override.ok)
				throw new NodeOperationError(
					context.getNode(),
					`The credential's Base URL Override ${override.reason}`,
				);
			const reference = context.getNode().credentials?.[CREDENTIAL_TYPE];
			const accountSid = String(credentials.accountSid ?? '').trim();
			return {
				accountSid,
				credentials,
				decrypted: {
					id: reference?.id ?? '',
					name: reference?.name ?? '',
					type: CREDENTIAL_TYPE,
					data: credentials,
				},
				baseUrl: (product: TwilioProduct) => twilioBaseUrl(product, credentials as IDataObject),
				secrets: [auth.password, String(credentials.authToken ?? ''), basicAuthToken(auth)].filter(
					Boolean,
				),
			};
		})();
		sessions.set(context, session);
		session.catch(() => sessions.delete(context));
	}
	return await session;
}

function retryDelay(attempt: number, retryAfter: unknown): number {
	const seconds = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
	if (retryAfter !== undefined && retryAfter !== '' && Number.isFinite(seconds) && seconds >= 0) {
		return Math.min(seconds * 1000, RETRY.maxRetryAfterMs);
	}
	const ceiling = Math.min(RETRY.baseDelayMs * 2 ** (attempt - 1), RETRY.maxDelayMs);
	return ceiling / 2 + Math.random() * (ceiling / 2);
}

/**
 * The socket or TLS error code (ECONNREFUSED, CERT_HAS_EXPIRED, …), which n8n keeps as the wrapped
 * error's httpCode. A URL scheme the HTTP client refuses has no code: it is named here.
 */
function errorCode(error: unknown): string | undefined {
	const { httpCode, code, cause, message } = (error ?? {}) as {
		httpCode?: unknown;
		code?: unknown;
		cause?: { code?: unknown; message?: unknown };
		message?: unknown;
	};
	for (const candidate of [httpCode, code, cause?.code]) {
		if (typeof candidate === 'string' && NOT_SENT_CODES.has(candidate)) return candidate;
	}
	for (const candidate of [httpCode, code, cause?.code]) {
		if (typeof candidate === 'string' && /^E[A-Z_]+$/.test(candidate)) return candidate;
	}
	if (
		[message, cause?.message].some(
			(text) => typeof text === 'string' && /unsupported protocol/i.test(text),
		)
	)
		return 'ERR_UNSUPPORTED_PROTOCOL';
	return undefined;
}

export function requestUrl(
	session: TwilioSession,
	request: Pick<TwilioRequest, 'product' | 'path'>,
): string {
	const path =
		request.product === 'api'
			? `/2010-04-01/Accounts/${session.accountSid}${request.path}`
			: request.path;
	return `${session.baseUrl(request.product)}${path}`;
}

/**
 * The one way this package talks to Twilio. Retries only what Twilio surely did not process
 * (429, 503, connection refused) with exponential backoff and jitter, honouring Retry-After.
 * A POST whose outcome is unknown is never repeated.
 */
export async function twilioRequest<T = IDataObject>(
	context: TwilioContext,
	request: TwilioRequest,
): Promise<T> {
	const session = await twilioSession(context);
	const options: IHttpRequestOptions = {
		method: request.method,
		url: requestUrl(session, request),
		qs: request.qs,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		timeout: RETRY.timeoutMs,
	};
	if (request.binary) {
		options.encoding = 'arraybuffer';
		// Twilio answers a media download with a redirect to its CDN; the credential must not follow it there.
		options.sendCredentialsOnCrossOriginRedirect = false;
	} else {
		options.json = true;
	}
	if (request.form) {
		options.body = encodeForm(request.form, request.keepEmpty);
		options.headers = { 'Content-Type': 'application/x-www-form-urlencoded' };
	} else if (request.json) {
		options.body = request.json;
		options.headers = { 'Content-Type': 'application/json' };
	}

	// n8n hands out a deep copy of the node on every getNode(): only fetch it for an error.
	for (let attempt = 1; ; attempt++) {
		let response: IN8nHttpFullResponse;
		try {
			response = (await context.helpers.httpRequestWithAuthentication.call(
				context,
				CREDENTIAL_TYPE,
				{ ...options },
				{
					credentialsDecrypted: session.decrypted,
				},
			)) as IN8nHttpFullResponse;
		} catch (error) {
			const code = errorCode(error);
			if (
				code &&
				RETRY_CODES.has(code) &&
				attempt < RETRY.maxAttempts &&
				!request.signal?.aborted
			) {
				await sleep(retryDelay(attempt, undefined));
				continue;
			}
			const reason = describeSocketError(code);
			if (code && NOT_SENT_CODES.has(code))
				throw connectionError(context.getNode(), reason, request);
			if (IDEMPOTENT.has(request.method)) throw connectionError(context.getNode(), reason, request);
			throw unknownOutcomeError(context.getNode(), reason, request);
		}
		if (
			RETRYABLE_STATUS.has(response.statusCode) &&
			attempt < RETRY.maxAttempts &&
			!request.signal?.aborted
		) {
			await sleep(retryDelay(attempt, response.headers?.['retry-after']));
			continue;
		}
		// Only 429 and 503 say Twilio did not process the request; after another 5xx a POST may have been.
		if (
			response.statusCode >= 500 &&
			!RETRYABLE_STATUS.has(response.statusCode) &&
			!IDEMPOTENT.has(request.method)
		) {
			throw unknownOutcomeError(
				context.getNode(),
				`Twilio answered HTTP ${response.statusCode}`,
				request,
				true,
			);
		}
		if (response.statusCode >= 400) {
			throw twilioApiError(context.getNode(), response.statusCode, parseBody(response.body), {
				...request,
				secrets: session.secrets,
			});
		}
		return response.body as T;
	}
}

function parseBody(body: unknown): unknown {
	if (Buffer.isBuffer(body)) body = body.toString('utf8');
	if (typeof body === 'string') {
		try {
			return JSON.parse(body);
		} catch {
			return undefined;
		}
	}
	return body;
}

/** Path and query of a next-page link, re-rooted on our own base so credentials never go elsewhere. */
function nextPagePath(link: string): string {
	const url = new URL(link, 'http://twilio.invalid');
	return `${url.pathname}${url.search}`;
}

export interface PageOptions<T = IDataObject> {
	/** Stop after this many items; undefined follows every page. */
	limit?: number;
	pageSize?: number;
	/** Keeps only the items Twilio cannot filter on its side; the limit counts kept items. */
	keep?: (item: T) => boolean;
}

/**
 * Follows every page of a Twilio list: `next_page_uri` in the 2010 API, `meta.next_page_url` in the
 * v1 APIs. `listKey` names the array in each page (e.g. `messages`, `contents`).
 */
export async function twilioRequestAllPages<T = IDataObject>(
	context: TwilioContext,
	request: TwilioRequest,
	listKey: string,
	{ limit, pageSize = 1000, keep }: PageOptions<T> = {},
): Promise<T[]> {
	const session = await twilioSession(context);
	const results: T[] = [];
	const firstPageSize = limit !== undefined && !keep ? Math.min(limit, pageSize) : pageSize;
	let next: TwilioRequest | undefined = {
		...request,
		qs: { ...request.qs, PageSize: firstPageSize },
	};
	while (next) {
		const page: IDataObject = await twilioRequest<IDataObject>(context, next);
		const items = (page[listKey] as T[] | undefined) ?? [];
		results.push(...(keep ? items.filter(keep) : items));
		if (limit !== undefined && results.length >= limit) return results.slice(0, limit);
		const link =
			(page.next_page_uri as string | null | undefined) ??
			((page.meta as IDataObject | undefined)?.next_page_url as string | null | undefined);
		if (!link || items.length === 0) break;
		const nextPath = nextPagePath(link);
		const accountPrefix = `/2010-04-01/Accounts/${session.accountSid}`;
		next = {
			...request,
			qs: undefined,
			path:
				request.product === 'api' && nextPath.startsWith(accountPrefix)
					? nextPath.slice(accountPrefix.length)
					: nextPath,
		};
	}
	return results;
}
