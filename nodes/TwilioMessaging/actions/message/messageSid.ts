import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeParameterResourceLocator, INodeProperties } from 'n8n-workflow';
import { MESSAGE_URL_REGEX, SID_PATTERNS, messageSidFrom } from '../../../shared/domain';
import { twilioRequest, type TwilioRequest } from '../../../shared/transport';
import { fieldError } from '../../helpers/itemErrors';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { simplifyMessage } from '../../helpers/simplify';

export const MESSAGE_FIELD = 'Message';

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
					properties: { regex: SID_PATTERNS.message.source, errorMessage: 'A message SID is SM or MM followed by 32 hex characters' },
				},
			],
		},
		{
			displayName: 'By URL',
			name: 'url',
			type: 'string',
			placeholder: 'https://console.twilio.com/us1/monitor/logs/sms?frameUrl=%2Fconsole%2Fsms%2Flogs%2FAC…%2FSM…',
			validation: [
				{
					type: 'regex',
					properties: { regex: MESSAGE_URL_REGEX, errorMessage: 'Paste the link of a message from the Twilio console' },
				},
			],
			extractValue: { type: 'regex', regex: MESSAGE_URL_REGEX },
		},
	],
};

/** The message SID of one item, checked before any request. */
export function messageSidOf(context: IExecuteFunctions, itemIndex: number): string {
	const raw = context.getNodeParameter('messageSid', itemIndex) as INodeParameterResourceLocator | string;
	const { mode, value } = typeof raw === 'object' && raw !== null ? { mode: String(raw.mode), value: String(raw.value ?? '') } : { mode: 'id', value: String(raw ?? '') };
	if (value.trim() === '') throw fieldError(context.getNode(), itemIndex, MESSAGE_FIELD, 'is empty: enter a message SID (SM… or MM…) or a Twilio console link');
	const result = messageSidFrom(mode, value);
	if (!result.ok) throw fieldError(context.getNode(), itemIndex, MESSAGE_FIELD, result.reason);
	return result.sid;
}

/**
 * Get, Cancel Scheduled and Redact: one request per item to the message it names, answered with the
 * message resource (simplified unless Simplify is off).
 */
export async function forEachMessage(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	request: (sid: string) => Pick<TwilioRequest, 'method' | 'form' | 'keepEmpty' | 'action'>,
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		context,
		items,
		(itemIndex) => ({ sid: messageSidOf(context, itemIndex), simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean }),
		async ({ sid, simplify }, itemIndex) => {
			const message = await twilioRequest<IDataObject>(context, { ...request(sid), product: 'api', path: `/Messages/${sid}.json`, itemIndex });
			return jsonItems(simplify ? simplifyMessage(message) : message);
		},
	);
}
