// @ts-check
'use strict';

const { ApiError } = require('../errors');

/**
 * The resource the path's `:sid` names, of the request's account, or Twilio's 20404: another
 * account's resource is as unknown as a missing one.
 * @param {import('../server').ApiRequest} req @param {Map<string, import('../state').Resource>} map
 */
function findOwned(req, map) {
	const resource = req.ctx.state.owned(map, req.account.sid, req.params.sid);
	if (!resource) throw new ApiError(20404, req.path);
	return resource;
}

module.exports = { findOwned };
