import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { isSid, normalizePhoneNumber } from '../../shared/domain';
import { parseTemplateField, type TemplateField } from '../../shared/templateField';
import type { TwilioEvent } from './normalize';
import { parsePublicUrlOverride } from './webhookUrl';

export type RegisterOn = 'manual' | 'messagingService' | 'phoneNumber';
export type RespondMode = 'noReply' | 'autoReply' | 'lastNode' | 'responseNode';

/** Modes in which the workflow, not the trigger, answers an inbound message. */
export const WORKFLOW_ANSWERS: readonly RespondMode[] = ['lastNode', 'responseNode'];

export type RegistrationTarget =
	{ kind: 'messagingService'; sid: string } | { kind: 'phoneNumber'; phoneNumber: string };

export interface TriggerSettings {
	events: TwilioEvent[];
	/** Empty: every status. */
	statuses: string[];
	registerOn: RegisterOn;
	respond: RespondMode;
	/** Read as stored: its placeholders are filled from the message, its n8n expressions when a message comes in. */
	autoReplyText: TemplateField;
	verifySignature: boolean;
	publicUrlOverride: URL | undefined;
	downloadMedia: boolean;
}

type TriggerContext = IHookFunctions | IWebhookFunctions;

const NO_TEXT = parseTemplateField('');

export function readSettings(context: TriggerContext): TriggerSettings {
	const options = context.getNodeParameter('options', {}) as {
		publicUrlOverride?: string;
		downloadMedia?: boolean;
	};
	const override = parsePublicUrlOverride(options.publicUrlOverride);
	if (!override.ok) {
		throw new NodeOperationError(context.getNode(), `The Public URL Override ${override.reason}`);
	}
	const events = context.getNodeParameter('events', []) as TwilioEvent[];
	const respond = context.getNodeParameter('respond', 'noReply') as RespondMode;
	return {
		events,
		statuses: events.includes('status')
			? (context.getNodeParameter('statuses', []) as string[])
			: [],
		registerOn: context.getNodeParameter('registerOn', 'manual') as RegisterOn,
		respond,
		autoReplyText:
			respond === 'autoReply'
				? parseTemplateField(
						context.getNodeParameter('autoReplyText', '', { rawExpressions: true }),
					)
				: NO_TEXT,
		verifySignature: context.getNodeParameter('verifySignature', true) as boolean,
		publicUrlOverride: override.base,
		downloadMedia: options.downloadMedia === true,
	};
}

/**
 * In the workflow-answers modes n8n answers Twilio only once the workflow has answered, which a status
 * update must not wait for (a slow or item-less workflow would fail it); refused before activation.
 */
export function assertRespondFitsEvents(context: IHookFunctions, settings: TriggerSettings): void {
	if (!WORKFLOW_ANSWERS.includes(settings.respond) || !settings.events.includes('status')) return;
	throw new NodeOperationError(
		context.getNode(),
		'Status updates cannot wait for the workflow to answer',
		{
			description:
				'With Respond set to "From the Workflow\'s Last Node" or "Using \'Respond to Webhook\' Node", n8n answers Twilio only when the workflow has answered. Receive status updates with a second Twilio Messaging Trigger whose Respond is one of the Immediately modes, or choose an Immediately mode here.',
		},
	);
}

/** The Messaging Service or phone number to register on, checked so a typo fails activation clearly. */
export function registrationTarget(
	context: IHookFunctions,
	registerOn: RegisterOn,
): RegistrationTarget | undefined {
	if (registerOn === 'messagingService') {
		const sid = String(
			context.getNodeParameter('messagingService', '', { extractValue: true }) ?? '',
		).trim();
		if (!isSid('messagingService', sid)) {
			throw new NodeOperationError(
				context.getNode(),
				`"${sid}" is not a Messaging Service SID (MG followed by 32 hexadecimal characters)`,
			);
		}
		return { kind: 'messagingService', sid };
	}
	if (registerOn === 'phoneNumber') {
		const value = String(context.getNodeParameter('phoneNumber', '', { extractValue: true }) ?? '');
		const phone = normalizePhoneNumber(value);
		if (!phone.ok)
			throw new NodeOperationError(context.getNode(), `The phone number ${phone.reason}`);
		return { kind: 'phoneNumber', phoneNumber: phone.value };
	}
	return undefined;
}
