// @ts-check
'use strict';

/**
 * @typedef {{ type: 'account' | 'apiKey', sid: string, accountSid: string }} Principal
 */

/**
 * Twilio's HTTP Basic authentication: `AccountSid:AuthToken`, or `ApiKeySid:ApiKeySecret` of a
 * key that belongs to an account.
 * @param {string | undefined} header the Authorization header
 * @param {import('./state').State} state
 * @returns {Principal | null}
 */
function authenticate(header, state) {
	const match = /^Basic\s+(\S+)$/i.exec(header ?? '');
	if (!match) return null;
	const decoded = Buffer.from(match[1], 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	if (colon === -1) return null;
	const user = decoded.slice(0, colon);
	const password = decoded.slice(colon + 1);
	const account = state.accounts.get(user);
	if (account && account.authToken === password)
		return { type: 'account', sid: account.sid, accountSid: account.sid };
	const key = state.apiKeys.get(user);
	if (key && key.secret === password)
		return { type: 'apiKey', sid: key.sid, accountSid: key.accountSid };
	return null;
}

module.exports = { authenticate };
