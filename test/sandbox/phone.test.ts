import fs from 'fs';
import http from 'http';
import path from 'path';
import type { Sandbox } from '../../sandbox';
import {
	CUSTOMER,
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

const UI_DIR = path.join(__dirname, '..', '..', 'sandbox', 'phone-ui');

const conversations = async (sandbox: Sandbox) => {
	const response = await call(sandbox, 'GET', '/phone/api/conversations', { auth: null });
	expect(response.status).toBe(200);
	return response.json.conversations as any[];
};

const business = async (sandbox: Sandbox) =>
	(await call(sandbox, 'GET', '/phone/api/business', { auth: null })).json;

/** Reads server-sent events until `count` have arrived. */
function readEvents(
	url: string,
	count: number,
	timeoutMs = 5000,
): { opened: Promise<void>; events: Promise<Array<{ event: string; data: any }>> } {
	let open: () => void = () => undefined;
	const opened = new Promise<void>((resolve) => (open = resolve));
	const events = new Promise<Array<{ event: string; data: any }>>((resolve, reject) => {
		const received: Array<{ event: string; data: any }> = [];
		const req = http.get(url, (res) => {
			expect(res.headers['content-type']).toContain('text/event-stream');
			open();
			let buffer = '';
			res.setEncoding('utf8');
			res.on('data', (chunk: string) => {
				buffer += chunk;
				let end;
				while ((end = buffer.indexOf('\n\n')) !== -1) {
					const block = buffer.slice(0, end);
					buffer = buffer.slice(end + 2);
					const event = /^event: (.*)$/m.exec(block)?.[1];
					const data = /^data: (.*)$/m.exec(block)?.[1];
					if (event) received.push({ event, data: data ? JSON.parse(data) : null });
					if (received.length >= count) {
						clearTimeout(timer);
						req.destroy();
						resolve(received);
					}
				}
			});
		});
		req.on('error', () => undefined);
		const timer = setTimeout(() => {
			req.destroy();
			reject(new Error(`got ${received.length} of ${count} events`));
		}, timeoutMs);
	});
	return { opened, events };
}

describe('sandbox phone page', () => {
	let sandbox: Sandbox;
	let receiver: Receiver;
	beforeAll(async () => {
		sandbox = await startTestSandbox();
		receiver = await new Receiver().start();
	});
	beforeEach(() => {
		sandbox.reset();
		sandbox.clearFaults();
		receiver.requests.length = 0;
		receiver.reply = () => ({ status: 200, body: '<Response/>', contentType: 'text/xml' });
	});
	afterAll(async () => {
		await sandbox.close();
		await receiver.close();
	});

	it('serves the page and its files from the sandbox itself, without authentication and untouched by faults', async () => {
		sandbox.setFaults({ next503: 10 });
		const page = await call(sandbox, 'GET', '/phone', { auth: null });
		expect(page.status).toBe(200);
		expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
		expect(page.headers.get('content-security-policy')).toContain("default-src 'self'");
		const html = page.bytes.toString('utf8');
		for (const file of ['/phone/app.js', '/phone/app.css']) expect(html).toContain(file);
		for (const [file, type] of [
			['/phone/app.js', 'text/javascript; charset=utf-8'],
			['/phone/render.js', 'text/javascript; charset=utf-8'],
			['/phone/app.css', 'text/css; charset=utf-8'],
			['/phone/sample.png', 'image/png'],
		]) {
			const response = await call(sandbox, 'GET', file, { auth: null });
			expect([file, response.status, response.headers.get('content-type')]).toEqual([
				file,
				200,
				type,
			]);
		}
		const image = await call(sandbox, 'GET', '/phone/sample.png', { auth: null });
		expect(image.bytes.subarray(1, 4).toString()).toBe('PNG');
		// The 503s were left for the API.
		expect((await call(sandbox, 'GET', accountPath('/Balance.json'))).status).toBe(503);
		expect((await call(sandbox, 'GET', '/phone/nothing-here', { auth: null })).status).toBe(404);
		expect((await call(sandbox, 'POST', '/phone/api/conversations', { auth: null })).status).toBe(
			405,
		);
	});

	it('ships only files that load nothing from outside the sandbox', () => {
		for (const file of fs.readdirSync(UI_DIR).filter((f) => /\.(html|js|css)$/.test(f))) {
			const text = fs.readFileSync(path.join(UI_DIR, file), 'utf8');
			expect([file, text.match(/(src|href)=["']?(https?:)?\/\//gi)]).toEqual([file, null]);
			expect([file, text.match(/@import|url\(\s*["']?(https?:)?\/\//gi)]).toEqual([file, null]);
			expect([file, text.match(/\binnerHTML\b|insertAdjacentHTML|document\.write/g)]).toEqual([
				file,
				null,
			]);
		}
	});

	it('groups messages by customer address and channel, newest conversation first, each thread oldest first', async () => {
		await sendMessage(sandbox, { From: NUMBERS.main, To: CUSTOMER, Body: 'SMS one' });
		await sendMessage(sandbox, {
			From: WHATSAPP_SENDER,
			To: `whatsapp:${CUSTOMER}`,
			Body: 'WhatsApp one',
		});
		await sendMessage(sandbox, {
			From: NUMBERS.standalone,
			To: CUSTOMER,
			Body: 'SMS two from another number',
		});
		await sendMessage(sandbox, { From: NUMBERS.main, To: '+15551230099', Body: 'someone else' });
		const list = await conversations(sandbox);
		expect(list.map((c) => [c.id, c.channel, c.address])).toEqual([
			['+15551230099', 'sms', '+15551230099'],
			[CUSTOMER, 'sms', CUSTOMER],
			[`whatsapp:${CUSTOMER}`, 'whatsapp', CUSTOMER],
		]);
		const sms = list[1];
		expect(sms.messages.map((m: any) => [m.body, m.business, m.direction])).toEqual([
			['SMS one', NUMBERS.main, 'outbound'],
			['SMS two from another number', NUMBERS.standalone, 'outbound'],
		]);
	});

	it('gives Messenger and RCS customers their own conversations, answers included', async () => {
		await sendMessage(sandbox, {
			From: 'messenger:104000000000001',
			To: 'messenger:2000001',
			Body: 'Messenger hi',
		});
		await sendMessage(sandbox, {
			From: 'rcs:sandbox_agent',
			To: `rcs:${CUSTOMER}`,
			Body: 'RCS hi',
		});
		await sandbox.simulateInbound({
			to: 'rcs:sandbox_agent',
			from: `rcs:${CUSTOMER}`,
			body: 'RCS answer',
		});
		await sandbox.simulateInbound({
			to: 'messenger:104000000000001',
			from: 'messenger:2000001',
			body: 'Messenger answer',
		});
		const list = await conversations(sandbox);
		expect(
			list.map((c) => [
				c.id,
				c.channel,
				c.address,
				c.messages.map((m: any) => [m.direction, m.business, m.body]),
			]),
		).toEqual([
			[
				'messenger:2000001',
				'messenger',
				'2000001',
				[
					['outbound', 'messenger:104000000000001', 'Messenger hi'],
					['inbound', 'messenger:104000000000001', 'Messenger answer'],
				],
			],
			[
				`rcs:${CUSTOMER}`,
				'rcs',
				CUSTOMER,
				[
					['outbound', 'rcs:sandbox_agent', 'RCS hi'],
					['inbound', 'rcs:sandbox_agent', 'RCS answer'],
				],
			],
		]);
	});

	it('puts the customer’s messages in the conversation with the webhook’s answer and TwiML replies', async () => {
		await call(sandbox, 'POST', accountPath(`/IncomingPhoneNumbers/${sid('PN', 2)}.json`), {
			form: { SmsUrl: receiver.url('/sms') },
		});
		receiver.reply = () => ({
			status: 200,
			body: '<Response><Message>Got it &amp; thanks</Message></Response>',
			contentType: 'text/xml',
		});
		await sendMessage(sandbox, {
			From: NUMBERS.standalone,
			To: CUSTOMER,
			Body: 'Your order shipped',
		});
		await sandbox.simulateInbound({ to: NUMBERS.standalone, from: CUSTOMER, body: 'Where is it?' });
		const [conversation] = await conversations(sandbox);
		expect(conversation.id).toBe(CUSTOMER);
		const [, customer] = conversation.messages;
		expect(customer).toMatchObject({
			direction: 'inbound',
			business: NUMBERS.standalone,
			body: 'Where is it?',
			status: 'received',
		});
		expect(customer.webhook).toEqual({
			url: receiver.url('/sms'),
			status: 200,
			error: null,
			replies: ['Got it & thanks'],
		});
	});

	it('shows a customer’s message while its webhook is still being delivered', async () => {
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { InboundRequestUrl: receiver.url('/slow') },
		});
		receiver.reply = () => ({
			status: 200,
			body: '<Response/>',
			contentType: 'text/xml',
			delayMs: 400,
		});
		const stored = new Promise((resolve) => sandbox.once('message', resolve));
		const delivery = sandbox.simulateInbound({
			to: NUMBERS.main,
			from: CUSTOMER,
			channel: 'whatsapp',
			body: 'Hello',
		});
		const message: any = await stored;
		const [conversation] = await conversations(sandbox);
		expect(conversation.messages.map((m: any) => [m.sid, m.body, m.webhook])).toEqual([
			[message.sid, 'Hello', null],
		]);
		await delivery;
		const [after] = await conversations(sandbox);
		expect(after.messages[0].webhook).toMatchObject({ url: receiver.url('/slow'), status: 200 });
	});

	it('renders a template from its definition with the message’s variables, the samples standing in for missing ones', async () => {
		await sendMessage(sandbox, {
			From: WHATSAPP_SENDER,
			To: `whatsapp:${CUSTOMER}`,
			ContentSid: sid('HX', 3),
			ContentVariables: JSON.stringify({ 1: 'Grace <b>' }),
		});
		await sendMessage(sandbox, {
			From: WHATSAPP_SENDER,
			To: `whatsapp:${CUSTOMER}`,
			ContentSid: sid('HX', 4),
			ContentVariables: JSON.stringify({ 2: 'B-7' }),
		});
		await sendMessage(sandbox, {
			From: WHATSAPP_SENDER,
			To: `whatsapp:${CUSTOMER}`,
			ContentSid: sid('HX', 0x0a),
		});
		await sendMessage(sandbox, {
			From: WHATSAPP_SENDER,
			To: `whatsapp:${CUSTOMER}`,
			ContentSid: sid('HX', 8),
			ContentVariables: JSON.stringify({ 1: '424242' }),
		});
		const [conversation] = await conversations(sandbox);
		const [quickReply, callToAction, carousel, authentication] = conversation.messages.map(
			(m: any) => m.template,
		);
		expect(quickReply).toEqual({
			sid: sid('HX', 3),
			friendlyName: 'delivery_feedback',
			type: 'twilio/quick-reply',
			spec: {
				body: 'How was your delivery, Grace <b>?',
				actions: [
					{ type: 'QUICK_REPLY', title: 'Great', id: 'feedback_great' },
					{ type: 'QUICK_REPLY', title: 'Not good', id: 'feedback_bad' },
				],
			},
		});
		expect(callToAction.spec).toEqual({
			body: 'Your appointment is on Monday 10:00.',
			actions: [
				{ type: 'URL', title: 'Manage booking', url: 'https://example.com/appointments/B-7' },
				{ type: 'PHONE_NUMBER', title: 'Call us', phone: '+15550100001' },
			],
		});
		expect(carousel.spec.body).toBe('Top picks for you, Ada');
		expect(carousel.spec.cards.map((c: any) => c.actions[0].title)).toEqual([
			'Buy',
			'More like this',
		]);
		expect(authentication).toMatchObject({
			type: 'whatsapp/authentication',
			spec: {
				body: '424242 is your verification code. For your security, do not share this code.',
				code_expiration_minutes: 10,
			},
		});
	});

	it('picks the type the channel gets: text for SMS when the template has one', async () => {
		await sendMessage(sandbox, { From: NUMBERS.main, To: CUSTOMER, ContentSid: sid('HX', 0x0c) });
		await sendMessage(sandbox, {
			From: WHATSAPP_SENDER,
			To: `whatsapp:${CUSTOMER}`,
			ContentSid: sid('HX', 0x0c),
		});
		const list = await conversations(sandbox);
		const byId = Object.fromEntries(list.map((c) => [c.id, c.messages[0]]));
		expect(byId[CUSTOMER].template.type).toBe('twilio/text');
		expect(byId[`whatsapp:${CUSTOMER}`].template.type).toBe('twilio/text');
		expect(byId[CUSTOMER].body).toBe('Welcome, Ada!');
	});

	it('follows each message’s status, with the error code of a failure', async () => {
		const ok = (
			await sendMessage(sandbox, { From: WHATSAPP_SENDER, To: `whatsapp:${CUSTOMER}`, Body: 'hi' })
		).json.sid;
		const failed = (
			await sendMessage(sandbox, { From: NUMBERS.main, To: '+15550199005', Body: 'hi' })
		).json.sid;
		await sandbox.waitForStatus(ok, 'read');
		await sandbox.waitForStatus(failed, 'failed');
		const messages = (await conversations(sandbox)).flatMap((c) => c.messages);
		const bySid = Object.fromEntries(messages.map((m) => [m.sid, m]));
		expect(bySid[ok].history.map((h: any) => h.status)).toEqual([
			'queued',
			'sending',
			'sent',
			'delivered',
			'read',
		]);
		expect(bySid[failed]).toMatchObject({
			status: 'failed',
			errorCode: 30005,
			errorMessage: expect.stringMatching(/\w/),
		});
	});

	it('streams a change event for each new message and status, to every open page', async () => {
		const listeners = sandbox.listenerCount('status');
		const { opened, events } = readEvents(`${sandbox.url}/phone/api/events`, 3);
		const second = readEvents(`${sandbox.url}/phone/api/events`, 3);
		await opened;
		await second.opened;
		expect(sandbox.listenerCount('status')).toBe(listeners);
		const sent = (await sendMessage(sandbox, { From: NUMBERS.main, To: CUSTOMER, Body: 'live' }))
			.json.sid;
		const received = await events;
		expect(received.every((e) => e.event === 'change' && e.data.sid === sent)).toBe(true);
		expect(received.map((e) => e.data.event)).toEqual(['message', 'status', 'status']);
		expect(await second.events).toEqual(received);
	});

	it('lists each number’s and service’s webhooks, the n8n trigger behind them, and their last deliveries with the answers', async () => {
		const n8nUrl = receiver.url('/webhook/0a1e0004-5a1e-4f00-8000-00000000570b/twilio');
		await call(sandbox, 'POST', `/v1/Services/${SERVICES.notifications}`, {
			form: { InboundRequestUrl: n8nUrl, StatusCallback: receiver.url('/status') },
		});
		receiver.reply = (r) =>
			r.path.startsWith('/webhook/') ? { status: 404, body: 'not registered' } : { status: 204 };
		await sandbox.simulateInbound({ to: NUMBERS.main, from: CUSTOMER, body: 'anyone?' });
		await sandbox.simulateInbound({ to: NUMBERS.standalone, from: CUSTOMER, body: 'and here?' });
		const sent = (
			await sendMessage(sandbox, {
				MessagingServiceSid: SERVICES.notifications,
				To: CUSTOMER,
				Body: 'hi',
			})
		).json.sid;
		await sandbox.waitForStatus(sent, 'delivered');
		await sandbox.settled();
		const view = await business(sandbox);
		const service = view.services.find((s: any) => s.sid === SERVICES.notifications);
		expect(service.webhooks[0]).toEqual({
			label: 'Incoming messages',
			url: n8nUrl,
			method: 'POST',
			n8n: { mode: 'production', webhookId: '0a1e0004-5a1e-4f00-8000-00000000570b' },
		});
		expect(service.senders).toEqual([
			NUMBERS.main,
			NUMBERS.smsOnly,
			WHATSAPP_SENDER,
			'messenger:104000000000001',
			'rcs:sandbox_agent',
		]);
		const inbound = service.deliveries.filter((d: any) => d.kind === 'inbound');
		expect(inbound).toEqual([
			expect.objectContaining({ url: n8nUrl, status: 404, sender: NUMBERS.main }),
		]);
		const statuses = service.deliveries
			.filter((d: any) => d.kind.startsWith('status'))
			.map((d: any) => [d.kind, d.status]);
		expect(statuses).toEqual(
			expect.arrayContaining([
				['status: delivered', 204],
				['status: queued', 204],
			]),
		);
		const standalone = view.numbers.find((n: any) => n.address === NUMBERS.standalone);
		expect(standalone.webhooks[0]).toEqual({
			label: 'Incoming messages',
			url: null,
			method: null,
			n8n: null,
		});
		expect(standalone.deliveries).toEqual([
			expect.objectContaining({
				kind: 'inbound',
				url: null,
				error: expect.stringContaining('no webhook URL'),
			}),
		]);
		const main = view.numbers.find((n: any) => n.address === NUMBERS.main);
		expect(main.service).toEqual({
			sid: SERVICES.notifications,
			friendlyName: 'Sandbox Notifications',
			usesNumberWebhook: false,
		});
		expect(view.senders).toEqual(
			expect.arrayContaining([
				{ address: NUMBERS.main, channel: 'sms', label: `${NUMBERS.main} (Sandbox main line)` },
				{
					address: WHATSAPP_SENDER,
					channel: 'whatsapp',
					label: `${WHATSAPP_SENDER} (Sandbox Notifications)`,
				},
			]),
		);
		expect(view.senders.map((s: any) => s.address)).not.toContain(NUMBERS.voiceOnly);
	});
});
