// @ts-check
'use strict';

const { ApiError } = require('./errors');
const { authenticate } = require('./auth');
const { matchRoute } = require('./routes');
const { newSid } = require('./sids');

const MAX_BODY_BYTES = 1024 * 1024;

/**
 * @typedef {{ state: import('./state').State, clock: import('./time').Clock, lifecycle: import('./lifecycle').Lifecycle,
 *   faults: import('./faults').Faults, emit: (event: string, payload: any) => void, baseUrl: () => string }} Context
 * @typedef {{ method: string, path: string, params: Record<string, string>, query: URLSearchParams,
 *   form: import('./validation').Form, principal: import('./auth').Principal, account: import('./state').Account,
 *   base: string, ctx: Context }} ApiRequest
 * @typedef {{ status: number, body?: any, raw?: Buffer, headers?: Record<string, string> }} ApiResult
 */

/** @param {import('http').IncomingMessage} req @returns {Promise<string>} */
function readBody(req) {
	return new Promise((resolve, reject) => {
		/** @type {Buffer[]} */
		const chunks = [];
		let size = 0;
		req.on('data', (chunk) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) reject(new Error('request body too large'));
			else chunks.push(chunk);
		});
		req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}

/** Form parameters with every value kept, in order (`MediaUrl=a&MediaUrl=b`). @param {string} text */
function parseForm(text) {
	/** @type {import('./validation').Form} */
	const form = {};
	for (const [key, value] of new URLSearchParams(text)) (form[key] ??= []).push(value);
	return form;
}

/** @param {import('http').ServerResponse} res @param {ApiResult} result */
function send(res, result) {
	if (res.headersSent || res.destroyed) return;
	const headers = { 'Twilio-Request-Id': newSid('RQ'), ...result.headers };
	if (result.raw) {
		res.writeHead(result.status, { 'Content-Length': String(result.raw.length), ...headers });
		res.end(result.raw);
	} else if (result.body === undefined) {
		res.writeHead(result.status, headers);
		res.end();
	} else {
		const text = JSON.stringify(result.body);
		res.writeHead(result.status, {
			'Content-Type': 'application/json; charset=utf-8',
			'Content-Length': String(Buffer.byteLength(text)),
			...headers,
		});
		res.end(text);
	}
}

/** @param {ApiError} error @param {Record<string, string>} [headers] @returns {ApiResult} */
function errorResult(error, headers) {
	return { status: error.status, body: error.toJSON(), headers };
}

/**
 * Answers one Twilio API request: route, authenticate, check the account in the path, parse
 * the form, run the handler.
 * @param {Context} ctx
 * @param {import('http').IncomingMessage} req
 * @param {URL} url
 * @returns {Promise<ApiResult>}
 */
async function handleApi(ctx, req, url) {
	const method = req.method ?? 'GET';
	const path = url.pathname;
	const route = matchRoute(method, path);
	const principal = authenticate(req.headers.authorization, ctx.state);
	if (!principal)
		return errorResult(new ApiError(20003), { 'WWW-Authenticate': 'Basic realm="Twilio API"' });
	if (route === null) return errorResult(new ApiError(20404, path));
	if (route === 'method-not-allowed') return errorResult(new ApiError(20004));
	if (route.params.account !== undefined && route.params.account !== principal.accountSid) {
		return errorResult(new ApiError(20404, path));
	}
	const account = /** @type {import('./state').Account} */ (
		ctx.state.accounts.get(principal.accountSid)
	);
	const form = method === 'POST' ? parseForm(await readBody(req)) : {};
	/** @type {ApiRequest} */
	const apiRequest = {
		method,
		path,
		params: route.params,
		query: url.searchParams,
		form,
		principal,
		account,
		base: req.headers.host ? `http://${req.headers.host}` : ctx.baseUrl(),
		ctx,
	};
	try {
		return await route.handler(apiRequest);
	} catch (error) {
		if (error instanceof ApiError) return errorResult(error);
		throw error;
	}
}

/**
 * @typedef {(req: import('http').IncomingMessage, res: import('http').ServerResponse, url: URL) => Promise<void>} LocalHandler
 */

/**
 * @param {Context} ctx
 * @param {LocalHandler} control
 * @param {{ matches: (pathname: string) => boolean, handle: LocalHandler }} [page] the phone page (no auth, no faults)
 * @returns {import('http').RequestListener}
 */
function createRequestListener(ctx, control, page) {
	return (req, res) => {
		const url = new URL(req.url ?? '/', 'http://sandbox');
		const task =
			url.pathname === '/sandbox' || url.pathname.startsWith('/sandbox/')
				? control(req, res, url)
				: page?.matches(url.pathname)
					? page.handle(req, res, url)
					: ctx.faults.run(req, res, () => handleApi(ctx, req, url), send);
		task.catch((error) =>
			send(res, {
				status: 500,
				body: {
					code: 20500,
					message: String(error?.message ?? error),
					more_info: 'https://www.twilio.com/docs/errors/20500',
					status: 500,
				},
			}),
		);
	};
}

module.exports = { createRequestListener, send, readBody };
