import twilio from 'twilio';
import type { Sandbox } from '../../sandbox';
import {
	CUSTOMER,
	MAIN,
	NUMBERS,
	Receiver,
	SERVICES,
	WHATSAPP_SENDER,
	accountPath,
	call,
	sendMessage,
	sid,
	startTestSandbox,
} from './helpers';

const TWIML =
	'<?xml version="1.0" encoding="UTF-8"?><Response><Message>Thanks &amp; welcome!</Message></Response>';

describe('sandbox inbound simulation', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	beforeAll(async () => {
		sandbox = await startTestSandbox();
		receiver = await new Receiver().start();
	});
	beforeEach(() => {
		sandbox.reset();
		receiver.requests.length = 0;
		receiver.reply = () => ({ status: 200, body: TWIML, contentType: 'text/xml' });
	});
	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});

	const setNumberWebhook = (pn: number, form: Record<string, string>) =>
		call(sandbox, 'POST', accountPath(`/IncomingPhoneNumbers/${sid('PN', pn)}.json`), { form });

	it('posts an SMS to the number’s SmsUrl, signed, and records the TwiML answer', async () => {
		const url = receiver.url('/sms?x=1');
		await setNumberWebhook(2, { SmsUrl: url });
		const result = await sandbox.simulateInbound({
			to: NUMBERS.standalone,
			from: CUSTOMER,
			body: 'Hello there',
		});
		const [request] = receiver.requests;
		expect(
			twilio.validateRequest(
				MAIN.authToken,
				String(request.headers['x-twilio-signature']),
				url,
				request.params,
			),
		).toBe(true);
		expect(request.params).toMatchObject({
			AccountSid: MAIN.accountSid,
			From: CUSTOMER,
			To: NUMBERS.standalone,
			Body: 'Hello there',
			NumMedia: '0',
			NumSegments: '1',
			SmsStatus: 'received',
			ApiVersion: '2010-04-01',
			FromCountry: 'US',
			ToCountry: 'US',
			MessageSid: result.messageSid,
			SmsSid: result.messageSid,
			SmsMessageSid: result.messageSid,
		});
		expect(request.params.MessagingServiceSid).toBeUndefined();
		expect(result).toMatchObject({
			url,
			status: 200,
			contentType: 'text/xml',
			body: TWIML,
			replies: ['Thanks & welcome!'],
		});
		expect(result.messageSid).toMatch(/^SM[0-9a-f]{32}$/);
		const log = await call(sandbox, 'GET', '/sandbox/inbound');
		expect(log.json.inbound.map((r: any) => r.messageSid)).toEqual([result.messageSid]);
		const stored = await call(sandbox, 'GET', accountPath(`/Messages/${result.messageSid}.json`));
		expect(stored.json).toMatchObject({
			direction: 'inbound',
			status: 'received',
			body: 'Hello there',
			from: CUSTOMER,
		});
	});

	it('uses the Messaging Service’s inbound URL unless the service defers to the number', async () => {
		const serviceUrl = receiver.url('/service');
		const numberUrl = receiver.url('/number');
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { InboundRequestUrl: serviceUrl },
		});
		await setNumberWebhook(1, { SmsUrl: numberUrl });
		const viaService = await sandbox.simulateInbound({
			to: NUMBERS.main,
			from: CUSTOMER,
			body: 'one',
		});
		expect(viaService.url).toBe(serviceUrl);
		expect(receiver.requests[0].params.MessagingServiceSid).toBe(SERVICES.notifications);
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { UseInboundWebhookOnNumber: 'true' },
		});
		const viaNumber = await sandbox.simulateInbound({
			to: NUMBERS.main,
			from: CUSTOMER,
			body: 'two',
		});
		expect(viaNumber.url).toBe(numberUrl);
		expect(receiver.requests.map((r) => r.path)).toEqual(['/service', '/number']);
	});

	it('builds WhatsApp parameters and serves media the sandbox keeps', async () => {
		const url = receiver.url('/wa');
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { InboundRequestUrl: url },
		});
		const result = await sandbox.simulateInbound({
			to: NUMBERS.main,
			from: CUSTOMER,
			channel: 'whatsapp',
			body: 'Great',
			buttonPayload: 'feedback_great',
			buttonText: 'Great',
			profileName: 'Ada L',
			media: [
				{ contentType: 'image/png' },
				{ url: 'https://cdn.example.com/voice.ogg', contentType: 'audio/ogg' },
			],
		});
		const { params } = receiver.requests[0];
		expect(params).toMatchObject({
			From: `whatsapp:${CUSTOMER}`,
			To: WHATSAPP_SENDER,
			ProfileName: 'Ada L',
			WaId: CUSTOMER.slice(1),
			ButtonPayload: 'feedback_great',
			ButtonText: 'Great',
			MessageType: 'button',
			NumMedia: '2',
			MediaContentType0: 'image/png',
			MediaContentType1: 'audio/ogg',
			MediaUrl1: 'https://cdn.example.com/voice.ogg',
		});
		expect(params.FromCountry).toBeUndefined();
		expect(result.messageSid).toMatch(/^MM/);
		expect(
			String(params.MediaUrl0).startsWith(
				`${sandbox.url}/2010-04-01/Accounts/${MAIN.accountSid}/Messages/${result.messageSid}/Media/ME`,
			),
		).toBe(true);
		const file = await call(sandbox, 'GET', String(params.MediaUrl0));
		expect(file.status).toBe(200);
		expect(file.headers.get('content-type')).toBe('image/png');
		expect(file.bytes.subarray(1, 4).toString()).toBe('PNG');
	});

	it('sends location and Messenger / RCS prefixes', async () => {
		const url = receiver.url('/channels');
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { InboundRequestUrl: url },
		});
		await sandbox.simulateInbound({
			to: WHATSAPP_SENDER,
			from: `whatsapp:${CUSTOMER}`,
			latitude: 52.52,
			longitude: 13.405,
			label: 'Office',
		});
		await sandbox.simulateInbound({
			to: 'messenger:104000000000001',
			from: '2233445566',
			channel: 'messenger',
			body: 'hi',
		});
		await sandbox.simulateInbound({ to: 'rcs:sandbox_agent', from: `rcs:${CUSTOMER}`, body: 'hi' });
		const [location, messenger, rcs] = receiver.requests.map((r) => r.params);
		expect(location).toMatchObject({
			Latitude: '52.52',
			Longitude: '13.405',
			Label: 'Office',
			MessageType: 'location',
		});
		expect(messenger).toMatchObject({
			From: 'messenger:2233445566',
			To: 'messenger:104000000000001',
		});
		expect(rcs).toMatchObject({
			From: `rcs:${CUSTOMER}`,
			To: 'rcs:sandbox_agent',
			MessageType: 'text',
		});
	});

	it('sends GET webhooks as a query string, signed over the full URL', async () => {
		await setNumberWebhook(2, { SmsUrl: receiver.url('/get'), SmsMethod: 'GET' });
		const result = await sandbox.simulateInbound({
			to: NUMBERS.standalone,
			from: CUSTOMER,
			body: 'a b&c',
		});
		const [request] = receiver.requests;
		expect(request.method).toBe('GET');
		expect(request.body).toBe('');
		const full = `${receiver.url('')}${request.path}`;
		expect(new URL(full).searchParams.get('Body')).toBe('a b&c');
		expect(
			twilio.validateRequest(
				MAIN.authToken,
				String(request.headers['x-twilio-signature']),
				full,
				{},
			),
		).toBe(true);
		expect(result.method).toBe('GET');
	});

	it('handles STOP and START like Twilio’s default opt-out', async () => {
		await setNumberWebhook(2, { SmsUrl: receiver.url('/stop') });
		await sandbox.simulateInbound({ to: NUMBERS.standalone, from: CUSTOMER, body: ' stop ' });
		expect(receiver.requests[0].params.OptOutType).toBe('STOP');
		expect(
			(await sendMessage(sandbox, { To: CUSTOMER, From: NUMBERS.standalone, Body: 'x' })).json.code,
		).toBe(21610);
		await sandbox.simulateInbound({ to: NUMBERS.standalone, from: CUSTOMER, body: 'START' });
		expect(receiver.requests[1].params.OptOutType).toBe('START');
		expect(
			(await sendMessage(sandbox, { To: CUSTOMER, From: NUMBERS.standalone, Body: 'x' })).status,
		).toBe(201);
	});

	it('falls back to the fallback URL when the webhook fails', async () => {
		receiver.reply = (r) =>
			r.path === '/broken'
				? { status: 500 }
				: { status: 200, body: '<Response/>', contentType: 'text/xml' };
		await setNumberWebhook(2, {
			SmsUrl: `${receiver.url('/broken')}#rc=0`,
			SmsFallbackUrl: receiver.url('/fallback'),
		});
		const result = await sandbox.simulateInbound({
			to: NUMBERS.standalone,
			from: CUSTOMER,
			body: 'x',
		});
		expect(receiver.requests.map((r) => r.path)).toEqual(['/broken', '/fallback']);
		expect(result.attempts.map((a: any) => a.status)).toEqual([500]);
		expect(result.fallback?.[0].status).toBe(200);
		expect(result.status).toBe(200);
	});

	it('works over HTTP and the CLI contract: 404 for an unknown receiver, 400 without addresses', async () => {
		const post = (body: unknown) =>
			fetch(`${sandbox.url}/sandbox/inbound`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json' },
				body: JSON.stringify(body),
			});
		const unknown = await post({ to: '+15559990000', from: CUSTOMER, body: 'x' });
		expect(unknown.status).toBe(404);
		const refusal: any = await unknown.json();
		expect(refusal.error).toMatch(/no sender/);
		expect((await post({ body: 'x' })).status).toBe(400);
		await setNumberWebhook(2, { SmsUrl: receiver.url('/http') });
		const ok = await post({ to: NUMBERS.standalone, from: CUSTOMER, body: 'over http' });
		expect(ok.status).toBe(200);
		expect(await ok.json()).toMatchObject({
			status: 200,
			url: receiver.url('/http'),
			contentType: 'text/xml',
		});
	});

	it('records a sender without webhook as delivered nowhere', async () => {
		const result = await sandbox.simulateInbound({ to: NUMBERS.uk, from: CUSTOMER, body: 'x' });
		expect(result).toMatchObject({ url: null, status: null, attempts: [] });
		expect(receiver.requests).toHaveLength(0);
	});
});
