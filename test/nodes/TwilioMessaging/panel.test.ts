import { NodeHelpers, Workflow, type INode, type INodeParameters } from 'n8n-workflow';
import { TwilioMessaging } from '../../../nodes/TwilioMessaging/TwilioMessaging.node';
import { TwilioMessagingTrigger } from '../../../nodes/TwilioMessagingTrigger/TwilioMessagingTrigger.node';
import { TestNodeTypes } from '../../harness/nodeTypes';

const node = new TwilioMessaging();
const trigger = new TwilioMessagingTrigger();
const nodeTypes = new TestNodeTypes({ twilioMessaging: node, twilioMessagingTrigger: trigger });

function asNode(type: string, parameters: INodeParameters): INode {
	return { id: '1', name: 'Twilio Messaging', type, typeVersion: 1, position: [0, 0], parameters };
}

const EVERY_SCOPED_OPTION = {
	persistentAction: ['geo:37.787890,-122.391664|375 Beale St'],
	riskCheck: 'disable',
	sendAsMms: true,
	sendAt: '2030-01-01T10:00:00Z',
	shortenUrls: true,
	smartEncoded: true,
};

/** The options n8n keeps for the node, as the engine does before it runs the node. */
function keptOptions(parameters: INodeParameters): string[] {
	const send = {
		resource: 'message',
		operation: 'send',
		...parameters,
		options: EVERY_SCOPED_OPTION,
	};
	const resolved = NodeHelpers.getNodeParameters(
		node.description.properties,
		send,
		true,
		false,
		asNode('twilioMessaging', send),
		node.description,
	);
	return Object.keys((resolved?.options ?? {}) as object).sort();
}

describe('Send options follow the channel and the sender type', () => {
	// Send At and Persistent Action stay on offer everywhere: hidden, n8n would drop them from imported
	// JSON without a word (a scheduled message sent at once); the node refuses them where they cannot apply.
	it.each([
		[
			'SMS from a phone number',
			{ channel: 'sms', senderType: 'phoneNumber' },
			['persistentAction', 'riskCheck', 'sendAsMms', 'sendAt', 'smartEncoded'],
		],
		[
			'SMS through a Messaging Service',
			{ channel: 'sms', senderType: 'messagingService' },
			['persistentAction', 'riskCheck', 'sendAsMms', 'sendAt', 'shortenUrls', 'smartEncoded'],
		],
		[
			'MMS from a phone number',
			{ channel: 'mms', senderType: 'phoneNumber' },
			['persistentAction', 'riskCheck', 'sendAsMms', 'sendAt'],
		],
		[
			'WhatsApp from a phone number',
			{ channel: 'whatsapp', senderType: 'phoneNumber' },
			['persistentAction', 'sendAt'],
		],
		[
			'WhatsApp through a Messaging Service',
			{ channel: 'whatsapp', senderType: 'messagingService' },
			['persistentAction', 'sendAt', 'shortenUrls'],
		],
		[
			'Messenger from a page',
			{ channel: 'messenger', senderType: 'messengerPage' },
			['persistentAction', 'sendAt'],
		],
		[
			'RCS through a Messaging Service',
			{ channel: 'rcs', senderType: 'messagingService' },
			['persistentAction', 'sendAt', 'shortenUrls'],
		],
	])('%s', (_label, parameters, expected) => {
		expect(keptOptions(parameters)).toEqual(expected);
	});
});

describe('a Content Template Type the channel does not offer', () => {
	const notices = node.description.properties.filter(
		(property) =>
			property.type === 'notice' && property.name.startsWith('templateTypeNotAvailable'),
	);
	const shown = (parameters: INodeParameters) =>
		notices
			.filter((notice) =>
				NodeHelpers.displayParameter(
					{ resource: 'message', operation: 'send', ...parameters },
					notice,
					asNode('twilioMessaging', parameters),
					node.description,
				),
			)
			.map((notice) => notice.displayName);

	it('is flagged by a notice naming the types the channel offers', () => {
		expect(shown({ channel: 'sms', templateType: 'card' })).toEqual([
			'The Content Template Type chosen is not available on SMS: choose one of None (Write the Message Here), Text',
		]);
		expect(shown({ channel: 'rcs', templateType: 'quickReply' })).toEqual([
			expect.stringMatching(/not available on RCS: choose one of .*Carousel$/),
		]);
	});

	it('shows no notice for a type the channel offers', () => {
		expect(shown({ channel: 'sms', templateType: 'text' })).toEqual([]);
		expect(shown({ channel: 'whatsapp', templateType: 'card' })).toEqual([]);
	});

	it('the template itself is emptied by the editor when the channel or the type changes', () => {
		const contentSid = node.description.properties.find(
			(property) =>
				property.name === 'contentSid' &&
				property.displayOptions?.show?.operation?.includes('send'),
		);
		expect(contentSid?.typeOptions?.loadOptionsDependsOn).toEqual(['channel', 'templateType']);
	});
});

describe('subtitles', () => {
	function subtitle(
		type: 'twilioMessaging' | 'twilioMessagingTrigger',
		parameters: INodeParameters,
	): unknown {
		const description = (type === 'twilioMessaging' ? node : trigger).description;
		const full = NodeHelpers.getNodeParameters(
			description.properties,
			parameters,
			true,
			false,
			asNode(type, parameters),
			description,
		) as INodeParameters;
		const workflowNode = asNode(type, full);
		const workflow = new Workflow({
			nodes: [workflowNode],
			connections: {},
			active: false,
			nodeTypes,
		});
		return workflow.expression.getSimpleParameterValue(
			workflowNode,
			description.subtitle as string,
			'internal',
			{},
		);
	}

	it.each([
		[{}, 'Send: SMS'],
		[{ channel: 'whatsapp' }, 'Send: WhatsApp'],
		[{ channel: 'messenger' }, 'Send: Facebook Messenger'],
		[{ operation: 'getAll' }, 'Get Many: Message'],
		[{ resource: 'contentTemplate', operation: 'get' }, 'Get: Content Template'],
		[{ resource: 'account', operation: 'getBalance' }, 'Get Balance: Account'],
	] as Array<[INodeParameters, string]>)('action node %j reads "%s"', (parameters, expected) => {
		expect(subtitle('twilioMessaging', parameters)).toBe(expected);
	});

	it.each([
		[{ events: ['inbound'] }, 'Inbound Message'],
		[{ events: ['inbound', 'status'] }, 'Inbound Message, Message Status Update'],
	] as Array<[INodeParameters, string]>)('trigger %j reads "%s"', (parameters, expected) => {
		expect(subtitle('twilioMessagingTrigger', parameters)).toBe(expected);
	});
});

describe('trigger', () => {
	it('says, while Verify Signature is on, that the credential needs the Auth Token', () => {
		const notice = trigger.description.properties.find(
			(property) => property.name === 'verifySignatureNeedsAuthToken',
		);
		const shown = (verifySignature: boolean) =>
			notice !== undefined &&
			NodeHelpers.displayParameter(
				{ verifySignature },
				notice,
				asNode('twilioMessagingTrigger', { verifySignature }),
				trigger.description,
			);
		expect(notice?.displayName).toMatch(/needs the Auth Token in the credential/);
		expect(shown(true)).toBe(true);
		expect(shown(false)).toBe(false);
	});

	it('says, when the workflow answers and status updates are chosen, that status updates need a trigger of their own', () => {
		const notice = trigger.description.properties.find(
			(property) => property.name === 'statusNeedsImmediateAnswerNotice',
		);
		const shown = (parameters: INodeParameters) =>
			notice !== undefined &&
			NodeHelpers.displayParameter(
				parameters,
				notice,
				asNode('twilioMessagingTrigger', parameters),
				trigger.description,
			);
		expect(notice?.displayName).toMatch(/^Status updates cannot wait for the workflow to answer/);
		expect(shown({ events: ['inbound', 'status'], respond: 'lastNode' })).toBe(true);
		expect(shown({ events: ['status'], respond: 'responseNode' })).toBe(true);
		expect(shown({ events: ['inbound'], respond: 'lastNode' })).toBe(false);
		expect(shown({ events: ['inbound', 'status'], respond: 'noReply' })).toBe(false);
	});
});
