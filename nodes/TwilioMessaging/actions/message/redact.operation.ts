import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { forOperation, simplifyField } from '../../helpers/fields';
import { forEachMessage } from './forEachMessage';
import { messageSidField } from './messageSid';

export const description: INodeProperties[] = forOperation('message', 'redact', [
	{
		...messageSidField,
		description:
			'The message whose text is erased. Twilio only redacts messages that are no longer being sent.',
	},
	simplifyField,
]);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	// An empty Body is how Twilio's API asks for a redaction, so it must be sent, not dropped.
	return await forEachMessage(this, items, (sid) => ({
		method: 'POST',
		form: { Body: '' },
		keepEmpty: ['Body'],
		action: `redacting message ${sid}`,
	}));
}
