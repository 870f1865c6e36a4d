import type { Sandbox } from '../../sandbox';
import { expectSchema } from './schema';
import {
	CUSTOMER,
	MAIN,
	NUMBERS,
	SERVICES,
	WHATSAPP_SENDER,
	accountPath,
	call,
	pages2010,
	sendMessage,
	sid,
	startTestSandbox,
	type Params,
} from './helpers';

const MESSAGES = '/2010-04-01/Accounts/{AccountSid}/Messages.json';
const MESSAGE = '/2010-04-01/Accounts/{AccountSid}/Messages/{Sid}.json';
const SMS: Params = { To: CUSTOMER, From: NUMBERS.main, Body: 'Hello from the sandbox' };
const inMinutes = (sandbox: Sandbox, minutes: number) =>
	new Date(sandbox.now() + minutes * 60_000).toISOString();

describe('sandbox messages', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox({ timing: { stepMs: 0 } });
	});
	beforeEach(() => sandbox.reset());
	afterAll(() => sandbox.close());

	describe('create', () => {
		it('answers 201 with the full Message resource of the spec', async () => {
			const response = await sendMessage(sandbox, SMS);
			expect(response.status).toBe(201);
			expectSchema('twilio_api_v2010', MESSAGES, 'post', '201', response.json);
			const m = response.json;
			expect(m).toMatchObject({
				account_sid: MAIN.accountSid,
				api_version: '2010-04-01',
				body: SMS.Body,
				direction: 'outbound-api',
				from: NUMBERS.main,
				to: CUSTOMER,
				status: 'queued',
				num_media: '0',
				num_segments: '1',
				error_code: null,
				messaging_service_sid: null,
				price_unit: 'USD',
			});
			expect(m.sid).toMatch(/^SM[0-9a-f]{32}$/);
			expect(m.uri).toBe(accountPath(`/Messages/${m.sid}.json`));
			expect(m.subresource_uris.media).toBe(accountPath(`/Messages/${m.sid}/Media.json`));
		});

		it('uses an MM SID and counts media when MediaUrl is repeated', async () => {
			const response = await sendMessage(sandbox, {
				...SMS,
				MediaUrl: ['https://example.com/a.png', 'https://example.com/b.jpg'],
			});
			expect(response.json.sid).toMatch(/^MM/);
			expect(response.json.num_media).toBe('2');
			const [entry] = sandbox.ledger();
			expect(entry.params.MediaUrl).toEqual([
				'https://example.com/a.png',
				'https://example.com/b.jpg',
			]);
		});

		it('keeps every request parameter in the ledger, single MediaUrl as an array', async () => {
			const params = {
				...SMS,
				MediaUrl: 'https://example.com/only.gif',
				StatusCallback: 'http://127.0.0.1:1/status',
				ValidityPeriod: '600',
				ShortenUrls: 'false',
				SmartEncoded: 'true',
				SendAsMms: 'true',
				PersistentAction: ['geo:37.7,-122.4|Office', 'mailto:a@example.com'],
				RiskCheck: 'disable',
				ContentRetention: 'retain',
				AddressRetention: 'obfuscate',
				Attempt: '2',
				Tags: '{"campaign":"spring"}',
				ProvideFeedback: 'true',
				ForceDelivery: 'true',
				MaxPrice: '0.05',
			};
			await sendMessage(sandbox, params);
			const [entry] = sandbox.ledger();
			expect(entry.params).toEqual({ ...params, MediaUrl: ['https://example.com/only.gif'] });
			expect(entry.principal).toEqual({ type: 'account', sid: MAIN.accountSid });
		});

		it('is accepted (no From yet) with a Messaging Service and no From', async () => {
			const response = await sendMessage(sandbox, {
				To: CUSTOMER,
				MessagingServiceSid: SERVICES.notifications,
				Body: 'hi',
			});
			expect(response.status).toBe(201);
			expect(response.json).toMatchObject({
				status: 'accepted',
				from: null,
				messaging_service_sid: SERVICES.notifications,
			});
		});

		it('is scheduled with SendAt and ScheduleType=fixed', async () => {
			const response = await sendMessage(sandbox, {
				To: CUSTOMER,
				MessagingServiceSid: SERVICES.notifications,
				Body: 'later',
				SendAt: inMinutes(sandbox, 60),
				ScheduleType: 'fixed',
			});
			expect(response.status).toBe(201);
			expect(response.json.status).toBe('scheduled');
			expect(response.json.date_sent).toBeNull();
		});

		it('renders a content template with the given variables and the template samples', async () => {
			const response = await sendMessage(sandbox, {
				To: CUSTOMER,
				From: NUMBERS.main,
				ContentSid: sid('HX', 1),
				ContentVariables: JSON.stringify({ 1: 'Bob', 2: '#42' }),
			});
			expect(response.json.body).toBe('Hi Bob, your order #42 has shipped and arrives tomorrow.');
			expect(response.json.sid).toMatch(/^SM/);
			const media = await sendMessage(sandbox, {
				To: CUSTOMER,
				From: NUMBERS.main,
				ContentSid: sid('HX', 2),
			});
			expect(media.json.body).toBe('Ada, here is your 10% coupon!');
			expect(media.json.sid).toMatch(/^MM/);
			expect(media.json.num_media).toBe('1');
			const auth = await sendMessage(sandbox, {
				To: `whatsapp:${CUSTOMER}`,
				From: WHATSAPP_SENDER,
				ContentSid: sid('HX', 8),
				ContentVariables: '{"1":"987654"}',
			});
			expect(auth.json.body).toBe(
				'987654 is your verification code. For your security, do not share this code.',
			);
		});

		it.each([
			['an alphanumeric sender ID', { To: CUSTOMER, From: 'SANDBOX', Body: 'hi' }],
			['a short code', { To: CUSTOMER, From: '55501', Body: 'hi' }],
			['a WhatsApp sender', { To: `whatsapp:${CUSTOMER}`, From: WHATSAPP_SENDER, Body: 'hi' }],
			[
				'a Messenger page',
				{ To: 'messenger:2233445566', From: 'messenger:104000000000001', Body: 'hi' },
			],
			['an RCS agent', { To: `rcs:${CUSTOMER}`, From: 'rcs:sandbox_agent', Body: 'hi' }],
			[
				'a service picking its WhatsApp sender',
				{ To: `whatsapp:${CUSTOMER}`, MessagingServiceSid: SERVICES.notifications, Body: 'hi' },
			],
		])('sends from %s', async (_, params) => {
			const response = await sendMessage(sandbox, params as Params);
			expect(response.status).toBe(201);
			expect(response.json.to).toBe(params.To);
		});

		it.each([
			['160 GSM-7 characters', 'a'.repeat(160), '1'],
			['161 GSM-7 characters', 'a'.repeat(161), '2'],
			['extended GSM-7 characters counting twice', '€'.repeat(81), '2'],
			['70 UCS-2 characters', 'ж'.repeat(70), '1'],
			['71 UCS-2 characters', 'ж'.repeat(71), '2'],
			['202 UCS-2 characters', 'ж'.repeat(202), '4'],
		])('counts segments for %s', async (_, body, segments) => {
			const response = await sendMessage(sandbox, { ...SMS, Body: body });
			expect(response.json.num_segments).toBe(segments);
		});
	});

	describe('validation', () => {
		const cases: Array<[number, string, Params]> = [
			[21604, 'no To', { From: NUMBERS.main, Body: 'hi' }],
			[21211, 'a To that is not E.164', { ...SMS, To: '5551234' }],
			[
				21211,
				'a WhatsApp To without +',
				{ To: 'whatsapp:15551234', From: WHATSAPP_SENDER, Body: 'hi' },
			],
			[
				21211,
				'a Messenger To that is not a page-scoped id',
				{ To: 'messenger:abc', From: 'messenger:104000000000001', Body: 'hi' },
			],
			[21603, 'neither From nor MessagingServiceSid', { To: CUSTOMER, Body: 'hi' }],
			[
				21705,
				'an unknown Messaging Service',
				{ To: CUSTOMER, MessagingServiceSid: sid('MG', 0x99), Body: 'hi' },
			],
			[
				21705,
				'a Messaging Service of another account',
				{ To: CUSTOMER, MessagingServiceSid: SERVICES.other, Body: 'hi' },
			],
			[21602, 'no Body, MediaUrl or ContentSid', { To: CUSTOMER, From: NUMBERS.main }],
			[21617, 'a Body over 1600 characters', { ...SMS, Body: 'x'.repeat(1601) }],
			[
				21623,
				'more than 10 MediaUrl',
				{ ...SMS, MediaUrl: Array.from({ length: 11 }, (_, i) => `https://example.com/${i}.png`) },
			],
			[21620, 'a MediaUrl that is not http(s)', { ...SMS, MediaUrl: 'ftp://example.com/a.png' }],
			[21654, 'ContentVariables without ContentSid', { ...SMS, ContentVariables: '{"1":"a"}' }],
			[
				21655,
				'an unknown ContentSid',
				{ To: CUSTOMER, From: NUMBERS.main, ContentSid: sid('HX', 0x99) },
			],
			[
				21655,
				'a ContentSid of another account',
				{ To: CUSTOMER, From: NUMBERS.main, ContentSid: sid('HX', 0x11) },
			],
			[
				21656,
				'ContentVariables that are not JSON',
				{ To: CUSTOMER, From: NUMBERS.main, ContentSid: sid('HX', 1), ContentVariables: '{1: a' },
			],
			[
				21656,
				'ContentVariables that are a JSON array',
				{ To: CUSTOMER, From: NUMBERS.main, ContentSid: sid('HX', 1), ContentVariables: '["a"]' },
			],
			[
				21656,
				'ContentVariables with a nested object',
				{
					To: CUSTOMER,
					From: NUMBERS.main,
					ContentSid: sid('HX', 1),
					ContentVariables: '{"1":{"a":1}}',
				},
			],
			[21212, 'a malformed From', { ...SMS, From: 'not a sender!' }],
			[21606, 'a From number the account does not own', { ...SMS, From: '+15559990000' }],
			[21606, 'a From number without SMS capability', { ...SMS, From: NUMBERS.voiceOnly }],
			[
				63007,
				'a WhatsApp From that is no sender of the account',
				{ To: `whatsapp:${CUSTOMER}`, From: 'whatsapp:+15559990000', Body: 'hi' },
			],
			[
				63007,
				'an unknown Messenger page',
				{ To: 'messenger:2233', From: 'messenger:999', Body: 'hi' },
			],
			[
				21910,
				'a WhatsApp From with an SMS To',
				{ To: CUSTOMER, From: WHATSAPP_SENDER, Body: 'hi' },
			],
			[
				21703,
				'a service without a sender for the channel',
				{ To: `whatsapp:${CUSTOMER}`, MessagingServiceSid: SERVICES.marketing, Body: 'hi' },
			],
			[
				21703,
				'a service with an empty pool',
				{ To: CUSTOMER, MessagingServiceSid: SERVICES.empty, Body: 'hi' },
			],
			[21610, 'an opted-out recipient', { ...SMS, To: '+15550199001' }],
			[
				35118,
				'SendAt without a Messaging Service',
				{ ...SMS, SendAt: '2099-01-01T00:00:00Z', ScheduleType: 'fixed' },
			],
		];

		it.each(cases)('answers %i for %s', async (code, _, params) => {
			const response = await sendMessage(sandbox, params);
			expect(response.status).toBe(400);
			expect(response.json).toEqual({
				code,
				message: expect.any(String),
				more_info: `https://www.twilio.com/docs/errors/${code}`,
				status: 400,
			});
			expect(response.json.message.length).toBeGreaterThan(5);
			expect(sandbox.ledger()).toHaveLength(0);
		});

		it.each([
			['10 minutes ahead', 10],
			['36 days ahead', 36 * 24 * 60],
			['in the past', -60],
		])('answers 35114 for SendAt %s', async (_, minutes) => {
			const response = await sendMessage(sandbox, {
				To: CUSTOMER,
				MessagingServiceSid: SERVICES.notifications,
				Body: 'x',
				ScheduleType: 'fixed',
				SendAt: inMinutes(sandbox, minutes),
			});
			expect(response.status).toBe(400);
			expect(response.json.code).toBe(35114);
		});

		it('answers 35114 for a SendAt that is not ISO 8601', async () => {
			const response = await sendMessage(sandbox, {
				To: CUSTOMER,
				MessagingServiceSid: SERVICES.notifications,
				Body: 'x',
				SendAt: 'next tuesday',
			});
			expect(response.json.code).toBe(35114);
		});

		it('accepts SendAt just inside the window (16 minutes, 34 days)', async () => {
			for (const minutes of [16, 34 * 24 * 60]) {
				const response = await sendMessage(sandbox, {
					To: CUSTOMER,
					MessagingServiceSid: SERVICES.notifications,
					Body: 'x',
					ScheduleType: 'fixed',
					SendAt: inMinutes(sandbox, minutes),
				});
				expect(response.status).toBe(201);
			}
		});

		it('accepts exactly 1600 characters and 10 media URLs', async () => {
			const response = await sendMessage(sandbox, {
				...SMS,
				Body: 'x'.repeat(1600),
				MediaUrl: Array.from({ length: 10 }, (_, i) => `https://example.com/${i}.png`),
			});
			expect(response.status).toBe(201);
			expect(response.json.num_media).toBe('10');
		});
	});

	describe('fetch, list, update, delete', () => {
		it('fetches a message and its progress', async () => {
			const created = await sendMessage(sandbox, SMS);
			await sandbox.waitForStatus(created.json.sid, 'delivered');
			const fetched = await call(sandbox, 'GET', created.json.uri);
			expect(fetched.status).toBe(200);
			expectSchema('twilio_api_v2010', MESSAGE, 'get', '200', fetched.json);
			expect(fetched.json).toMatchObject({
				sid: created.json.sid,
				status: 'delivered',
				price: '-0.00790',
			});
			expect(fetched.json.date_sent).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
		});

		it('pages the message list to the last page, newest first, every message once', async () => {
			const sids: string[] = [];
			for (let i = 0; i < 5; i += 1)
				sids.push((await sendMessage(sandbox, { ...SMS, Body: `n${i}` })).json.sid);
			const { pages, items } = await pages2010(
				sandbox,
				accountPath('/Messages.json?PageSize=2'),
				'messages',
			);
			expect(pages.map((p) => p.page)).toEqual([0, 1, 2]);
			expect(pages.map((p) => p.messages.length)).toEqual([2, 2, 1]);
			expect(items.map((m: any) => m.sid)).toEqual([...sids].reverse());
			for (const page of pages) expectSchema('twilio_api_v2010', MESSAGES, 'get', '200', page);
			expect(pages[0]).toMatchObject({ start: 0, end: 1, page_size: 2, previous_page_uri: null });
			expect(pages[2]).toMatchObject({ start: 4, end: 4, next_page_uri: null });
			expect(pages[1].previous_page_uri).toContain('Page=0');
			const previous = await call(sandbox, 'GET', pages[2].previous_page_uri);
			expect(previous.json.messages.map((m: any) => m.sid)).toEqual(
				pages[1].messages.map((m: any) => m.sid),
			);
			expect(pages[0].first_page_uri).toBe(accountPath('/Messages.json?PageSize=2&Page=0'));
		});

		it('filters by To, From and DateSent', async () => {
			const a = await sendMessage(sandbox, { ...SMS, To: '+15551110001' });
			await sendMessage(sandbox, { ...SMS, To: '+15551110002', From: NUMBERS.smsOnly });
			await sandbox.waitFor(() => sandbox.ledger().every((e) => e.status === 'delivered'));
			const byTo = await call(sandbox, 'GET', accountPath('/Messages.json?To=%2B15551110001'));
			expect(byTo.json.messages.map((m: any) => m.sid)).toEqual([a.json.sid]);
			expect(byTo.json.uri).toContain('To=%2B15551110001');
			const byFrom = await call(
				sandbox,
				'GET',
				accountPath(`/Messages.json?From=${encodeURIComponent(NUMBERS.smsOnly)}`),
			);
			expect(byFrom.json.messages.map((m: any) => m.to)).toEqual(['+15551110002']);
			const today = new Date(sandbox.now()).toISOString().slice(0, 10);
			const yesterday = new Date(sandbox.now() - 86_400_000).toISOString().slice(0, 10);
			const count = async (query: string) =>
				(await call(sandbox, 'GET', accountPath(`/Messages.json?${query}`))).json.messages.length;
			expect(await count(`DateSent=${today}`)).toBe(2);
			expect(await count(`DateSent%3E=${today}`)).toBe(2);
			expect(await count(`DateSent%3C=${yesterday}`)).toBe(0);
			expect(await count(`DateSent=${yesterday}`)).toBe(0);
		});

		it('cancels only scheduled messages', async () => {
			const scheduled = await sendMessage(sandbox, {
				To: CUSTOMER,
				MessagingServiceSid: SERVICES.notifications,
				Body: 'later',
				ScheduleType: 'fixed',
				SendAt: inMinutes(sandbox, 30),
			});
			const canceled = await call(sandbox, 'POST', scheduled.json.uri, {
				form: { Status: 'canceled' },
			});
			expect(canceled.status).toBe(200);
			expectSchema('twilio_api_v2010', MESSAGE, 'post', '200', canceled.json);
			expect(canceled.json.status).toBe('canceled');
			const again = await call(sandbox, 'POST', scheduled.json.uri, {
				form: { Status: 'canceled' },
			});
			expect(again.status).toBe(400);
			expect(again.json.code).toBe(30409);
			const queued = await sendMessage(sandbox, SMS);
			const notScheduled = await call(sandbox, 'POST', queued.json.uri, {
				form: { Status: 'canceled' },
			});
			expect(notScheduled.json.code).toBe(30409);
		});

		it('redacts a body with an empty Body', async () => {
			const created = await sendMessage(sandbox, SMS);
			const redacted = await call(sandbox, 'POST', created.json.uri, { form: { Body: '' } });
			expect(redacted.status).toBe(200);
			expect(redacted.json.body).toBe('');
			expect((await call(sandbox, 'GET', created.json.uri)).json.body).toBe('');
			const rewrite = await call(sandbox, 'POST', created.json.uri, { form: { Body: 'new text' } });
			expect(rewrite.status).toBe(400);
		});

		it('deletes a message with 204; the ledger keeps it, marked deleted', async () => {
			const created = await sendMessage(sandbox, SMS);
			const deleted = await call(sandbox, 'DELETE', created.json.uri);
			expect(deleted.status).toBe(204);
			expect(deleted.bytes.length).toBe(0);
			expect((await call(sandbox, 'GET', created.json.uri)).status).toBe(404);
			expect((await call(sandbox, 'DELETE', created.json.uri)).status).toBe(404);
			const [entry] = sandbox.ledger();
			expect(entry.sid).toBe(created.json.sid);
			expect(entry.deletedAt).not.toBeNull();
		});
	});

	describe('media', () => {
		it('lists, fetches and serves the media of a message', async () => {
			const created = await sendMessage(sandbox, {
				...SMS,
				MediaUrl: [
					'https://example.com/a.png',
					'https://example.com/b.jpg',
					'https://example.com/c.gif',
				],
			});
			const { pages, items } = await pages2010(
				sandbox,
				`${created.json.subresource_uris.media}?PageSize=2`,
				'media_list',
			);
			expect(pages).toHaveLength(2);
			for (const page of pages)
				expectSchema(
					'twilio_api_v2010',
					'/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media.json',
					'get',
					'200',
					page,
				);
			expect(items.map((m: any) => m.content_type).sort()).toEqual([
				'image/gif',
				'image/jpeg',
				'image/png',
			]);
			const png = items.find((m: any) => m.content_type === 'image/png');
			const fetched = await call(sandbox, 'GET', png.uri);
			expectSchema(
				'twilio_api_v2010',
				'/2010-04-01/Accounts/{AccountSid}/Messages/{MessageSid}/Media/{Sid}.json',
				'get',
				'200',
				fetched.json,
			);
			expect(fetched.json).toMatchObject({
				sid: png.sid,
				parent_sid: created.json.sid,
				account_sid: MAIN.accountSid,
			});
			const file = await call(sandbox, 'GET', png.uri.replace(/\.json$/, ''));
			expect(file.status).toBe(200);
			expect(file.headers.get('content-type')).toBe('image/png');
			expect(file.bytes.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
			const jpeg = items.find((m: any) => m.content_type === 'image/jpeg');
			const jpegFile = await call(sandbox, 'GET', jpeg.uri.replace(/\.json$/, ''));
			expect(jpegFile.bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff');
			expect(jpegFile.bytes.subarray(-2).toString('hex')).toBe('ffd9');
			expect(
				(await call(sandbox, 'GET', png.uri.replace(/\.json$/, ''), { auth: null })).status,
			).toBe(401);
		});

		it('answers 404 for media of another message', async () => {
			const a = await sendMessage(sandbox, { ...SMS, MediaUrl: 'https://example.com/a.png' });
			const b = await sendMessage(sandbox, SMS);
			const media = (await call(sandbox, 'GET', a.json.subresource_uris.media)).json.media_list[0];
			const wrong = media.uri.replace(a.json.sid, b.json.sid);
			expect((await call(sandbox, 'GET', wrong)).status).toBe(404);
		});
	});
});
