import nock from 'nock';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { ACCOUNT_SID, CONTENT_URL, sid } from '../../../../fixtures/twilio';
import {
	byId,
	contentFixture,
	offline,
	requestCount,
	runOperation,
	twilioError,
	whatsappApproval,
} from '../../../../helpers/operations';

offline();
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

function approvalFetch(contentSid: string, whatsapp: object | null) {
	return {
		sid: contentSid,
		account_sid: ACCOUNT_SID,
		whatsapp,
		url: `${CONTENT_URL}/v1/Content/${contentSid}/ApprovalRequests`,
	};
}

describe('Content Template > Get', () => {
	it('returns the template with its types, variables and WhatsApp approval', async () => {
		const template = contentFixture({
			types: {
				'twilio/quick-reply': {
					body: 'Hi {{1}}, is order {{2}} fine?',
					actions: [{ title: 'Yes', id: 'yes' }],
				},
				'twilio/text': { body: 'Hi {{1}}, is order {{2}} fine? Reply YES' },
			},
		});
		const contentSid = template.sid as string;
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(200, template)
			.get(`/v1/Content/${contentSid}/ApprovalRequests`)
			.reply(200, approvalFetch(contentSid, whatsappApproval('approved')));

		const run = await runOperation('contentTemplate', 'get', { contentSid: byId(contentSid) });

		expect(run.error).toBeUndefined();
		expect(run.json).toEqual([
			{
				sid: contentSid,
				friendlyName: 'order_shipped',
				language: 'en',
				contentTypes: ['twilio/quick-reply', 'twilio/text'],
				templateTypes: ['text', 'quickReply'],
				body: 'Hi {{1}}, is order {{2}} fine?',
				variables: ['1', '2'],
				variableSamples: { 1: 'Ada', 2: '42' },
				whatsappApprovalStatus: 'approved',
				whatsappCategory: 'UTILITY',
				whatsappTemplateName: 'order_shipped',
				whatsappRejectionReason: null,
				dateCreated: '2026-11-01T10:00:00Z',
				dateUpdated: '2026-11-02T10:00:00Z',
			},
		]);
		expect(run.output[0].pairedItem).toEqual({ item: 0 });
	});

	it('returns the raw template with the approval as Get Many gives it, with Simplify off', async () => {
		const template = contentFixture();
		const contentSid = template.sid as string;
		const whatsapp = whatsappApproval('rejected', {
			rejection_reason: 'Variables at the start or end',
		});
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(200, template)
			.get(`/v1/Content/${contentSid}/ApprovalRequests`)
			.reply(200, approvalFetch(contentSid, whatsapp));

		const run = await runOperation('contentTemplate', 'get', {
			contentSid: byId(contentSid),
			simplify: false,
		});

		expect(run.json).toEqual([{ ...template, approval_requests: whatsapp }]);
	});

	it('reports no approval status for a template Twilio has no WhatsApp approval for', async () => {
		const template = contentFixture();
		const contentSid = template.sid as string;
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(200, template)
			.get(`/v1/Content/${contentSid}/ApprovalRequests`)
			.reply(200, approvalFetch(contentSid, null));
		const run = await runOperation('contentTemplate', 'get', { contentSid: byId(contentSid) });
		expect(run.json[0]).toMatchObject({ whatsappApprovalStatus: null, whatsappCategory: null });
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		const contentSid = sid('HX');
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(...twilioError(20404, 'The requested resource was not found', 404));
		const run = await runOperation('contentTemplate', 'get', { contentSid: byId(contentSid) });
		expect(run.error?.message).toBe('The requested resource was not found (Twilio error 20404)');
		expect(run.error?.description).toMatch(/Check the SID, and that it belongs to the account/);
	});

	it.each([
		[
			'a SID of another kind',
			'={{ "SM0123456789abcdef0123456789abcdef" }}',
			/^Content Template "SM0123456789abcdef0123456789abcdef" is not a Content SID .*\[item 0\]$/,
		],
		['a truncated SID', '={{ "HX0123" }}', /^Content Template "HX0123" is not a Content SID/],
		['an empty value', '={{ "" }}', /^Content Template is empty/],
	])('rejects %s before any request', async (_label, value, message) => {
		const scope = twilioNock(CONTENT_URL).get(/.*/).reply(200, {});
		const run = await runOperation('contentTemplate', 'get', { contentSid: byId(value) });
		expect(run.error?.message).toMatch(message);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('with Continue On Fail reads the good items and reports the failing ones', async () => {
		const template = contentFixture();
		const contentSid = template.sid as string;
		const missing = sid('HX');
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(200, template)
			.get(`/v1/Content/${contentSid}/ApprovalRequests`)
			.reply(200, approvalFetch(contentSid, whatsappApproval('pending')))
			.get(`/v1/Content/${missing}`)
			.reply(...twilioError(20404, 'not found', 404));

		const run = await runOperation(
			'contentTemplate',
			'get',
			{ contentSid: byId('={{ $json.sid }}') },
			{ items: [{ sid: 'HX' }, { sid: contentSid }, { sid: missing }], continueOnFail: true },
		);

		expect(run.error).toBeUndefined();
		expect(run.json[0].error).toMatch(/^Content Template "HX" .*\[item 0\]$/);
		expect(run.json[1]).toMatchObject({ sid: contentSid, whatsappApprovalStatus: 'pending' });
		expect(run.json[2].error).toBe('The requested resource was not found (Twilio error 20404)');
		expect(run.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});
