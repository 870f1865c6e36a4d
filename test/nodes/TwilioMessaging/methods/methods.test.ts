import nock from 'nock';
import { TwilioMessaging } from '../../../../nodes/TwilioMessaging/TwilioMessaging.node';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../contract/recorder';
import { CONTENT_URL, sid } from '../../../fixtures/twilio';
import { panelContext } from '../../../helpers/operations';
import { templateResource } from '../../../helpers/send';

const node = new TwilioMessaging();

afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

describe('searchContentTemplates', () => {
	it('lists only templates of the chosen type with their WhatsApp approval status', async () => {
		const card = {
			...templateResource(sid('HX'), { 'twilio/card': { title: 'Hi' } }),
			friendly_name: 'order_card',
			approval_requests: { name: 'order_card', status: 'approved' },
		};
		const text = {
			...templateResource(sid('HX'), { 'twilio/text': { body: 'Hi' } }),
			friendly_name: 'plain',
			approval_requests: {},
		};
		const both = {
			...templateResource(sid('HX'), {
				'twilio/text': { body: 'Hi' },
				'twilio/card': { title: 'x' },
			}),
			friendly_name: 'both',
			approval_requests: { status: 'rejected' },
		};
		twilioNock(CONTENT_URL)
			.get('/v1/ContentAndApprovals')
			.query({ PageSize: '1000' })
			.reply(200, {
				contents: [card, text],
				meta: { next_page_url: `${CONTENT_URL}/v1/ContentAndApprovals?PageSize=2&PageToken=X` },
			})
			.get('/v1/ContentAndApprovals')
			.query({ PageSize: '2', PageToken: 'X' })
			.reply(200, { contents: [both], meta: { next_page_url: null } });
		const result = await node.methods.listSearch.searchContentTemplates.call(
			panelContext({ channel: 'whatsapp', templateType: 'card' }),
		);
		expect(result.results).toEqual([
			{ name: 'order_card [en] · WhatsApp: approved', value: card.sid },
			{ name: 'both [en] · WhatsApp: rejected', value: both.sid },
		]);
	});
});

describe('Send and Wait for Response: templates with a link button', () => {
	it('lists only templates with a URL button ending in a variable, and leaves that variable to the node', async () => {
		const cta = templateResource(sid('HX'), {
			'twilio/call-to-action': {
				body: 'Refund {{1}}?',
				actions: [
					{ type: 'URL', title: 'Approve', url: 'https://n8n.example.com/webhook-waiting/{{2}}' },
				],
			},
		});
		const fixedLink = templateResource(sid('HX'), {
			'twilio/call-to-action': {
				body: 'Hi',
				actions: [{ type: 'URL', title: 'Open', url: 'https://example.com/' }],
			},
		});
		const text = templateResource(sid('HX'), { 'twilio/text': { body: 'Hi {{1}}' } });
		twilioNock(CONTENT_URL)
			.get('/v1/ContentAndApprovals')
			.query({ PageSize: '1000' })
			.reply(200, { contents: [cta, fixedLink, text], meta: { next_page_url: null } });
		const result = await node.methods.listSearch.searchContentTemplates.call(
			panelContext({ operation: 'sendAndWait', channel: 'whatsapp', sendWith: 'contentTemplate' }),
		);
		expect(result.results.map((entry) => entry.value)).toEqual([cta.sid]);

		twilioNock(CONTENT_URL).get(`/v1/Content/${cta.sid}`).times(2).reply(200, cta);
		const chosen = { channel: 'whatsapp', contentSid: { __rl: true, mode: 'id', value: cta.sid } };
		const waiting = await node.methods.resourceMapping.getContentVariables.call(
			panelContext({ ...chosen, operation: 'sendAndWait' }),
		);
		expect(waiting.fields.map((field) => field.id)).toEqual(['1']);
		const sending = await node.methods.resourceMapping.getContentVariables.call(
			panelContext({ ...chosen, operation: 'send', templateType: 'callToAction' }),
		);
		expect(sending.fields.map((field) => field.id)).toEqual(['1', '2']);
	});
});

describe('getContentVariables', () => {
	it('offers every variable the template declares or uses, numeric ones first', async () => {
		const contentSid = sid('HX');
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(
				200,
				templateResource(
					contentSid,
					{
						'twilio/quick-reply': {
							body: 'Hi {{first_name}}, {{2}} {{10}}',
							actions: [{ title: '{{cta}}' }],
						},
					},
					{ 1: 'Ada', first_name: 'Ada' },
				),
			);
		const ctx = panelContext({
			channel: 'whatsapp',
			templateType: 'quickReply',
			contentSid: { __rl: true, mode: 'id', value: contentSid },
		});
		const fields = await node.methods.resourceMapping.getContentVariables.call(ctx);
		expect(fields.fields.map((field) => field.id)).toEqual(['1', '2', '10', 'cta', 'first_name']);
		expect(fields.fields[0]).toMatchObject({
			displayName: '{{1}} (sample: Ada)',
			type: 'string',
			required: true,
		});
		expect(fields.fields.map((field) => field.displayName)).toEqual([
			'{{1}} (sample: Ada)',
			'{{2}} “Hi {{first_name}}, {{2}} {{10}}”',
			'{{10}} “Hi {{first_name}}, {{2}} {{10}}”',
			'{{cta}} “{{cta}}”',
			'{{first_name}} “Hi {{first_name}}, {{2}} {{10}}” (sample: Ada)',
		]);
	});

	it("shows a long template's text around the variable", async () => {
		const contentSid = sid('HX');
		const body = `Hola {{1}}, ${'x'.repeat(100)} tu pedido {{2}} ha sido enviado y llega {{3}}.`;
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${contentSid}`)
			.reply(
				200,
				templateResource(contentSid, { 'twilio/text': { body } }, { 1: 'Ada', 2: '#1001' }),
			);
		const ctx = panelContext({
			channel: 'whatsapp',
			templateType: 'text',
			contentSid: { __rl: true, mode: 'id', value: contentSid },
		});
		const names = (await node.methods.resourceMapping.getContentVariables.call(ctx)).fields.map(
			(field) => field.displayName,
		);
		expect(names[0]).toMatch(/^\{\{1\}\} “Hola \{\{1\}\}, x+…” \(sample: Ada\)$/);
		expect(names[1]).toMatch(
			/^\{\{2\}\} “…x+ tu pedido \{\{2\}\} ha sido enviado y llega \{\{3\}\}\.” \(sample: #1001\)$/,
		);
		expect(names[2]).toMatch(/^\{\{3\}\} “….*llega \{\{3\}\}\.”$/);
	});

	it('asks for a template first and makes no request without one', async () => {
		nock.disableNetConnect();
		const fields = await node.methods.resourceMapping.getContentVariables.call(
			panelContext({ contentSid: { __rl: true, mode: 'list', value: '' } }),
		);
		nock.enableNetConnect();
		expect(fields).toEqual({ fields: [], emptyFieldsNotice: 'Choose a Content Template first' });
	});
});
