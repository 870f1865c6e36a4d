import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { whatsappApprovalOf } from '../../../shared/domain';
import { twilioRequest } from '../../../shared/transport';
import { readContentTemplate } from '../../helpers/contentTemplate';
import { forOperation, simplifyField } from '../../helpers/fields';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { simplifyContentTemplate } from '../../helpers/simplify';
import { contentSidField, contentSidOf } from './contentSid';

export const description: INodeProperties[] = forOperation('contentTemplate', 'get', [
	contentSidField,
	simplifyField,
]);

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => ({
			sid: contentSidOf(this, itemIndex),
			simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
		}),
		async ({ sid, simplify }, itemIndex) => {
			const template = await readContentTemplate(this, sid, itemIndex);
			const approval = await twilioRequest<IDataObject>(this, {
				method: 'GET',
				product: 'content',
				path: `/v1/Content/${sid}/ApprovalRequests`,
				action: `reading the WhatsApp approval of Content Template ${sid}`,
				itemIndex,
			});
			// Shaped like an entry of Get Many (ContentAndApprovals), so both operations give the same output.
			const withApproval: IDataObject = {
				...template,
				approval_requests: (whatsappApprovalOf(approval) as IDataObject | undefined) ?? null,
			};
			return jsonItems(simplify ? simplifyContentTemplate(withApproval) : withApproval);
		},
	);
}
