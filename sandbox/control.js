// @ts-check
'use strict';

const { send, readBody } = require('./server');
const { SandboxError } = require('./errors');

/**
 * The sandbox's own endpoints under /sandbox (no authentication, never affected by faults).
 * @param {import('./index').Sandbox} sandbox
 */
function createControl(sandbox) {
	/** @param {import('http').IncomingMessage} req */
	const json = async (req) => {
		const text = await readBody(req);
		if (!text.trim()) return {};
		try {
			return JSON.parse(text);
		} catch {
			throw new SandboxError(400, 'the request body must be JSON');
		}
	};

	/** @type {Record<string, (req: import('http').IncomingMessage) => Promise<{ status: number, body?: any }> | { status: number, body?: any }>} */
	const routes = {
		'GET /sandbox': () => ({
			status: 200,
			body: {
				url: sandbox.url,
				accounts: [...sandbox.state.accounts.values()].map((a) => ({
					sid: a.sid,
					friendlyName: a.friendlyName,
				})),
				now: new Date(sandbox.now()).toISOString(),
			},
		}),
		'GET /sandbox/health': () => ({ status: 200, body: { ok: true } }),
		'GET /sandbox/messages': () => ({ status: 200, body: { messages: sandbox.ledger() } }),
		'DELETE /sandbox/messages': () => {
			sandbox.clearMessages();
			return { status: 204 };
		},
		'GET /sandbox/callbacks': () => ({ status: 200, body: { callbacks: sandbox.callbacks() } }),
		'GET /sandbox/inbound': () => ({ status: 200, body: { inbound: sandbox.inboundLog() } }),
		'POST /sandbox/inbound': async (req) => ({
			status: 200,
			body: await sandbox.simulateInbound(await json(req)),
		}),
		'GET /sandbox/faults': () => ({ status: 200, body: sandbox.getFaults() }),
		'POST /sandbox/faults': async (req) => {
			const body = await json(req);
			try {
				sandbox.setFaults(body);
			} catch (error) {
				throw new SandboxError(400, /** @type {Error} */ (error).message);
			}
			return { status: 200, body: sandbox.getFaults() };
		},
		'DELETE /sandbox/faults': () => {
			sandbox.clearFaults();
			return { status: 200, body: sandbox.getFaults() };
		},
		'GET /sandbox/stats': () => ({ status: 200, body: sandbox.stats() }),
		'POST /sandbox/reset': () => {
			sandbox.reset();
			return { status: 204 };
		},
		'GET /sandbox/clock': () => ({
			status: 200,
			body: { now: new Date(sandbox.now()).toISOString(), offsetMs: sandbox.clock.offsetMs },
		}),
		'POST /sandbox/clock': async (req) => {
			const { advanceMs } = await json(req);
			if (typeof advanceMs !== 'number' || !(advanceMs >= 0))
				throw new SandboxError(400, 'advanceMs must be a number ≥ 0');
			sandbox.advanceTime(advanceMs);
			return {
				status: 200,
				body: { now: new Date(sandbox.now()).toISOString(), offsetMs: sandbox.clock.offsetMs },
			};
		},
	};

	/**
	 * @param {import('http').IncomingMessage} req
	 * @param {import('http').ServerResponse} res
	 * @param {URL} url
	 */
	return async (req, res, url) => {
		const path = url.pathname.replace(/\/+$/, '') || '/';
		const route = routes[`${req.method} ${path}`];
		if (!route) {
			send(res, { status: 404, body: { error: `no sandbox endpoint ${req.method} ${path}` } });
			return;
		}
		try {
			send(res, await route(req));
		} catch (error) {
			if (!(error instanceof SandboxError)) throw error;
			send(res, { status: error.status, body: { error: error.message } });
		}
	};
}

module.exports = { createControl };
