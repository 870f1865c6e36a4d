import nock from 'nock';
import type { IDataObject, INodeParameters } from 'n8n-workflow';
import {
	expectAllRequestsMatchTwilioSpec,
	recordedRequests,
	twilioNock,
} from '../../../../contract/recorder';
import { CONTENT_URL } from '../../../../fixtures/twilio';
import {
	contentFixture,
	offline,
	requestCount,
	runOperation,
	twilioError,
	v1Page,
	whatsappApproval,
} from '../../../../helpers/operations';

offline();
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

const PATH = '/v1/ContentAndApprovals';

/** An entry of ContentAndApprovals: the template with its WhatsApp approval inline. */
function listed(
	name: string,
	types: IDataObject,
	status: string | null,
	language = 'en',
): IDataObject {
	const {
		links: _links,
		url: _url,
		...template
	} = contentFixture({ friendly_name: name, types, language });
	return { ...template, approval_requests: status ? whatsappApproval(status, { name }) : {} };
}

function templatePages(pages: IDataObject[][]): nock.Scope {
	const scope = twilioNock(CONTENT_URL);
	pages.forEach((entries, page) => {
		scope
			.get(PATH)
			.query((qs) => Number(qs.Page ?? 0) === page)
			.reply(200, v1Page(CONTENT_URL, PATH, 'contents', entries, page, page < pages.length - 1));
	});
	return scope;
}

const getMany = async (parameters: INodeParameters, options = {}) =>
	await runOperation('contentTemplate', 'getAll', parameters, options);

const TEXT = { 'twilio/text': { body: 'Hi {{1}}' } };
const CARD = { 'twilio/card': { title: 'Sale {{1}}' } };
const QUICK_REPLY = {
	'twilio/quick-reply': { body: 'Pick {{1}}', actions: [] },
	'twilio/text': { body: 'Pick {{1}}' },
};

describe('Content Template > Get Many', () => {
	it('follows meta.next_page_url to the last page with Return All', async () => {
		const pages = [
			[listed('welcome', TEXT, 'approved'), listed('sale', CARD, 'pending')],
			[listed('menu', QUICK_REPLY, null)],
			[listed('receipt', TEXT, 'rejected')],
		];
		const scope = templatePages(pages);

		const run = await getMany({ returnAll: true });

		expect(run.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(run.json.map((template) => template.friendlyName)).toEqual([
			'welcome',
			'sale',
			'menu',
			'receipt',
		]);
		expect(run.json.map((template) => template.whatsappApprovalStatus)).toEqual([
			'approved',
			'pending',
			null,
			'rejected',
		]);
		expect(run.json[2]).toMatchObject({
			contentTypes: ['twilio/quick-reply', 'twilio/text'],
			templateTypes: ['text', 'quickReply'],
			variables: ['1', '2'],
		});
	});

	it('keeps reading pages until Limit templates match the filters', async () => {
		const pages = [
			[listed('welcome', TEXT, 'approved'), listed('sale', CARD, 'approved')],
			[listed('menu', QUICK_REPLY, 'rejected'), listed('promo', CARD, 'pending')],
			[listed('flash', CARD, 'approved'), listed('black friday', CARD, 'approved')],
		];
		const scope = templatePages(pages);

		const run = await getMany({
			limit: 2,
			filters: { templateTypes: ['card'], approvalStatuses: ['approved', 'pending'] },
		});

		expect(scope.isDone()).toBe(false);
		expect(run.json.map((template) => template.friendlyName)).toEqual(['sale', 'promo']);
		expect(recordedRequests()).toHaveLength(2);
		nock.cleanAll();
	});

	it('filters by approval status, treating a template never submitted as Not Submitted', async () => {
		templatePages([
			[
				listed('welcome', TEXT, 'approved'),
				listed('draft', TEXT, null),
				listed('old', TEXT, 'unsubmitted'),
			],
		]);
		const run = await getMany({ returnAll: true, filters: { approvalStatuses: ['unsubmitted'] } });
		expect(run.json.map((template) => template.friendlyName)).toEqual(['draft', 'old']);
	});

	it('filters by language and name', async () => {
		templatePages([
			[
				listed('Order Shipped', TEXT, 'approved', 'en'),
				listed('order_shipped_de', TEXT, 'approved', 'de'),
				listed('welcome', TEXT, 'approved', 'de'),
			],
		]);
		const run = await getMany({
			returnAll: true,
			filters: { language: 'DE', nameContains: 'ORDER' },
			simplify: false,
		});
		expect(run.json).toHaveLength(1);
		expect(run.json[0]).toMatchObject({
			friendly_name: 'order_shipped_de',
			approval_requests: expect.objectContaining({ status: 'approved' }),
		});
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		twilioNock(CONTENT_URL)
			.get(PATH)
			.query(true)
			.reply(...twilioError(20003, 'Authenticate', 401));
		const run = await getMany({});
		expect(run.error?.message).toBe('Authentication failed (Twilio error 20003)');
		expect(run.error?.description).toMatch(/API Key SID and Secret/);
	});

	it.each([
		[
			'an unknown template type',
			{ filters: { templateTypes: '={{ ["text", "hologram"] }}' } },
			/^Template Types "hologram" is not one of text, media/,
		],
		[
			'the inline type, which is no template',
			{ filters: { templateTypes: '={{ ["inline"] }}' } },
			/^Template Types "inline" is not one of/,
		],
		[
			'an unknown approval status',
			{ filters: { approvalStatuses: '={{ ["approved", "maybe"] }}' } },
			/^WhatsApp Approval Statuses "maybe" is not one of/,
		],
		[
			'a Limit of 0',
			{ limit: '={{ 0 }}' },
			/^Limit must be a whole number of at least 1, not 0 \[item 0\]$/,
		],
	])('rejects %s before any request', async (_label, parameters, message) => {
		const scope = twilioNock(CONTENT_URL).get(PATH).query(true).reply(200, {});
		const run = await getMany(parameters as INodeParameters);
		expect(run.error?.message).toMatch(message);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('with Continue On Fail lists for the good items and reports the failing ones', async () => {
		templatePages([[listed('welcome', TEXT, 'approved')]]);
		const run = await getMany(
			{ returnAll: true, filters: { approvalStatuses: '={{ [$json.status] }}' } },
			{ items: [{ status: 'approved' }, { status: 'lost' }], continueOnFail: true },
		);
		expect(run.error).toBeUndefined();
		expect(run.json[0]).toMatchObject({ friendlyName: 'welcome' });
		expect(run.json[1].error).toMatch(/^WhatsApp Approval Statuses "lost" .*\[item 1\]$/);
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
