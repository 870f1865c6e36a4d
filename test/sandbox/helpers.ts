import http from 'http';
import type { AddressInfo } from 'net';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox';

export const sid = (prefix: string, n: number) => prefix + n.toString(16).padStart(32, '0');

export const MAIN = {
	accountSid: sid('AC', 1),
	authToken: 'sandbox-auth-token-1',
	apiKeySid: sid('SK', 1),
	apiKeySecret: 'sandbox-api-key-secret-1',
};
export const OTHER = {
	accountSid: sid('AC', 2),
	authToken: 'sandbox-auth-token-2',
	apiKeySid: sid('SK', 2),
	apiKeySecret: 'sandbox-api-key-secret-2',
};
export const NUMBERS = {
	main: '+15550100001',
	standalone: '+15550100002',
	smsOnly: '+15550100003',
	uk: '+447700900004',
	voiceOnly: '+15550100005',
};
export const SERVICES = {
	notifications: sid('MG', 1),
	marketing: sid('MG', 2),
	empty: sid('MG', 3),
	other: sid('MG', 0x11),
};
export const WHATSAPP_SENDER = 'whatsapp:+15550100001';
export const CUSTOMER = '+15551230000';

export type Auth = [string, string] | null;
export const TOKEN_AUTH: Auth = [MAIN.accountSid, MAIN.authToken];
export const KEY_AUTH: Auth = [MAIN.apiKeySid, MAIN.apiKeySecret];

export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
	return startSandbox({ ...options, timing: { stepMs: 1, retryDelayMs: 0, ...options.timing } });
}

export type Params = Record<string, string | string[] | undefined>;

export function formBody(params: Params): string {
	const form = new URLSearchParams();
	for (const [key, value] of Object.entries(params)) {
		if (value === undefined) continue;
		for (const v of Array.isArray(value) ? value : [value]) form.append(key, v);
	}
	return form.toString();
}

export interface ApiResponse {
	status: number;
	headers: Headers;
	json: any;
	bytes: Buffer;
}

/** Calls the sandbox like a Twilio client: Basic auth, form-encoded POST bodies. */
export async function call(
	sandbox: Sandbox,
	method: string,
	pathOrUrl: string,
	options: { form?: Params; auth?: Auth } = {},
): Promise<ApiResponse> {
	const auth = options.auth === undefined ? TOKEN_AUTH : options.auth;
	const headers: Record<string, string> = {};
	if (auth)
		headers.Authorization = `Basic ${Buffer.from(`${auth[0]}:${auth[1]}`).toString('base64')}`;
	let body: string | undefined;
	if (options.form) {
		headers['Content-Type'] = 'application/x-www-form-urlencoded';
		body = formBody(options.form);
	}
	const url = pathOrUrl.startsWith('http') ? pathOrUrl : `${sandbox.url}${pathOrUrl}`;
	const response = await fetch(url, { method, headers, body });
	const bytes = Buffer.from(await response.arrayBuffer());
	const type = response.headers.get('content-type') ?? '';
	return {
		status: response.status,
		headers: response.headers,
		json: type.includes('json') && bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined,
		bytes,
	};
}

export const accountPath = (path: string, accountSid = MAIN.accountSid) =>
	`/2010-04-01/Accounts/${accountSid}${path}`;

export function sendMessage(sandbox: Sandbox, params: Params, auth?: Auth) {
	return call(sandbox, 'POST', accountPath('/Messages.json'), { form: params, auth });
}

/** Follows `next_page_uri` (2010 API) to the last page. */
export async function pages2010(sandbox: Sandbox, firstPath: string, key: string, auth?: Auth) {
	const pages: any[] = [];
	let next: string | null = firstPath;
	while (next) {
		const response: ApiResponse = await call(sandbox, 'GET', next, { auth });
		expect(response.status).toBe(200);
		pages.push(response.json);
		next = response.json.next_page_uri;
		if (pages.length > 50) throw new Error('paging does not end');
	}
	return { pages, items: pages.flatMap((p) => p[key]) };
}

/** Follows `meta.next_page_url` (v1 APIs) to the last page; every link must point at the sandbox. */
export async function pagesV1(sandbox: Sandbox, firstPath: string, key: string, auth?: Auth) {
	const pages: any[] = [];
	let next: string | null = `${sandbox.url}${firstPath}`;
	while (next) {
		expect(next.startsWith(`${sandbox.url}/v1/`)).toBe(true);
		const response: ApiResponse = await call(sandbox, 'GET', next, { auth });
		expect(response.status).toBe(200);
		expect(response.json.meta.key).toBe(key);
		pages.push(response.json);
		next = response.json.meta.next_page_url;
		if (pages.length > 50) throw new Error('paging does not end');
	}
	return { pages, items: pages.flatMap((p) => p[key]) };
}

export interface Received {
	method: string;
	path: string;
	headers: http.IncomingHttpHeaders;
	body: string;
	params: Record<string, string | string[]>;
}

export type Reply = { status?: number; body?: string; contentType?: string; delayMs?: number };

/** A local webhook endpoint that records what it receives and answers as told. */
export class Receiver {
	readonly requests: Received[] = [];
	private server = http.createServer((req, res) => this.handle(req, res));
	private waiters: Array<() => void> = [];
	reply: (r: Received, index: number) => Reply = () => ({
		status: 200,
		body: '<Response/>',
		contentType: 'text/xml',
	});

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return this;
	}

	url(path = '/hook'): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse) {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const params: Record<string, string | string[]> = {};
			for (const [k, v] of new URLSearchParams(body)) {
				const prev = params[k];
				params[k] = prev === undefined ? v : [...(Array.isArray(prev) ? prev : [prev]), v];
			}
			const received = {
				method: req.method ?? '',
				path: req.url ?? '',
				headers: req.headers,
				body,
				params,
			};
			const index = this.requests.push(received) - 1;
			const r = this.reply(received, index);
			const respond = () => {
				if (res.destroyed) return;
				res.writeHead(r.status ?? 200, { 'Content-Type': r.contentType ?? 'text/plain' });
				res.end(r.body ?? '');
				for (const w of this.waiters.splice(0)) w();
			};
			if (r.delayMs) setTimeout(respond, r.delayMs);
			else respond();
		});
	}

	/** Resolves once `count` requests have arrived. */
	async waitFor(count: number, timeoutMs = 5000): Promise<Received[]> {
		const deadline = Date.now() + timeoutMs;
		while (this.requests.length < count) {
			if (Date.now() > deadline)
				throw new Error(`expected ${count} webhook requests, got ${this.requests.length}`);
			await new Promise<void>((resolve) => {
				this.waiters.push(resolve);
				setTimeout(resolve, 50);
			});
		}
		return this.requests.slice(0, count);
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
