import type { Sandbox } from '../../sandbox';
import { expectContentTypes, expectSchema } from './schema';
import {
	CUSTOMER,
	MAIN,
	NUMBERS,
	SERVICES,
	accountPath,
	call,
	pages2010,
	pagesV1,
	sendMessage,
	sid,
	startTestSandbox,
} from './helpers';

const NUMBERS_LIST = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers.json';
const NUMBER = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers/{Sid}.json';

describe('sandbox account resources', () => {
	let sandbox: Sandbox;
	beforeAll(async () => {
		sandbox = await startTestSandbox({ timing: { stepMs: 0 } });
	});
	beforeEach(() => sandbox.reset());
	afterAll(() => sandbox.close());

	describe('IncomingPhoneNumbers', () => {
		it('pages every number of the account to the last page', async () => {
			const { pages, items } = await pages2010(
				sandbox,
				accountPath('/IncomingPhoneNumbers.json?PageSize=2'),
				'incoming_phone_numbers',
			);
			expect(pages.map((p) => p.incoming_phone_numbers.length)).toEqual([2, 2, 1]);
			for (const page of pages) expectSchema('twilio_api_v2010', NUMBERS_LIST, 'get', '200', page);
			expect(items.map((n: any) => n.phone_number).sort()).toEqual(Object.values(NUMBERS).sort());
			const voiceOnly = items.find((n: any) => n.phone_number === NUMBERS.voiceOnly);
			expect(voiceOnly.capabilities).toEqual({ sms: false, mms: false, voice: true, fax: false });
		});

		it('filters by PhoneNumber (partial, * for any digit) and FriendlyName', async () => {
			const list = async (query: string) =>
				(
					await call(sandbox, 'GET', accountPath(`/IncomingPhoneNumbers.json?${query}`))
				).json.incoming_phone_numbers.map((n: any) => n.phone_number);
			expect(await list(`PhoneNumber=${encodeURIComponent(NUMBERS.main)}`)).toEqual([NUMBERS.main]);
			expect(await list('PhoneNumber=447700')).toEqual([NUMBERS.uk]);
			expect(await list('PhoneNumber=555010000*')).toHaveLength(4);
			expect(await list(`FriendlyName=${encodeURIComponent('Sandbox SMS-only line')}`)).toEqual([
				NUMBERS.smsOnly,
			]);
			expect(await list('FriendlyName=nobody')).toEqual([]);
		});

		it('updates the SMS webhook and restores the previous values', async () => {
			const path = accountPath(`/IncomingPhoneNumbers/${sid('PN', 2)}.json`);
			const before = (await call(sandbox, 'GET', path)).json;
			expectSchema('twilio_api_v2010', NUMBER, 'get', '200', before);
			const updated = await call(sandbox, 'POST', path, {
				form: {
					SmsUrl: 'https://n8n.example/webhook/abc',
					SmsMethod: 'post',
					SmsFallbackUrl: 'https://n8n.example/fallback',
					StatusCallback: 'https://n8n.example/status',
					FriendlyName: 'n8n',
				},
			});
			expect(updated.status).toBe(200);
			expectSchema('twilio_api_v2010', NUMBER, 'post', '200', updated.json);
			expect(updated.json).toMatchObject({
				sms_url: 'https://n8n.example/webhook/abc',
				sms_method: 'POST',
				sms_fallback_url: 'https://n8n.example/fallback',
				status_callback: 'https://n8n.example/status',
				friendly_name: 'n8n',
			});
			const restored = await call(sandbox, 'POST', path, {
				form: {
					SmsUrl: before.sms_url,
					SmsMethod: before.sms_method,
					SmsFallbackUrl: before.sms_fallback_url,
					StatusCallback: before.status_callback,
					FriendlyName: before.friendly_name,
				},
			});
			const { date_updated: _a, ...restoredFields } = restored.json;
			const { date_updated: _b, ...beforeFields } = before;
			expect(restoredFields).toEqual(beforeFields);
			const bad = await call(sandbox, 'POST', path, { form: { SmsMethod: 'PUT' } });
			expect(bad.status).toBe(400);
		});

		it('returns to the seed on reset', async () => {
			const path = accountPath(`/IncomingPhoneNumbers/${sid('PN', 1)}.json`);
			await call(sandbox, 'POST', path, { form: { SmsUrl: 'http://127.0.0.1:9/changed' } });
			sandbox.reset();
			expect((await call(sandbox, 'GET', path)).json.sms_url).toBe('');
		});
	});

	describe('Messaging Services', () => {
		it('pages services, their phone numbers and channel senders', async () => {
			const services = await pagesV1(sandbox, '/v1/Services?PageSize=2', 'services');
			expect(services.pages).toHaveLength(2);
			for (const page of services.pages)
				expectSchema('twilio_messaging_v1', '/v1/Services', 'get', '200', page);
			expect(services.items.map((s: any) => s.sid)).toEqual([
				SERVICES.notifications,
				SERVICES.marketing,
				SERVICES.empty,
			]);
			expect(services.pages[1].meta.previous_page_url).toMatch(
				/^http:\/\/127\.0\.0\.1:\d+\/v1\/Services\?PageSize=2&Page=0/,
			);

			const numbers = await pagesV1(
				sandbox,
				`/v1/Services/${SERVICES.notifications}/PhoneNumbers?PageSize=1`,
				'phone_numbers',
			);
			for (const page of numbers.pages)
				expectSchema(
					'twilio_messaging_v1',
					'/v1/Services/{ServiceSid}/PhoneNumbers',
					'get',
					'200',
					page,
				);
			expect(numbers.items.map((n: any) => [n.phone_number, n.capabilities])).toEqual([
				[NUMBERS.main, ['MMS', 'SMS', 'Voice']],
				[NUMBERS.smsOnly, ['SMS']],
			]);

			const senders = await pagesV1(
				sandbox,
				`/v1/Services/${SERVICES.notifications}/ChannelSenders?PageSize=2`,
				'senders',
			);
			for (const page of senders.pages)
				expectSchema(
					'twilio_messaging_v1',
					'/v1/Services/{MessagingServiceSid}/ChannelSenders',
					'get',
					'200',
					page,
				);
			expect(senders.items.map((s: any) => [s.sender, s.sender_type])).toEqual([
				['whatsapp:+15550100001', 'WhatsApp'],
				['messenger:104000000000001', 'Messenger'],
				['rcs:sandbox_agent', 'RCS'],
			]);
			const one = await call(sandbox, 'GET', senders.items[0].url);
			expectSchema(
				'twilio_messaging_v1',
				'/v1/Services/{MessagingServiceSid}/ChannelSenders/{Sid}',
				'get',
				'200',
				one.json,
			);
		});

		it('fetches and updates a service, links pointing back at the sandbox', async () => {
			const path = `/v1/Services/${SERVICES.notifications}`;
			const fetched = await call(sandbox, 'GET', path);
			expectSchema('twilio_messaging_v1', '/v1/Services/{Sid}', 'get', '200', fetched.json);
			expect(fetched.json.url).toBe(`${sandbox.url}${path}`);
			expect(fetched.json.links.channel_senders).toBe(`${sandbox.url}${path}/ChannelSenders`);
			const updated = await call(sandbox, 'POST', path, {
				form: {
					InboundRequestUrl: 'https://n8n.example/in',
					InboundMethod: 'GET',
					StatusCallback: 'https://n8n.example/status',
					FallbackUrl: 'https://n8n.example/fb',
					UseInboundWebhookOnNumber: 'true',
					FriendlyName: 'Renamed',
					ValidityPeriod: '600',
				},
			});
			expect(updated.status).toBe(200);
			expectSchema('twilio_messaging_v1', '/v1/Services/{Sid}', 'post', '200', updated.json);
			expect(updated.json).toMatchObject({
				inbound_request_url: 'https://n8n.example/in',
				inbound_method: 'GET',
				status_callback: 'https://n8n.example/status',
				fallback_url: 'https://n8n.example/fb',
				use_inbound_webhook_on_number: true,
				friendly_name: 'Renamed',
				validity_period: 600,
			});
			expect((await call(sandbox, 'POST', path, { form: { StickySender: 'maybe' } })).status).toBe(
				400,
			);
			expect((await call(sandbox, 'GET', `/v1/Services/${sid('MG', 0x99)}`)).status).toBe(404);
		});
	});

	describe('Content templates', () => {
		const EVERY_TYPE = [
			'twilio/text',
			'twilio/media',
			'twilio/quick-reply',
			'twilio/call-to-action',
			'twilio/list-picker',
			'twilio/card',
			'whatsapp/card',
			'whatsapp/authentication',
			'twilio/catalog',
			'twilio/carousel',
		];

		it('pages every template; each type is present and valid against the spec', async () => {
			const { pages, items } = await pagesV1(sandbox, '/v1/Content?PageSize=5', 'contents');
			expect(pages.map((p) => p.contents.length)).toEqual([5, 5, 2]);
			for (const page of pages)
				expectSchema('twilio_content_v1', '/v1/Content', 'get', '200', page);
			expect(new Set(items.map((c: any) => c.sid)).size).toBe(12);
			const types = new Set(items.flatMap((c: any) => Object.keys(c.types)));
			for (const type of EVERY_TYPE) expect(types).toContain(type);
			for (const c of items) expectContentTypes(c.types);
			expect(new Set(items.map((c: any) => c.language))).toEqual(new Set(['en', 'es']));
		});

		it('fetches one template with its links', async () => {
			const response = await call(sandbox, 'GET', `/v1/Content/${sid('HX', 1)}`);
			expectSchema('twilio_content_v1', '/v1/Content/{Sid}', 'get', '200', response.json);
			expect(response.json.variables).toEqual({ 1: 'Ada', 2: '#1001', 3: 'tomorrow' });
			expect(response.json.links.approval_fetch).toBe(
				`${sandbox.url}/v1/Content/${sid('HX', 1)}/ApprovalRequests`,
			);
			expect((await call(sandbox, 'GET', `/v1/Content/${sid('HX', 0x11)}`)).status).toBe(404);
		});

		it('lists templates with their WhatsApp approval and fetches one approval', async () => {
			const { pages, items } = await pagesV1(
				sandbox,
				'/v1/ContentAndApprovals?PageSize=7',
				'contents',
			);
			for (const page of pages)
				expectSchema('twilio_content_v1', '/v1/ContentAndApprovals', 'get', '200', page);
			expect(new Set(items.map((c: any) => c.approval_requests.status))).toEqual(
				new Set(['approved', 'pending', 'rejected', 'unsubmitted']),
			);
			const rejected = items.find((c: any) => c.approval_requests.status === 'rejected');
			expect(rejected.approval_requests.rejection_reason).not.toBe('');
			const approval = await call(sandbox, 'GET', `/v1/Content/${sid('HX', 3)}/ApprovalRequests`);
			expectSchema(
				'twilio_content_v1',
				'/v1/Content/{Sid}/ApprovalRequests',
				'get',
				'200',
				approval.json,
			);
			expect(approval.json.whatsapp).toMatchObject({
				type: 'whatsapp',
				status: 'pending',
				name: 'delivery_feedback',
				content_type: 'twilio/quick-reply',
			});
		});
	});

	describe('Balance', () => {
		it('answers the balance and charges sent messages', async () => {
			const path = accountPath('/Balance.json');
			const before = await call(sandbox, 'GET', path);
			expectSchema(
				'twilio_api_v2010',
				'/2010-04-01/Accounts/{AccountSid}/Balance.json',
				'get',
				'200',
				before.json,
			);
			expect(before.json).toEqual({ account_sid: MAIN.accountSid, balance: '20', currency: 'USD' });
			const sent = await sendMessage(sandbox, {
				To: CUSTOMER,
				From: NUMBERS.main,
				Body: 'x'.repeat(200),
			});
			await sandbox.waitForStatus(sent.json.sid, 'delivered');
			expect((await call(sandbox, 'GET', path)).json.balance).toBe('19.9842');
		});
	});

	it('the schema check catches a missing or invented field', () => {
		const resource = { account_sid: MAIN.accountSid, balance: '1', currency: 'USD' };
		const path = '/2010-04-01/Accounts/{AccountSid}/Balance.json';
		expect(() => expectSchema('twilio_api_v2010', path, 'get', '200', resource)).not.toThrow();
		expect(() =>
			expectSchema('twilio_api_v2010', path, 'get', '200', { ...resource, extra: 1 }),
		).toThrow();
		const { currency: _c, ...missing } = resource;
		expect(() => expectSchema('twilio_api_v2010', path, 'get', '200', missing)).toThrow();
	});
});
