import type {
	IExecuteFunctions,
	INodeParameterResourceLocator,
	INodeProperties,
} from 'n8n-workflow';
import { MESSAGE_URL_REGEX, SID_PATTERNS, messageSidFrom } from '../../../shared/domain';
import { fieldError } from '../../helpers/fieldError';

const MESSAGE_FIELD = 'Message';

/** The message an operation acts on: its SID, or a link to it copied from the Twilio console. */
export const messageSidField: INodeProperties = {
	displayName: MESSAGE_FIELD,
	name: 'messageSid',
	type: 'resourceLocator',
	default: { mode: 'id', value: '' },
	required: true,
	description: 'The message, by its SID or by a link to it in the Twilio console',
	modes: [
		{
			displayName: 'By SID',
			name: 'id',
			type: 'string',
			placeholder: 'SMxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: SID_PATTERNS.message.source,
						errorMessage: 'A message SID is SM or MM followed by 32 hex characters',
					},
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder:
				'https://console.twilio.com/us1/monitor/logs/sms?frameUrl=%2Fconsole%2Fsms%2Flogs%2FAC…%2FSM…',
			validation: [
				{
					type: 'regex',
					properties: {
						regex: MESSAGE_URL_REGEX,
						errorMessage: 'Paste the link of a message from the Twilio console',
					},
				},
			],
			extractValue: { type: 'regex', regex: MESSAGE_URL_REGEX },
		},
	],
};

/** The SID the item's Message parameter names, read and checked before any request. */
export function messageSidParameter(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('messageSid', itemIndex) as
		INodeParameterResourceLocator | string;
	const { mode, value } =
		typeof raw === 'object' && raw !== null
			? { mode: String(raw.mode), value: String(raw.value ?? '') }
			: { mode: 'id', value: String(raw ?? '') };
	if (value.trim() === '')
		throw fieldError(
			context.getNode(),
			itemIndex,
			MESSAGE_FIELD,
			'is empty: enter a message SID (SM… or MM…) or a Twilio console link',
		);
	const result = messageSidFrom(mode, value);
	if (!result.ok) throw fieldError(context.getNode(), itemIndex, MESSAGE_FIELD, result.reason);
	return result.sid;
}
