import 'reflect-metadata';
import { Container } from '@n8n/di';
import nock from 'nock';
import { InstanceSettings, generateUrlSignature, prepareUrlForSigning } from 'n8n-core';
import { WAIT_INDEFINITELY, type INodeParameters } from 'n8n-workflow';
import { smsSegments } from '../../../../helpers/smsSegments';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { CONTENT_URL, FROM, apiKeyCredentials } from '../../../../fixtures/twilio';
import { NODE_NAME } from '../../../../harness/workflow';
import { AFTER_NODE_NAME, WaitingWorkflow, outputOf } from '../../../../harness/waiting';
import { acceptMessages, templateResource } from '../../../../helpers/send';

const TEMPLATE_SID = 'HX0123456789abcdef0123456789abcdef';

function parameters(overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: 'message',
		operation: 'sendAndWait',
		channel: 'sms',
		senderType: 'phoneNumber',
		from: { __rl: true, mode: 'id', value: FROM },
		to: '+1 415 555 0199',
		message: 'Refund $42.00 for order A-1001?',
		responseType: 'approval',
		approvalOptions: { values: { approvalType: 'double' } },
		...overrides,
	};
}

/** Starts the workflow with a Twilio that accepts the message; returns the message's body links. */
async function waitingFor(overrides: INodeParameters = {}, items = [{ order: 'A-1001' }]) {
	const { sent } = acceptMessages();
	const workflow = new WaitingWorkflow(parameters(overrides), apiKeyCredentials, items);
	const run = await workflow.start();
	const body = sent[0]?.form.get('Body') ?? '';
	const links = Object.fromEntries(
		[...body.matchAll(/^(.+): (http\S+)$/gm)].map(([, label, url]) => [label, url]),
	);
	return { workflow, run, sent, body, links };
}

afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

describe('Send and Wait for Response: the message and the wait', () => {
	it('sends one short text with a link per choice and puts the execution to wait', async () => {
		const { workflow, run, sent, body, links } = await waitingFor();
		expect(run.status).toBe('waiting');
		expect(run.waitTill).toEqual(WAIT_INDEFINITELY);
		expect(sent).toHaveLength(1);
		expect(sent[0].form.get('To')).toBe('+14155550199');
		expect(sent[0].form.get('From')).toBe(FROM);
		const base = workflow.waitingBaseUrl;
		expect(body).toMatch(
			new RegExp(
				`^Refund \\$42\\.00 for order A-1001\\?\\n\\nDecline: ${base}\\?approved=false&signature=[0-9a-f]{64}\\nApprove: ${base}\\?approved=true&signature=[0-9a-f]{64}$`,
			),
		);
		expect(Object.keys(links)).toEqual(['Decline', 'Approve']);
		// The execution asks n8n to check the links' signatures, and each is n8n's HMAC of its link.
		expect(workflow.data?.validateSignature).toBe(true);
		for (const link of Object.values(links)) {
			const url = new URL(link);
			const signature = url.searchParams.get('signature');
			url.searchParams.delete('signature');
			expect(signature).toBe(
				generateUrlSignature(
					prepareUrlForSigning(url),
					Container.get(InstanceSettings).hmacSignatureSecret,
				),
			);
		}
		// Plain GSM-7 text: every 153 characters one segment (each link is about 110 here).
		expect(smsSegments(body)).toEqual({
			encoding: 'GSM-7',
			segments: Math.ceil(body.length / 153),
		});
		expect(outputOf(run, AFTER_NODE_NAME)).toEqual([]);
	});

	it('Approve Only sends one link, labelled as set', async () => {
		const { body, links } = await waitingFor({
			approvalOptions: { values: { approvalType: 'single', approveLabel: 'Yes, refund' } },
		});
		expect(Object.keys(links)).toEqual(['Yes, refund']);
		expect(body.split('\n')).toHaveLength(3);
	});

	it('a free-text or form request sends one link labelled with Message Button Label', async () => {
		const { links } = await waitingFor({
			responseType: 'freeText',
			options: { messageButtonLabel: 'Answer' },
		});
		expect(Object.keys(links)).toEqual(['Answer']);
	});

	it('Limit Wait Time sets the wait date', async () => {
		const before = Date.now();
		const { run } = await waitingFor({
			options: {
				limitWaitTime: {
					values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' },
				},
			},
		});
		const waitTill = run.waitTill!.getTime();
		expect(waitTill).toBeGreaterThanOrEqual(before + 45 * 60_000);
		expect(waitTill).toBeLessThanOrEqual(Date.now() + 45 * 60_000);
	});
});

describe('Send and Wait for Response: the answer', () => {
	it('the Approve link resumes the execution with { data: { approved: true, respondedAt } }', async () => {
		const { workflow, links } = await waitingFor();
		const answer = await workflow.open(links.Approve);
		expect(answer.statusCode).toBe(200);
		expect(answer.body).toContain('Got it, thanks');
		expect(answer.run?.status).toBe('success');
		const output = outputOf(answer.run!, NODE_NAME);
		expect(output).toEqual([
			{ data: { approved: true, respondedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) } },
		]);
		expect(outputOf(answer.run!, AFTER_NODE_NAME)).toEqual(output);
	});

	it('the Decline link resumes it with approved: false', async () => {
		const { workflow, links } = await waitingFor();
		const answer = await workflow.open(links.Decline);
		expect(outputOf(answer.run!, AFTER_NODE_NAME)).toEqual([
			{ data: { approved: false, respondedAt: expect.any(String) } },
		]);
	});

	it('a tampered, unsigned or foreign link is refused and the execution keeps waiting', async () => {
		const { workflow, links } = await waitingFor();
		const tampered = links.Decline.replace('approved=false', 'approved=true');
		expect((await workflow.open(tampered)).statusCode).toBe(401);
		const unsigned = new URL(links.Approve);
		unsigned.searchParams.delete('signature');
		expect((await workflow.open(unsigned.toString())).statusCode).toBe(401);
		const forged = new URL(links.Approve);
		forged.searchParams.set('signature', '0'.repeat(64));
		expect((await workflow.open(forged.toString())).statusCode).toBe(401);
		expect(
			(await workflow.open(links.Approve.replace('/node-under-test?', '/another-node?')))
				.statusCode,
		).toBe(404);
		expect(workflow.finished).toBe(false);
		const answer = await workflow.open(links.Decline);
		expect(outputOf(answer.run!, NODE_NAME)[0]).toMatchObject({ data: { approved: false } });
		expect((await workflow.open(links.Approve)).statusCode).toBe(409);
	});

	it('a link preview (a crawler, or no user agent) does not answer for the person', async () => {
		const { workflow, links } = await waitingFor();
		for (const userAgent of [
			null,
			'WhatsApp/2.23.20.0 A',
			'facebookexternalhit/1.1',
			'Mozilla/5.0 (compatible; Googlebot/2.1)',
		]) {
			const answer = await workflow.open(links.Approve, { userAgent });
			expect(answer).toMatchObject({ statusCode: 200, body: '' });
			expect(answer.run).toBeUndefined();
		}
		expect(workflow.finished).toBe(false);
	});

	it('Free Text: the link opens a form with the message; its answer resumes with { data: { text, respondedAt } }', async () => {
		const { workflow, links } = await waitingFor({
			responseType: 'freeText',
			options: { responseFormTitle: 'Refund <A-1001>' },
		});
		const form = await workflow.open(links.Respond);
		expect(form.statusCode).toBe(200);
		expect(form.headers['content-type']).toMatch(/text\/html/);
		expect(form.headers['content-security-policy']).toContain("default-src 'none'");
		expect(form.body).toContain('<h1>Refund &#60;A-1001&#62;</h1>');
		expect(form.body).toContain('Refund $42.00 for order A-1001?');
		expect(form.body).toMatch(/<textarea id="field-0" name="field-0" required>/);
		expect(form.run).toBeUndefined();

		const empty = await workflow.open(links.Respond, { method: 'POST', form: { 'field-0': '  ' } });
		expect(empty.statusCode).toBe(400);
		expect(empty.body).toContain('&#34;Response&#34; is required');
		expect(workflow.finished).toBe(false);

		const answer = await workflow.open(links.Respond, {
			method: 'POST',
			form: { 'field-0': 'Only half, please' },
		});
		expect(answer.body).toContain('Got it, thanks');
		expect(outputOf(answer.run!, AFTER_NODE_NAME)).toEqual([
			{ data: { text: 'Only half, please', respondedAt: expect.any(String) } },
		]);
	});

	it('Custom Form: the answers come back by field name, typed as n8n forms give them', async () => {
		const { workflow, links } = await waitingFor({
			responseType: 'customForm',
			defineForm: 'fields',
			formFields: {
				values: [
					{ fieldLabel: 'Amount', fieldType: 'number', requiredField: true },
					{
						fieldLabel: 'Reason',
						fieldType: 'dropdown',
						fieldOptions: { values: [{ option: 'Damaged' }, { option: 'Late' }] },
					},
					{
						fieldLabel: 'Notify',
						fieldType: 'checkbox',
						fieldOptions: { values: [{ option: 'Email' }, { option: 'SMS' }] },
					},
					{ fieldLabel: 'Note', fieldType: 'text' },
					{ fieldLabel: 'respondedAt', fieldType: 'text' },
					{
						fieldLabel: 'Also',
						fieldType: 'checkbox',
						fieldOptions: { values: [{ option: 'Refund shipping' }] },
					},
				],
			},
		});
		const form = await workflow.open(links.Respond);
		expect(form.body).toContain('<input type="number" id="field-0" name="field-0" required>');
		expect(form.body).toContain('<option>Damaged</option>');
		const wrong = await workflow.open(links.Respond, {
			method: 'POST',
			form: { 'field-0': '42', 'field-1': 'Lost' },
		});
		expect(wrong.statusCode).toBe(400);
		const answer = await workflow.open(links.Respond, {
			method: 'POST',
			form: {
				'field-0': '42.5',
				'field-1': 'Late',
				'field-2': ['Email', 'SMS'],
				'field-3': '  thanks ',
				'field-4': 'not a date',
			},
		});
		const [item] = outputOf(answer.run!, AFTER_NODE_NAME);
		expect(item).toEqual({
			data: {
				Amount: 42.5,
				Reason: 'Late',
				Notify: ['Email', 'SMS'],
				Note: 'thanks',
				Also: null,
				respondedAt: expect.not.stringMatching('not a date'),
			},
		});
	});

	it('Custom Form from JSON', async () => {
		const { workflow, links } = await waitingFor({
			responseType: 'customForm',
			defineForm: 'json',
			jsonOutput: JSON.stringify([
				{
					fieldLabel: 'Decision',
					fieldType: 'radio',
					fieldOptions: { values: [{ option: 'Yes' }, { option: 'No' }] },
					requiredField: true,
				},
			]),
		});
		const answer = await workflow.open(links.Respond, {
			method: 'POST',
			form: { 'field-0': 'No' },
		});
		expect(outputOf(answer.run!, NODE_NAME)).toEqual([
			{ data: { Decision: 'No', respondedAt: expect.any(String) } },
		]);
	});

	it("at the time limit the execution goes on with the node's input, as n8n's own send-and-wait nodes do", async () => {
		const { workflow } = await waitingFor({
			options: {
				limitWaitTime: {
					values: { limitType: 'afterTimeInterval', resumeAmount: 1, resumeUnit: 'minutes' },
				},
			},
		});
		const run = await workflow.timeOut();
		expect(run.status).toBe('success');
		expect(outputOf(run, NODE_NAME)).toEqual([{ order: 'A-1001' }]);
		expect(outputOf(run, AFTER_NODE_NAME)).toEqual([{ order: 'A-1001' }]);
	});
});

describe('Send and Wait for Response: rejected before anything is sent', () => {
	async function rejected(overrides: INodeParameters, items?: Array<Record<string, string>>) {
		const scope = twilioNock('https://api.twilio.com').post(/.*/).reply(500);
		const workflow = new WaitingWorkflow(parameters(overrides), apiKeyCredentials, items);
		const run = await workflow.start();
		expect(scope.isDone()).toBe(false);
		return run.data.resultData.error?.message;
	}

	it("To and From get the Send operation's checks and errors", async () => {
		expect(await rejected({ to: '4155550199' })).toBe(
			'To "4155550199" is not in E.164 format: start with + and the country code, e.g. +14155550123 [item 0]',
		);
		expect(await rejected({ to: '  ' })).toBe('To is empty [item 0]');
		expect(
			await rejected({ channel: 'whatsapp', from: { __rl: true, mode: 'id', value: 'Acme' } }),
		).toBe(
			'From "Acme" is not in E.164 format: start with + and the country code, e.g. +14155550123; use an E.164 number [item 0]',
		);
	});

	it('a wait limit in the past, a form that cannot be built, or several items', async () => {
		expect(
			await rejected({
				options: {
					limitWaitTime: {
						values: { limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00Z' },
					},
				},
			}),
		).toBe('Limit Wait Time Max Date and Time 2020-01-01T00:00:00.000Z is in the past [item 0]');
		expect(
			await rejected({
				responseType: 'customForm',
				defineForm: 'json',
				jsonOutput: '{"not": "a list"',
			}),
		).toMatch(/^Form Elements form Fields \(JSON\) are not valid/);
		expect(
			await rejected({
				responseType: 'customForm',
				formFields: { values: [{ fieldLabel: 'Photo', fieldType: 'file' }] },
			}),
		).toBe(
			'Form Elements form element "Photo" is of type "file", which a response form opened from a message does not offer [item 0]',
		);
		expect(await rejected({}, [{}, {}])).toBe(
			'Input has 2 items, but Send and Wait for Response sends one message and waits for one answer [item 0]',
		);
	});

	it('a message too long for Twilio with its links', async () => {
		expect(await rejected({ message: 'x'.repeat(1500) })).toMatch(
			/^Message makes a 1\d{3}-character text with the links; Twilio accepts at most 1600 \[item 0\]$/,
		);
	});
});

describe('Send and Wait for Response: WhatsApp Content Template', () => {
	const ctaTemplate = (url: string, title = 'Approve') =>
		templateResource(TEMPLATE_SID, {
			'twilio/call-to-action': {
				body: 'Refund {{2}}?',
				actions: [
					{ type: 'URL', title, url },
					{ type: 'PHONE_NUMBER', title: 'Call us', phone: '+15550100001' },
				],
			},
		});
	const templateParameters = (approvalType = 'single'): INodeParameters => ({
		channel: 'whatsapp',
		sendWith: 'contentTemplate',
		contentSid: { __rl: true, mode: 'id', value: TEMPLATE_SID },
		contentVariables: { mappingMode: 'defineBelow', value: { 2: 'A-1001' } },
		approvalOptions: { values: { approvalType } },
	});

	it("puts the resume link's path and signature into the URL button's variable", async () => {
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${TEMPLATE_SID}`)
			.reply(200, ctaTemplate('http://127.0.0.1:5678/webhook-waiting/{{1}}'));
		const { workflow, sent, run } = await waitingFor(templateParameters());
		expect(run.status).toBe('waiting');
		const form = sent[0].form;
		expect(form.get('To')).toBe('whatsapp:+14155550199');
		expect(form.get('From')).toBe(`whatsapp:${FROM}`);
		expect(form.get('Body')).toBeNull();
		expect(form.get('ContentSid')).toBe(TEMPLATE_SID);
		const variables = JSON.parse(form.get('ContentVariables')!) as Record<string, string>;
		expect(variables[2]).toBe('A-1001');
		expect(variables[1]).toMatch(
			/^waiting-1\/node-under-test\?approved=true&signature=[0-9a-f]{64}$/,
		);
		// The button opens exactly the signed link.
		const answer = await workflow.open(`http://127.0.0.1:5678/webhook-waiting/${variables[1]}`);
		expect(outputOf(answer.run!, NODE_NAME)).toEqual([
			{ data: { approved: true, respondedAt: expect.any(String) } },
		]);
	});

	it('a template without a link button, or one linking elsewhere, is refused before sending', async () => {
		const content = twilioNock(CONTENT_URL).get(`/v1/Content/${TEMPLATE_SID}`);
		content.reply(200, ctaTemplate('https://example.com/appointments/A-42'));
		const scope = twilioNock('https://api.twilio.com').post(/.*/).reply(500);
		let run = await new WaitingWorkflow(
			parameters(templateParameters()),
			apiKeyCredentials,
		).start();
		expect(run.data.resultData.error?.message).toBe(
			`Content Template ${TEMPLATE_SID} has no URL button whose URL ends in a variable, such as https://your-n8n.example.com/webhook-waiting/{{1}} [item 0]`,
		);
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${TEMPLATE_SID}`)
			.reply(200, ctaTemplate('https://example.com/appointments/{{1}}'));
		run = await new WaitingWorkflow(parameters(templateParameters()), apiKeyCredentials).start();
		expect(run.data.resultData.error?.message).toMatch(
			/button "Approve" links to "https:\/\/example.com\/appointments\/\{\{1\}\}", but this n8n's resume links start differently/,
		);
		twilioNock(CONTENT_URL)
			.get(`/v1/Content/${TEMPLATE_SID}`)
			.reply(200, ctaTemplate('http://127.0.0.1:5678/webhook-waiting/{{1}}'));
		run = await new WaitingWorkflow(
			parameters(templateParameters('double')),
			apiKeyCredentials,
		).start();
		expect(run.data.resultData.error?.message).toBe(
			`Content Template ${TEMPLATE_SID} has no link button titled "Decline" for that choice (its link buttons: "Approve"); make the labels match the button titles [item 0]`,
		);
		expect(scope.isDone()).toBe(false);
	});
});
