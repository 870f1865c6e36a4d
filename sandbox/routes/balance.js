// @ts-check
'use strict';

const { MICROS } = require('../state');

/** @param {import('../server').ApiRequest} req */
function fetch(req) {
	const { sid, balanceMicros, currency } = req.account;
	return {
		status: 200,
		body: {
			account_sid: sid,
			balance: String(Number((balanceMicros / MICROS).toFixed(5))),
			currency,
		},
	};
}

module.exports = { fetch };
