import { createHash, createHmac, timingSafeEqual } from 'crypto';
import type { ReceivedRequest } from './incomingRequest';

/**
 * Form parameters as received: a Map, name/value pairs (a name may repeat), or an object read by its
 * own keys only (one made with `Object.create(null)` keeps names such as `__proto__`). A list value
 * stands for a repeated name.
 */
export type SignedParams =
	| ReadonlyMap<string, unknown>
	| Iterable<readonly [string, unknown]>
	| Readonly<Record<string, unknown>>;

// Maps and pair lists are iterable; a parameter object, whatever its keys, is not.
function isIterable(params: SignedParams): params is Iterable<readonly [string, unknown]> {
	return typeof (params as Iterable<unknown>)[Symbol.iterator] === 'function';
}

/** Every value of each name, a list value flattened as repeated names. */
function valuesByName(params: SignedParams): Map<string, string[]> {
	const pairs = isIterable(params)
		? [...params]
		: Object.keys(params).map((name) => [name, (params as Record<string, unknown>)[name]] as const);
	const byName = new Map<string, string[]>();
	for (const [name, value] of pairs) {
		const values = byName.get(name) ?? [];
		for (const entry of Array.isArray(value) ? value : [value]) values.push(String(entry));
		byName.set(name, values);
	}
	return byName;
}

/**
 * Twilio's signing: the URL followed by each parameter name and value, names sorted, each distinct
 * value of a repeated name once and sorted, HMAC-SHA1 with the Auth Token, base64. Sorting is by
 * UTF-16 code units, as Twilio's own libraries do.
 */
export function expectedSignature(authToken: string, url: string, params: SignedParams): string {
	const byName = valuesByName(params);
	let data = url;
	for (const name of [...byName.keys()].sort()) {
		for (const value of [...new Set(byName.get(name))].sort()) data += name + value;
	}
	return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

export function bodyHash(body: string): string {
	return createHash('sha256').update(Buffer.from(body, 'utf8')).digest('hex');
}

/** Constant time for equal lengths; the length of a signature or hash is fixed by the algorithm, not secret. */
function sameText(received: string, expected: string): boolean {
	const [a, b] = [Buffer.from(received, 'utf8'), Buffer.from(expected, 'utf8')];
	return a.length === b.length && timingSafeEqual(a, b);
}

interface UrlParts {
	scheme: string;
	userInfo: string;
	host: string;
	port: string;
	rest: string;
}

/** Splits a URL without normalising it, so path and query keep the exact characters Twilio signed. */
function splitUrl(url: string): UrlParts | undefined {
	const match = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i.exec(url);
	if (!match) return undefined;
	const [prefix, scheme, authority] = match;
	const userInfoEnd = authority.lastIndexOf('@');
	const hostAndPort = authority.slice(userInfoEnd + 1);
	// A colon starts the port only after the closing bracket of an IPv6 literal.
	const portStart = hostAndPort.indexOf(':', hostAndPort.lastIndexOf(']') + 1);
	return {
		scheme,
		userInfo: authority.slice(0, userInfoEnd + 1),
		host: portStart === -1 ? hostAndPort : hostAndPort.slice(0, portStart),
		port: portStart === -1 ? '' : hostAndPort.slice(portStart),
		rest: url.slice(prefix.length),
	};
}

function withDefaultPort(url: string): string {
	const parts = splitUrl(url);
	if (!parts || parts.port) return url;
	const port = parts.scheme.toLowerCase() === 'https://' ? ':443' : ':80';
	return parts.scheme + parts.userInfo + parts.host + port + parts.rest;
}

function withoutPort(url: string): string {
	const parts = splitUrl(url);
	return parts ? parts.scheme + parts.userInfo + parts.host + parts.rest : url;
}

/** Percent-decoding as Node's legacy querystring does it: `+` is a space, a malformed escape decodes bytewise. */
function legacyDecode(text: string): string {
	const spaced = text.replace(/\+/g, ' ');
	try {
		return decodeURIComponent(spaced);
	} catch {
		const bytes: number[] = [];
		for (let index = 0; index < spaced.length; index++) {
			const escape = /^%[0-9a-f]{2}/i.exec(spaced.slice(index, index + 3));
			if (escape) {
				bytes.push(parseInt(escape[0].slice(1), 16));
				index += 2;
			} else {
				bytes.push(spaced.charCodeAt(index) & 0xff);
			}
		}
		return Buffer.from(bytes).toString('utf8');
	}
}

/**
 * The query re-encoded as Node's legacy `querystring` parse and stringify do (names grouped in the
 * order of a JavaScript object, `'` escaped as `%27`, spaces as `%20`), for back ends that signed that
 * form. The object has no prototype, so a name such as `__proto__` is an ordinary key.
 */
export function legacyQuery(query: string): string {
	const grouped = Object.create(null) as Record<string, string[]>;
	let pairs = 0;
	for (const piece of query.split('&')) {
		if (piece === '') continue;
		if (++pairs > 1000) break;
		const equals = piece.indexOf('=');
		const name = legacyDecode(equals === -1 ? piece : piece.slice(0, equals));
		const value = equals === -1 ? '' : legacyDecode(piece.slice(equals + 1));
		(grouped[name] ??= []).push(value);
	}
	return Object.keys(grouped)
		.flatMap((name) =>
			grouped[name].map((value) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`),
		)
		.join('&');
}

function withLegacyQuery(url: string): string {
	const queryStart = url.indexOf('?');
	if (queryStart === -1 || queryStart === url.length - 1) return url;
	return `${url.slice(0, queryStart)}?${legacyQuery(url.slice(queryStart + 1))}`;
}

/**
 * Whether `signature` is Twilio's signature of `params` posted to `url`. Like Twilio's own check it
 * tries the URL as received, with and without the default port, then (for back ends that signed an
 * escaped form) the URL as the WHATWG parser normalises it, with and without the legacy query encoding.
 */
export function isSignedBy(
	authToken: string,
	signature: string,
	url: string,
	params: SignedParams,
): boolean {
	const matches = (candidate: string) =>
		sameText(signature, expectedSignature(authToken, candidate, params));
	if ([withoutPort(url), withDefaultPort(url)].some(matches)) return true;
	let normalized: string;
	try {
		normalized = new URL(url).toString();
	} catch {
		return false;
	}
	const variants = [withoutPort(normalized), withDefaultPort(normalized)];
	return [...variants, ...variants.map(withLegacyQuery)].some(matches);
}

/**
 * Checks `X-Twilio-Signature`: form bodies are signed with their parameters; JSON bodies are signed
 * through the URL alone, whose `bodySHA256` must then be the hash of the body exactly as received.
 */
export function hasValidSignature(
	authToken: string,
	url: string,
	request: ReceivedRequest,
): boolean {
	if (!request.signature) return false;
	if (!request.isJson) return isSignedBy(authToken, request.signature, url, request.params);
	let declaredHash: string;
	try {
		declaredHash = new URL(url).searchParams.get('bodySHA256') ?? '';
	} catch {
		return false;
	}
	return (
		isSignedBy(authToken, request.signature, url, []) &&
		sameText(declaredHash, bodyHash(request.rawBody))
	);
}
