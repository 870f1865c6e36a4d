import { OUTBOUND_STATUSES } from '../../../../nodes/shared/domain';
import { classify, normalize } from '../../../../nodes/TwilioMessagingTrigger/trigger/normalize';
import { ACCOUNT_SID, FROM, SERVICE_SID } from '../../../fixtures/twilio';
import {
	CUSTOMER,
	MEDIA_SIDS,
	MESSENGER_PAGE,
	MESSENGER_USER,
	MMS_SID,
	SMS_SID,
	inboundMessenger,
	inboundMms,
	inboundRcs,
	inboundSms,
	mediaUrl,
	statusCallback,
	whatsappButtonReply,
	whatsappLocation,
} from '../../../fixtures/twilioWebhooks';

describe('classify', () => {
	it.each([
		['SMS', inboundSms],
		['MMS', inboundMms],
		['WhatsApp button reply', whatsappButtonReply],
		['WhatsApp location', whatsappLocation],
		['Messenger', inboundMessenger],
		['RCS', inboundRcs],
	])('an inbound %s is inbound', (_name, params) => {
		expect(classify(params)).toBe('inbound');
	});

	it.each([...OUTBOUND_STATUSES])('a status callback with %s is a status update', (status) => {
		expect(classify(statusCallback(status))).toBe('status');
	});

	it('an inbound message without any status field is still inbound', () => {
		const { SmsStatus: _dropped, ...params } = inboundSms;
		expect(classify(params)).toBe('inbound');
	});

	it('a status Twilio adds later is a status update, not dropped', () => {
		expect(classify(statusCallback('in_transit'))).toBe('status');
	});

	it('a request without a message SID (for example a voice webhook) is not Messaging', () => {
		expect(classify({ CallSid: 'CA0123', CallStatus: 'ringing', From: CUSTOMER })).toBeUndefined();
		expect(classify({ MessageStatus: 'sent' })).toBeUndefined();
	});
});

describe('normalize', () => {
	it('an inbound SMS: addresses, body, service, untouched parameters', () => {
		const item = normalize('inbound', inboundSms, 'idem-1');
		expect(item).toEqual({
			event: 'inbound',
			channel: 'sms',
			from: CUSTOMER,
			to: FROM,
			fromAddress: CUSTOMER,
			toAddress: FROM,
			body: 'Is my order on its way?',
			media: [],
			status: 'received',
			errorCode: null,
			errorMessage: null,
			messageSid: SMS_SID,
			accountSid: ACCOUNT_SID,
			messagingServiceSid: SERVICE_SID,
			whatsapp: null,
			optOut: null,
			idempotencyToken: 'idem-1',
			parameters: inboundSms,
		});
	});

	it('an MMS with three files lists each URL with its content type, in order', () => {
		const item = normalize('inbound', inboundMms, undefined);
		expect(item.media).toEqual([
			{ url: mediaUrl(MMS_SID, MEDIA_SIDS[0]), contentType: 'image/jpeg' },
			{ url: mediaUrl(MMS_SID, MEDIA_SIDS[1]), contentType: 'image/png' },
			{ url: mediaUrl(MMS_SID, MEDIA_SIDS[2]), contentType: 'video/mp4' },
		]);
		expect(item.body).toBe('');
		expect(item.idempotencyToken).toBeNull();
	});

	it('media are ordered by index, not by parameter order, and MediaUrl10 comes after MediaUrl9', () => {
		const params: Record<string, string> = {
			MessageSid: MMS_SID,
			SmsStatus: 'received',
			From: CUSTOMER,
			To: FROM,
		};
		for (const index of [10, 2, 9, 0, 1])
			params[`MediaUrl${index}`] = `https://example.com/${index}`;
		const item = normalize('inbound', params, undefined);
		expect(
			(item.media as Array<{ url: string; contentType: null }>).map((entry) => entry.url),
		).toEqual([0, 1, 2, 9, 10].map((index) => `https://example.com/${index}`));
	});

	it('a WhatsApp button reply: channel, numbers without prefix, profile, button payload and text', () => {
		const item = normalize('inbound', whatsappButtonReply, undefined);
		expect(item).toMatchObject({
			channel: 'whatsapp',
			from: CUSTOMER,
			to: FROM,
			fromAddress: `whatsapp:${CUSTOMER}`,
			toAddress: `whatsapp:${FROM}`,
			body: 'Yes, confirm',
			whatsapp: {
				profileName: 'Zoë Müller',
				waId: '14155550199',
				messageType: 'button',
				buttonPayload: 'confirm_order_1234',
				buttonText: 'Yes, confirm',
				repliedToMessageSid: 'MM9f8e7d6c5b4a39281706f5e4d3c2b1a0',
				location: null,
			},
		});
	});

	it('a WhatsApp location: coordinates as numbers with address and label', () => {
		const item = normalize('inbound', whatsappLocation, undefined);
		expect(item.whatsapp).toMatchObject({
			messageType: 'location',
			buttonPayload: null,
			location: {
				latitude: 52.520008,
				longitude: 13.404954,
				address: 'Alexanderplatz 1, 10178 Berlin',
				label: 'Pick-up point',
			},
		});
	});

	it('a WhatsApp location with a non-numeric coordinate has no location', () => {
		const item = normalize('inbound', { ...whatsappLocation, Latitude: 'north' }, undefined);
		expect((item.whatsapp as { location: unknown }).location).toBeNull();
	});

	it('Messenger: page and user IDs without the prefix, no WhatsApp extras', () => {
		const item = normalize('inbound', inboundMessenger, undefined);
		expect(item).toMatchObject({
			channel: 'messenger',
			from: MESSENGER_USER,
			to: MESSENGER_PAGE,
			fromAddress: `messenger:${MESSENGER_USER}`,
			whatsapp: null,
			messagingServiceSid: null,
		});
	});

	it('RCS: the channel comes from the prefix', () => {
		expect(normalize('inbound', inboundRcs, undefined)).toMatchObject({
			channel: 'rcs',
			from: CUSTOMER,
			to: 'acme_agent',
		});
	});

	it.each([...OUTBOUND_STATUSES])(
		'a %s status callback keeps the status and has no body or opt-out',
		(status) => {
			const item = normalize('status', statusCallback(status), 'idem-2');
			expect(item).toMatchObject({
				event: 'status',
				channel: 'sms',
				status,
				body: null,
				optOut: null,
				media: [],
				from: FROM,
				to: CUSTOMER,
			});
		},
	);

	it('a failed message names the error in words', () => {
		const item = normalize('status', statusCallback('failed'), undefined);
		expect(item).toMatchObject({
			errorCode: 30003,
			errorMessage: 'Unreachable destination handset',
		});
	});

	it("an unknown error code still points to Twilio's description", () => {
		const item = normalize(
			'status',
			statusCallback('undelivered', { ErrorCode: '39999' }),
			undefined,
		);
		expect(item).toMatchObject({
			errorCode: 39999,
			errorMessage: 'Twilio error 39999 (https://www.twilio.com/docs/errors/39999)',
		});
	});

	it('the channel of a status callback comes from the recipient', () => {
		const item = normalize(
			'status',
			statusCallback('read', { To: `whatsapp:${CUSTOMER}`, From: `whatsapp:${FROM}` }),
			undefined,
		);
		expect(item).toMatchObject({ channel: 'whatsapp', to: CUSTOMER, whatsapp: null });
	});
});

describe('normalize: opt-out', () => {
	it.each([
		['STOP', 'STOP'],
		[' stop ', 'STOP'],
		['Un Subscribe', 'STOP'],
		['optout', 'STOP'],
		['revoke', 'STOP'],
		['start', 'START'],
		['UNSTOP', 'START'],
		['yes', 'START'],
		['help', 'HELP'],
		['Info', 'HELP'],
	])('the body %j is the keyword %s', (body, type) => {
		expect(normalize('inbound', { ...inboundSms, Body: body }, undefined).optOut).toEqual({
			type,
			source: 'keyword',
		});
	});

	it.each(['stop sending me these', 'STOP!', 'helpful', ''])(
		'the body %j is no keyword',
		(body) => {
			expect(normalize('inbound', { ...inboundSms, Body: body }, undefined).optOut).toBeNull();
		},
	);

	it("Advanced Opt-Out's OptOutType wins over the body (custom keywords)", () => {
		expect(
			normalize('inbound', { ...inboundSms, Body: 'ARRET', OptOutType: 'STOP' }, undefined).optOut,
		).toEqual({ type: 'STOP', source: 'advancedOptOut' });
		expect(
			normalize('inbound', { ...inboundSms, Body: 'stop', OptOutType: 'HELP' }, undefined).optOut,
		).toEqual({ type: 'HELP', source: 'advancedOptOut' });
	});
});
