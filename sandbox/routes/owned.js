// @ts-check
'use strict';

const { ApiError } = require('../errors');

/**
 * The resource `sid` (the path's `:sid` unless given) of the request's account, or Twilio's 20404:
 * another account's resource is as unknown as a missing one.
 * @param {import('../server').ApiRequest} req @param {Map<string, import('../state').Resource>} map
 * @param {string} [sid]
 */
function findOwned(req, map, sid = req.params.sid) {
	const resource = req.ctx.state.owned(map, req.account.sid, sid);
	if (!resource) throw new ApiError(20404, req.path);
	return resource;
}

module.exports = { findOwned };
