// @ts-check
'use strict';

const messages = require('./messages');
const content = require('./content');
const numbers = require('./phone-numbers');
const services = require('./services');
const balance = require('./balance');

const ACCOUNT = '/2010-04-01/Accounts/:account';

/**
 * Every Twilio endpoint the sandbox serves. `:name` matches one path segment without dots,
 * so `Media/:media` (the file) and `Media/:media.json` (the resource) stay apart.
 * @type {Array<[string, string, (req: import('../server').ApiRequest) => import('../server').ApiResult]>}
 */
const TABLE = [
	['GET', `${ACCOUNT}/Balance.json`, balance.fetch],
	['POST', `${ACCOUNT}/Messages.json`, messages.create],
	['GET', `${ACCOUNT}/Messages.json`, messages.list],
	['GET', `${ACCOUNT}/Messages/:sid.json`, messages.fetch],
	['POST', `${ACCOUNT}/Messages/:sid.json`, messages.update],
	['DELETE', `${ACCOUNT}/Messages/:sid.json`, messages.remove],
	['GET', `${ACCOUNT}/Messages/:sid/Media.json`, messages.listMedia],
	['GET', `${ACCOUNT}/Messages/:sid/Media/:media.json`, messages.fetchMedia],
	['GET', `${ACCOUNT}/Messages/:sid/Media/:media`, messages.mediaContent],
	['GET', `${ACCOUNT}/IncomingPhoneNumbers.json`, numbers.list],
	['GET', `${ACCOUNT}/IncomingPhoneNumbers/:sid.json`, numbers.fetch],
	['POST', `${ACCOUNT}/IncomingPhoneNumbers/:sid.json`, numbers.update],
	['GET', '/v1/Content', content.list],
	['GET', '/v1/Content/:sid', content.fetch],
	['GET', '/v1/Content/:sid/ApprovalRequests', content.fetchApproval],
	['GET', '/v1/ContentAndApprovals', content.listWithApprovals],
	['GET', '/v1/Services', services.list],
	['GET', '/v1/Services/:sid', services.fetch],
	['POST', '/v1/Services/:sid', services.update],
	['GET', '/v1/Services/:sid/PhoneNumbers', services.listPhoneNumbers],
	['GET', '/v1/Services/:sid/PhoneNumbers/:item', services.fetchPhoneNumber],
	['GET', '/v1/Services/:sid/ChannelSenders', services.listChannelSenders],
	['GET', '/v1/Services/:sid/ChannelSenders/:item', services.fetchChannelSender],
];

const ROUTES = TABLE.map(([method, pattern, handler]) => {
	const source = pattern
		.replace(/[.]/g, '\\.')
		.replace(/:([a-z]+)/g, (_, name) => `(?<${name}>[^/.]+)`);
	return { method, regex: new RegExp(`^${source}$`), handler };
});

/**
 * @param {string} method
 * @param {string} path
 * @returns {{ handler: (req: any) => any, params: Record<string, string> } | 'method-not-allowed' | null}
 */
function matchRoute(method, path) {
	let pathMatched = false;
	for (const route of ROUTES) {
		const m = route.regex.exec(path);
		if (!m) continue;
		pathMatched = true;
		if (route.method === method) return { handler: route.handler, params: { ...m.groups } };
	}
	return pathMatched ? 'method-not-allowed' : null;
}

module.exports = { matchRoute };
