// @ts-check
'use strict';

const { listV1 } = require('../paging');
const { findOwned } = require('./owned');
const { iso8601 } = require('../time');

/** @typedef {import('../server').ApiRequest} ApiRequest @typedef {import('../state').Resource} Resource */

/** @param {ApiRequest} req @param {Resource} c */
function contentResource(req, c) {
	const url = `${req.base}/v1/Content/${c.sid}`;
	return {
		account_sid: c.account_sid,
		date_created: iso8601(c.date_created),
		date_updated: iso8601(c.date_updated),
		friendly_name: c.friendly_name,
		language: c.language,
		links: {
			approval_create: `${url}/ApprovalRequests/whatsapp`,
			approval_fetch: `${url}/ApprovalRequests`,
		},
		sid: c.sid,
		types: c.types,
		url,
		variables: c.variables,
	};
}

/** @param {ApiRequest} req */
const findContent = (req) => findOwned(req, req.ctx.state.contents);

/** @param {ApiRequest} req */
function list(req) {
	return listV1(req, 'contents', req.ctx.state.contentsOf(req.account.sid), (c) =>
		contentResource(req, c),
	);
}

/** @param {ApiRequest} req */
function fetch(req) {
	return { status: 200, body: contentResource(req, findContent(req)) };
}

/** @param {ApiRequest} req */
function listWithApprovals(req) {
	/** @param {Resource} c */
	const render = (c) => {
		const { links: _links, url: _url, ...rest } = contentResource(req, c);
		return { ...rest, approval_requests: { ...c.approval } };
	};
	return listV1(req, 'contents', req.ctx.state.contentsOf(req.account.sid), render);
}

/** The WhatsApp approval of a template. @param {ApiRequest} req */
function fetchApproval(req) {
	const c = findContent(req);
	return {
		status: 200,
		body: {
			account_sid: c.account_sid,
			sid: c.sid,
			url: `${req.base}/v1/Content/${c.sid}/ApprovalRequests`,
			whatsapp: { type: 'whatsapp', ...c.approval },
		},
	};
}

module.exports = { list, fetch, listWithApprovals, fetchApproval };
