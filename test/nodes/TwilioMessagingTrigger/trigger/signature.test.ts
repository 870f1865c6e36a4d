import crypto from 'crypto';
import querystring from 'querystring';
import {
	getExpectedBodyHash,
	getExpectedTwilioSignature,
	validateRequest,
	validateRequestWithBody,
} from 'twilio/lib/webhooks/webhooks';
import {
	readRequest,
	type ReceivedRequest,
} from '../../../../nodes/TwilioMessagingTrigger/trigger/incomingRequest';
import {
	bodyHash,
	expectedSignature,
	hasValidSignature,
	isSignedBy,
	legacyQuery,
} from '../../../../nodes/TwilioMessagingTrigger/trigger/signature';
import { signedUrl } from '../../../../nodes/TwilioMessagingTrigger/trigger/webhookUrl';
import { AUTH_TOKEN } from '../../../fixtures/twilio';
import { Random } from '../../../helpers/random';
import { encodeForm, twilioJsonRequest, type FormParams } from '../../../harness/twilioWebhook';

const LETTERS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];
/** Text Twilio forwards from users: spaces, symbols that form encoding escapes, accents, CJK, emoji. */
const VALUE_CHARACTERS = [
	...LETTERS,
	' ',
	'+',
	'&',
	'=',
	'%',
	'?',
	'#',
	'/',
	':',
	';',
	',',
	'"',
	"'",
	'\n',
	'é',
	'ß',
	'Ω',
	'中',
	'文',
	'😀',
	'👍🏽',
	'\u00a0',
];
const TWILIO_NAMES = [
	'Body',
	'From',
	'To',
	'MessageSid',
	'AccountSid',
	'NumMedia',
	'MediaUrl0',
	'ProfileName',
	'ButtonPayload',
	'SmsStatus',
];
const SEEDS = Array.from({ length: 25 }, (_, index) => 1000 + index * 7919);

function randomParams(random: Random): FormParams {
	const params: FormParams = {};
	const count = random.int(0, 10);
	for (let i = 0; i < count; i++) {
		const name = random.chance(0.5) ? random.pick(TWILIO_NAMES) : random.string(LETTERS, 1, 12);
		if (random.chance(0.25)) {
			// Distinct values: Twilio's rule signs each distinct value once, so duplicates are not a tampering test.
			params[name] = [
				...new Set(
					Array.from({ length: random.int(2, 4) }, () => random.string(VALUE_CHARACTERS, 0, 16)),
				),
			];
		} else {
			params[name] = random.string(VALUE_CHARACTERS, 0, 40);
		}
	}
	return params;
}

function randomUrl(random: Random): string {
	const scheme = random.pick(['https', 'http']);
	const host = random.pick(['n8n.example.com', 'hooks.acme-shop.io', '127.0.0.1', 'localhost']);
	const defaultPort = scheme === 'https' ? ':443' : ':80';
	const port = random.pick(['', defaultPort, ':5678', ':8443']);
	const path = `/webhook/${random.string(LETTERS, 8, 12)}/twilio`;
	const query = random.chance(0.5)
		? `?${new URLSearchParams(Array.from({ length: random.int(1, 3) }, (): [string, string] => [random.string(LETTERS, 1, 6), random.string(VALUE_CHARACTERS, 0, 10)])).toString()}`
		: '';
	return `${scheme}://${host}${port}${path}${query}`;
}

async function received(
	body: string,
	contentType: string,
	signature: string,
	path = '/',
): Promise<ReceivedRequest> {
	return await readRequest({
		headers: { 'content-type': contentType, 'x-twilio-signature': signature },
		originalUrl: path,
		rawBody: Buffer.from(body, 'utf8'),
	});
}

async function formRequest(
	url: string,
	params: FormParams,
	signature = getExpectedTwilioSignature(AUTH_TOKEN, url, params),
): Promise<ReceivedRequest> {
	return await received(encodeForm(params), 'application/x-www-form-urlencoded', signature);
}

/** Another character of the same kind, so the change is not undone by URL normalisation. */
function replacement(character: string): string {
	if (/[a-y]/.test(character)) return String.fromCharCode(character.charCodeAt(0) + 1);
	if (/[A-Y]/.test(character)) return String.fromCharCode(character.charCodeAt(0) + 1);
	if (/[0-8]/.test(character)) return String.fromCharCode(character.charCodeAt(0) + 1);
	if (character === 'z' || character === 'Z' || character === '9') return 'q';
	return character === '_' ? '-' : '_';
}

function tamper(text: string, position: number): string {
	const characters = [...text];
	characters[position] = replacement(characters[position]);
	return characters.join('');
}

/** Scheme and host letters are case-insensitive and a default port is implied: the same URL, not a tampering. */
function sameResource(a: string, b: string): boolean {
	try {
		const [x, y] = [new URL(a), new URL(b)];
		return x.href === y.href;
	} catch {
		return false;
	}
}

describe('signature: what Twilio signs is accepted', () => {
	it.each(SEEDS)('random form parameters, URL, port and query (seed %i)', async (seed) => {
		const random = new Random(seed);
		for (let round = 0; round < 8; round++) {
			const url = randomUrl(random);
			const params = randomParams(random);
			expect(hasValidSignature(AUTH_TOKEN, url, await formRequest(url, params))).toBe(true);
		}
	});

	it.each(SEEDS)('random JSON bodies signed with bodySHA256 (seed %i)', async (seed) => {
		const random = new Random(seed);
		for (let round = 0; round < 8; round++) {
			const url = randomUrl(random);
			const body = JSON.stringify({
				...randomParams(random),
				nested: { list: [random.string(VALUE_CHARACTERS, 0, 20), random.int(0, 99)] },
			});
			const request = twilioJsonRequest(url, body);
			const path = request.path!;
			const signed = `${url.split('?')[0]}${path.slice(path.indexOf('?'))}`;
			const parsed = await received(
				body,
				'application/json',
				request.headers!['x-twilio-signature'],
				path,
			);
			expect(hasValidSignature(AUTH_TOKEN, signedUrl(url.split('?')[0], path), parsed)).toBe(true);
			expect(signedUrl(url.split('?')[0], path)).toBe(signed);
		}
	});

	it('a URL signed with the default port matches the URL without it, and the other way round', async () => {
		const params = { Body: 'Hi', From: '+14155550199' };
		const withPort = 'https://n8n.example.com:443/webhook/abc/twilio';
		const withoutPort = 'https://n8n.example.com/webhook/abc/twilio';
		expect(hasValidSignature(AUTH_TOKEN, withoutPort, await formRequest(withPort, params))).toBe(
			true,
		);
		expect(hasValidSignature(AUTH_TOKEN, withPort, await formRequest(withoutPort, params))).toBe(
			true,
		);
	});
});

describe('signature: every single-character tampering is refused', () => {
	it.each(SEEDS.slice(0, 10))('of the URL (seed %i)', async (seed) => {
		const random = new Random(seed);
		const url = randomUrl(random);
		const request = await formRequest(url, randomParams(random));
		let checked = 0;
		for (let position = 0; position < [...url].length; position++) {
			const tampered = tamper(url, position);
			if (sameResource(tampered, url)) continue;
			checked++;
			expect({ tampered, valid: hasValidSignature(AUTH_TOKEN, tampered, request) }).toEqual({
				tampered,
				valid: false,
			});
		}
		expect(checked).toBeGreaterThan([...url].length * 0.9);
	});

	it.each(SEEDS.slice(0, 10))('of a parameter name or value (seed %i)', async (seed) => {
		const random = new Random(seed);
		const url = randomUrl(random);
		const params = randomParams(random);
		params.Body = 'Ünïcødé body 😀 & more';
		const signature = getExpectedTwilioSignature(AUTH_TOKEN, url, params);
		for (const [name, value] of Object.entries(params)) {
			for (let position = 0; position < [...name].length; position++) {
				const { [name]: moved, ...rest } = params;
				const tampered = { ...rest, [tamper(name, position)]: moved };
				expect(
					hasValidSignature(AUTH_TOKEN, url, await formRequest(url, tampered, signature)),
				).toBe(false);
			}
			const values = Array.isArray(value) ? value : [value];
			for (const [index, entry] of values.entries()) {
				for (let position = 0; position < [...entry].length; position++) {
					const changed = [...values];
					changed[index] = tamper(entry, position);
					const tampered = { ...params, [name]: Array.isArray(value) ? changed : changed[0] };
					expect(
						hasValidSignature(AUTH_TOKEN, url, await formRequest(url, tampered, signature)),
					).toBe(false);
				}
			}
		}
	});

	it('of a parameter by adding, dropping or emptying it', async () => {
		const url = 'https://n8n.example.com/webhook/abc/twilio';
		const params = { Body: 'Hi', From: '+14155550199', NumMedia: '0' };
		const signature = getExpectedTwilioSignature(AUTH_TOKEN, url, params);
		const { NumMedia: _dropped, ...withoutOne } = params;
		for (const tampered of [{ ...params, Extra: '' }, withoutOne, { ...params, Body: '' }]) {
			expect(hasValidSignature(AUTH_TOKEN, url, await formRequest(url, tampered, signature))).toBe(
				false,
			);
		}
	});

	it.each(SEEDS.slice(0, 5))('of the signature (seed %i)', async (seed) => {
		const random = new Random(seed);
		const url = randomUrl(random);
		const params = randomParams(random);
		const signature = getExpectedTwilioSignature(AUTH_TOKEN, url, params);
		for (let position = 0; position < signature.length; position++) {
			expect(
				hasValidSignature(
					AUTH_TOKEN,
					url,
					await formRequest(url, params, tamper(signature, position)),
				),
			).toBe(false);
		}
	});

	it('of a JSON body, which bodySHA256 covers', async () => {
		const url = 'https://n8n.example.com/webhook/abc/twilio';
		const body = JSON.stringify({ MessageSid: 'SM1', MessageStatus: 'delivered' });
		const request = twilioJsonRequest(url, body);
		for (let position = 0; position < body.length; position++) {
			const parsed = await received(
				tamper(body, position),
				'application/json',
				request.headers!['x-twilio-signature'],
				request.path,
			);
			expect(hasValidSignature(AUTH_TOKEN, signedUrl(url, request.path!), parsed)).toBe(false);
		}
	});

	it('with another Auth Token, or none', async () => {
		const url = 'https://n8n.example.com/webhook/abc/twilio';
		const params = { Body: 'Hi' };
		expect(
			hasValidSignature(
				AUTH_TOKEN,
				url,
				await formRequest(url, params, getExpectedTwilioSignature('another-token', url, params)),
			),
		).toBe(false);
		expect(
			hasValidSignature(
				AUTH_TOKEN,
				url,
				await received(encodeForm(params), 'application/x-www-form-urlencoded', ''),
			),
		).toBe(false);
	});

	it('when the URL cannot even be parsed', async () => {
		const request = await formRequest('https://n8n.example.com/x', { Body: 'Hi' });
		expect(hasValidSignature(AUTH_TOKEN, 'not a url', request)).toBe(false);
	});
});

/** The official helpers' verdict; they throw on a URL they cannot parse, which Twilio never signed. */
function sdkVerdict(check: () => boolean): boolean {
	try {
		return check();
	} catch {
		return false;
	}
}

/** URLs beyond what n8n produces: user info, IPv6, upper-case scheme, escapes and characters the WHATWG parser re-encodes. */
function unusualUrl(random: Random): string {
	const scheme = random.pick(['https', 'http', 'HTTPS']);
	const host = random.pick([
		'n8n.example.com',
		'N8N.Example.com',
		'[::1]',
		'user:pw@hooks.example.io',
		'127.0.0.1',
	]);
	const port = random.pick(['', ':443', ':80', ':5678']);
	const pathCharacters = [
		...LETTERS,
		'/',
		'%20',
		'%27',
		"'",
		' ',
		'%',
		'~',
		'(',
		')',
		'*',
		'!',
		'é',
	];
	const queryCharacters = [
		...LETTERS,
		'=',
		'&',
		'+',
		'%27',
		"'",
		'%zz',
		'%E9',
		'%C3%A9',
		' ',
		'"',
		'<',
		'__proto__',
		'constructor',
	];
	const query = random.chance(0.7) ? `?${random.string(queryCharacters, 0, 14)}` : '';
	return `${scheme}://${host}${port}/${random.string(pathCharacters, 0, 12)}${query}`;
}

/** The URL as the WHATWG parser writes it, which some back ends sign instead of the URL as sent. */
function normalizedUrl(url: string): string {
	return new URL(url).toString();
}

/** The normalised URL with its query re-encoded by Node's legacy querystring (`'` as `%27`, `+` as `%20`). */
function legacyEncodedUrl(url: string): string {
	const normalized = normalizedUrl(url);
	const queryAt = normalized.indexOf('?');
	return queryAt === -1
		? normalized
		: `${normalized.slice(0, queryAt)}?${querystring.stringify(querystring.parse(normalized.slice(queryAt + 1)))}`;
}

function anyUrl(random: Random): string {
	return random.chance(0.5) ? randomUrl(random) : unusualUrl(random);
}

type Tampering = (
	random: Random,
	url: string,
	params: FormParams,
	signature: string,
) => [string, FormParams, string];

const TAMPERINGS: Tampering[] = [
	(random, url, params, signature) => [
		tamper(url, random.int(0, [...url].length - 1)),
		params,
		signature,
	],
	(random, url, params, signature) => [
		url.replace(/^(\w+:\/\/[^/:]+)(:\d+)?/, (_, head: string, port?: string) =>
			port ? head : `${head}:${random.pick(['443', '80', '8080'])}`,
		),
		params,
		signature,
	],
	(_random, url, params, signature) => [
		url.replace(/^https?/i, (scheme) => (scheme.toLowerCase() === 'https' ? 'http' : 'https')),
		params,
		signature,
	],
	(random, url, params, signature) => [
		url,
		params,
		tamper(signature, random.int(0, signature.length - 1)),
	],
	(random, url, params, signature) => [
		url,
		{ ...params, [random.pick(TWILIO_NAMES)]: random.string(VALUE_CHARACTERS, 0, 8) },
		signature,
	],
	(random, url, params, signature) => {
		const names = Object.keys(params);
		if (names.length === 0) return [url, { Body: '' }, signature];
		const name = random.pick(names);
		const { [name]: value, ...rest } = params;
		const text = Array.isArray(value) ? value.join('') : value;
		return random.chance(0.5) || text === ''
			? [url, rest, signature]
			: [url, { ...rest, [name]: tamper(text, random.int(0, [...text].length - 1)) }, signature];
	},
	(random, url, params, signature) => [url, params, random.chance(0.5) ? '' : `${signature}=`],
];

describe('signature: the official twilio package as the oracle', () => {
	const ROUNDS = 1200;

	it(`accepts ${ROUNDS} random form requests the package signs, as the package's own check does`, async () => {
		const random = new Random(20240601);
		for (let round = 0; round < ROUNDS; round++) {
			const url = anyUrl(random);
			const params = randomParams(random);
			const signature = getExpectedTwilioSignature(
				AUTH_TOKEN,
				random.pick([url, url, normalizedUrl(url), legacyEncodedUrl(url)]),
				params,
			);
			const request = await formRequest(url, params, signature);
			expect({ url, params, ours: hasValidSignature(AUTH_TOKEN, url, request) }).toEqual({
				url,
				params,
				ours: true,
			});
			expect(sdkVerdict(() => validateRequest(AUTH_TOKEN, signature, url, params))).toBe(true);
		}
	});

	it(`agrees with the package on ${ROUNDS} tampered form requests`, async () => {
		const random = new Random(777);
		let refused = 0;
		for (let round = 0; round < ROUNDS; round++) {
			const signedFor = anyUrl(random);
			const signedParams = randomParams(random);
			const [url, params, signature] = random.pick(TAMPERINGS)(
				random,
				signedFor,
				signedParams,
				getExpectedTwilioSignature(AUTH_TOKEN, signedFor, signedParams),
			);
			const sdk = sdkVerdict(() => validateRequest(AUTH_TOKEN, signature, url, params));
			const ours = hasValidSignature(AUTH_TOKEN, url, await formRequest(url, params, signature));
			expect({ signedFor, url, params, signature, ours }).toEqual({
				signedFor,
				url,
				params,
				signature,
				ours: sdk,
			});
			if (!ours) refused++;
		}
		// Some tamperings are no change to Twilio (a default port, a re-encoded query); nearly all are.
		expect(refused).toBeGreaterThan(ROUNDS * 0.8);
	});

	it(`agrees with the package on ${ROUNDS} JSON bodies, signed and tampered`, async () => {
		const random = new Random(4242);
		for (let round = 0; round < ROUNDS; round++) {
			const base = anyUrl(random);
			const body = JSON.stringify({ ...randomParams(random), n: random.int(0, 999) });
			const request = twilioJsonRequest(base, body);
			const signedFor = `${base}${base.includes('?') ? '&' : '?'}bodySHA256=${getExpectedBodyHash(body)}`;
			const signature = request.headers!['x-twilio-signature'];
			const tampered = random.chance(0.5);
			const sentBody =
				tampered && body.length > 0 ? tamper(body, random.int(0, [...body].length - 1)) : body;
			const url =
				tampered && random.chance(0.3)
					? tamper(signedFor, random.int(0, [...signedFor].length - 1))
					: signedFor;
			const sdk = sdkVerdict(() => validateRequestWithBody(AUTH_TOKEN, signature, url, sentBody));
			const ours = hasValidSignature(
				AUTH_TOKEN,
				url,
				await received(sentBody, 'application/json', signature),
			);
			expect({ url, sentBody, ours }).toEqual({ url, sentBody, ours: sdk });
			if (!tampered) expect(ours).toBe(true);
		}
	});

	it('signs the same string as the package for every random parameter set', () => {
		const random = new Random(99);
		for (let round = 0; round < 500; round++) {
			const url = anyUrl(random);
			const params = randomParams(random);
			expect(expectedSignature(AUTH_TOKEN, url, params)).toBe(
				getExpectedTwilioSignature(AUTH_TOKEN, url, params),
			);
			expect(bodyHash(url)).toBe(getExpectedBodyHash(url));
		}
	});

	it('reads names such as constructor and __proto__ from a Map, pairs or a prototype-less object', () => {
		const url = 'https://n8n.example.com/webhook/abc/twilio';
		const odd = Object.assign(Object.create(null) as Record<string, string | string[]>, {
			constructor: 'c',
			toString: 't',
			Body: ['b', 'a', 'b'],
		});
		Object.defineProperty(odd, '__proto__', { value: 'p', enumerable: true });
		const signature = getExpectedTwilioSignature(AUTH_TOKEN, url, odd);
		const pairs: [string, string][] = [
			['__proto__', 'p'],
			['Body', 'b'],
			['constructor', 'c'],
			['Body', 'a'],
			['toString', 't'],
			['Body', 'b'],
		];
		for (const params of [
			odd,
			pairs,
			new Map<string, unknown>([
				['__proto__', 'p'],
				['constructor', 'c'],
				['toString', 't'],
				['Body', ['a', 'b']],
			]),
		]) {
			expect(isSignedBy(AUTH_TOKEN, signature, url, params)).toBe(true);
			expect(isSignedBy(AUTH_TOKEN, signature, url, [...pairs.slice(1)])).toBe(false);
		}
	});

	it("re-encodes a query exactly as Node's legacy querystring does", () => {
		const random = new Random(5);
		const characters = [
			...'abAB09',
			'=',
			'&',
			'+',
			'%',
			'%27',
			'%2',
			'%zz',
			'%E9',
			'%C3%A9',
			'%F0%9F%98%80',
			"'",
			'!',
			'~',
			'*',
			'(',
			')',
			' ',
			'__proto__',
			'constructor',
			'1',
			'42',
		];
		for (let round = 0; round < 2000; round++) {
			const query = random.string(characters, 0, 16);
			expect({ query, ours: legacyQuery(query) }).toEqual({
				query,
				ours: querystring.stringify(querystring.parse(query)),
			});
		}
	});

	it('compares the signature with crypto.timingSafeEqual, never with ===', async () => {
		const spy = jest.spyOn(crypto, 'timingSafeEqual');
		const url = 'https://n8n.example.com/webhook/abc/twilio';
		const params = { Body: 'Hi' };
		const signature = getExpectedTwilioSignature(AUTH_TOKEN, url, params);
		expect(hasValidSignature(AUTH_TOKEN, url, await formRequest(url, params, signature))).toBe(
			true,
		);
		expect(spy.mock.calls.map(([a]) => Buffer.from(a as Uint8Array).toString())).toContain(
			signature,
		);
		spy.mockRestore();
	});
});
