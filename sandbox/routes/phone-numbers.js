// @ts-check
'use strict';

const { ApiError } = require('../errors');
const { page2010 } = require('../paging');
const { findOwned } = require('./owned');
const { rfc2822 } = require('../time');
const { API_VERSION } = require('../message-model');

/** @typedef {import('../server').ApiRequest} ApiRequest @typedef {import('../state').Resource} Resource */

/** Update parameters → resource fields; the `*Method` ones take GET or POST only. */
const UPDATABLE = {
	FriendlyName: 'friendly_name',
	SmsUrl: 'sms_url',
	SmsMethod: 'sms_method',
	SmsFallbackUrl: 'sms_fallback_url',
	SmsFallbackMethod: 'sms_fallback_method',
	SmsApplicationSid: 'sms_application_sid',
	StatusCallback: 'status_callback',
	StatusCallbackMethod: 'status_callback_method',
	VoiceUrl: 'voice_url',
	VoiceMethod: 'voice_method',
	VoiceFallbackUrl: 'voice_fallback_url',
	VoiceFallbackMethod: 'voice_fallback_method',
	VoiceApplicationSid: 'voice_application_sid',
};

/** @param {Resource} n */
function numberResource(n) {
	return {
		account_sid: n.account_sid,
		address_requirements: 'none',
		address_sid: null,
		api_version: API_VERSION,
		beta: false,
		bundle_sid: null,
		capabilities: { ...n.capabilities },
		date_created: rfc2822(n.date_created),
		date_updated: rfc2822(n.date_updated),
		emergency_address_sid: null,
		emergency_address_status: 'unregistered',
		emergency_status: 'Inactive',
		friendly_name: n.friendly_name,
		identity_sid: null,
		origin: 'twilio',
		phone_number: n.phone_number,
		sid: n.sid,
		sms_application_sid: n.sms_application_sid,
		sms_fallback_method: n.sms_fallback_method,
		sms_fallback_url: n.sms_fallback_url,
		sms_method: n.sms_method,
		sms_url: n.sms_url,
		status: 'in-use',
		status_callback: n.status_callback,
		status_callback_method: n.status_callback_method,
		trunk_sid: null,
		type: n.phone_number.startsWith('+1') ? 'local' : 'mobile',
		uri: `/${API_VERSION}/Accounts/${n.account_sid}/IncomingPhoneNumbers/${n.sid}.json`,
		voice_application_sid: n.voice_application_sid,
		voice_caller_id_lookup: n.voice_caller_id_lookup,
		voice_fallback_method: n.voice_fallback_method,
		voice_fallback_url: n.voice_fallback_url,
		voice_method: n.voice_method,
		voice_receive_mode: 'voice',
		voice_url: n.voice_url,
	};
}

/** Twilio's PhoneNumber filter: a part of the number, `*` standing for any digit. @param {string} pattern */
function numberMatcher(pattern) {
	const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '\\d');
	return new RegExp(escaped);
}

/** @param {ApiRequest} req */
function list(req) {
	const phone = req.query.get('PhoneNumber');
	const name = req.query.get('FriendlyName');
	const all = req.ctx.state
		.numbersOf(req.account.sid)
		.filter((n) => phone === null || numberMatcher(phone).test(n.phone_number))
		.filter((n) => name === null || n.friendly_name === name);
	return {
		status: 200,
		body: page2010({
			path: req.path,
			query: req.query,
			key: 'incoming_phone_numbers',
			all,
			render: numberResource,
		}),
	};
}

/** @param {ApiRequest} req */
const findNumber = (req) => findOwned(req, req.ctx.state.numbers);

/** @param {ApiRequest} req */
function fetch(req) {
	return { status: 200, body: numberResource(findNumber(req)) };
}

/** @param {ApiRequest} req */
function update(req) {
	const n = findNumber(req);
	const changes = Object.entries(UPDATABLE).filter(([param]) => req.form[param] !== undefined);
	for (const [param] of changes) {
		const value = req.form[param][0];
		if (param.endsWith('Method') && !['GET', 'POST'].includes(value.toUpperCase()))
			throw new ApiError(20001, param);
	}
	for (const [param, field] of changes) {
		const value = req.form[param][0];
		if (param.endsWith('Method')) n[field] = value.toUpperCase();
		else n[field] = param.endsWith('ApplicationSid') && value === '' ? null : value;
	}
	n.date_updated = req.ctx.clock.now();
	return { status: 200, body: numberResource(n) };
}

module.exports = { list, fetch, update, numberResource };
