// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { listV1 } = require('../paging');
const { findOwned } = require('./owned');
const { iso8601 } = require('../time');
const { countryOf } = require('../addresses');

/** @typedef {import('../server').ApiRequest} ApiRequest @typedef {import('../state').Resource} Resource */

const TEXT = {
	FriendlyName: 'friendly_name',
	InboundRequestUrl: 'inbound_request_url',
	FallbackUrl: 'fallback_url',
	StatusCallback: 'status_callback',
	Usecase: 'usecase',
};
const METHODS = { InboundMethod: 'inbound_method', FallbackMethod: 'fallback_method' };
const FLAGS = {
	StickySender: 'sticky_sender',
	MmsConverter: 'mms_converter',
	SmartEncoding: 'smart_encoding',
	FallbackToLongCode: 'fallback_to_long_code',
	AreaCodeGeomatch: 'area_code_geomatch',
	SynchronousValidation: 'synchronous_validation',
	UseInboundWebhookOnNumber: 'use_inbound_webhook_on_number',
};
const LINKS = {
	phone_numbers: 'PhoneNumbers',
	short_codes: 'ShortCodes',
	alpha_senders: 'AlphaSenders',
	messages: 'Messages',
	us_app_to_person: 'Compliance/Usa2p',
	us_app_to_person_usecases: 'Compliance/Usa2p/Usecases',
	channel_senders: 'ChannelSenders',
	destination_alpha_senders: 'DestinationAlphaSenders',
};

/** @param {ApiRequest} req @param {Resource} s */
function serviceResource(req, s) {
	const url = `${req.base}/v1/Services/${s.sid}`;
	const { phoneNumberSids: _numbers, senders: _senders, date_created, date_updated, ...fields } = s;
	return {
		...fields,
		date_created: iso8601(date_created),
		date_updated: iso8601(date_updated),
		links: Object.fromEntries(Object.entries(LINKS).map(([key, sub]) => [key, `${url}/${sub}`])),
		url,
	};
}

/** @param {ApiRequest} req */
const findService = (req) => findOwned(req, req.ctx.state.services);

/** @param {ApiRequest} req */
function list(req) {
	return listV1(req, 'services', req.ctx.state.servicesOf(req.account.sid), (s) =>
		serviceResource(req, s),
	);
}

/** @param {ApiRequest} req */
function fetch(req) {
	return { status: 200, body: serviceResource(req, findService(req)) };
}

/** @param {ApiRequest} req */
function update(req) {
	const s = findService(req);
	/** @param {string} param */
	const value = (param) => req.form[param]?.[0];
	/** @type {Array<[string, any]>} */
	const changes = [];
	// Twilio answers an unset URL of a service with null.
	for (const [param, field] of Object.entries(TEXT)) {
		const v = value(param);
		if (v !== undefined) changes.push([field, v === '' && field !== 'friendly_name' ? null : v]);
	}
	for (const [param, field] of Object.entries(METHODS)) {
		const v = value(param);
		if (v === undefined) continue;
		if (!['GET', 'POST'].includes(v.toUpperCase())) throw new ApiError(20001, param);
		changes.push([field, v.toUpperCase()]);
	}
	for (const [param, field] of Object.entries(FLAGS)) {
		const v = value(param);
		if (v === undefined) continue;
		if (!['true', 'false'].includes(v.toLowerCase())) throw new ApiError(20001, param);
		changes.push([field, v.toLowerCase() === 'true']);
	}
	const validity = value('ValidityPeriod');
	if (validity !== undefined) {
		const n = Number(validity);
		if (!Number.isInteger(n) || n < 1 || n > 36000) throw new ApiError(20001, 'ValidityPeriod');
		changes.push(['validity_period', n]);
	}
	const scan = value('ScanMessageContent');
	if (scan !== undefined) {
		if (!['inherit', 'enable', 'disable'].includes(scan))
			throw new ApiError(20001, 'ScanMessageContent');
		changes.push(['scan_message_content', scan]);
	}
	for (const [field, v] of changes) s[field] = v;
	s.date_updated = req.ctx.clock.now();
	return { status: 200, body: serviceResource(req, s) };
}

/** @param {ApiRequest} req @param {Resource} service @param {Resource} n */
function servicePhoneNumber(req, service, n) {
	const caps = n.capabilities;
	return {
		account_sid: n.account_sid,
		capabilities: [
			caps.mms && 'MMS',
			caps.sms && 'SMS',
			caps.voice && 'Voice',
			caps.fax && 'Fax',
		].filter(Boolean),
		country_code: countryOf(n.phone_number),
		date_created: iso8601(service.date_created),
		date_updated: iso8601(service.date_updated),
		phone_number: n.phone_number,
		service_sid: service.sid,
		sid: n.sid,
		url: `${req.base}/v1/Services/${service.sid}/PhoneNumbers/${n.sid}`,
	};
}

/** @param {ApiRequest} req @param {Resource} service @param {Resource} c */
function channelSender(req, service, c) {
	return {
		account_sid: service.account_sid,
		country_code: c.country_code,
		date_created: iso8601(c.date_created),
		date_updated: iso8601(c.date_updated),
		messaging_service_sid: service.sid,
		sender: c.sender,
		sender_type: c.sender_type,
		sid: c.sid,
		url: `${req.base}/v1/Services/${service.sid}/ChannelSenders/${c.sid}`,
	};
}

/** @param {ApiRequest} req @param {Resource} service */
function numbersOf(req, service) {
	return service.phoneNumberSids.map(
		(/** @type {string} */ sid) => /** @type {Resource} */ (req.ctx.state.numbers.get(sid)),
	);
}

/** @param {ApiRequest} req */
function listPhoneNumbers(req) {
	const service = findService(req);
	return listV1(req, 'phone_numbers', numbersOf(req, service), (n) =>
		servicePhoneNumber(req, service, n),
	);
}

/** The sub-resource `:item` of a service, or 20404. @param {ApiRequest} req @param {Resource[]} list */
function itemOf(req, list) {
	const item = list.find((x) => x.sid === req.params.item);
	if (!item) throw new ApiError(20404, req.path);
	return item;
}

/** @param {ApiRequest} req */
function fetchPhoneNumber(req) {
	const service = findService(req);
	const n = itemOf(req, numbersOf(req, service));
	return { status: 200, body: servicePhoneNumber(req, service, n) };
}

/** @param {ApiRequest} req */
function listChannelSenders(req) {
	const service = findService(req);
	return listV1(req, 'senders', service.senders, (c) => channelSender(req, service, c));
}

/** @param {ApiRequest} req */
function fetchChannelSender(req) {
	const service = findService(req);
	return { status: 200, body: channelSender(req, service, itemOf(req, service.senders)) };
}

module.exports = {
	list,
	fetch,
	update,
	listPhoneNumbers,
	fetchPhoneNumber,
	listChannelSenders,
	fetchChannelSender,
};
