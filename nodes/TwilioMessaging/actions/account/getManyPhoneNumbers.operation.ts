import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { twilioRequestAllPages } from '../../../shared/transport';
import { forOperation, limitOf, returnAllFields, simplifyField } from '../../helpers/fields';
import { fieldError } from '../../helpers/itemErrors';
import { jsonItems, runPerItem } from '../../helpers/perItem';
import { simplifyPhoneNumber } from '../../helpers/simplify';

const CAPABILITIES = ['sms', 'mms', 'voice'] as const;
const CAPABILITY_LABELS: Record<(typeof CAPABILITIES)[number], string> = { sms: 'SMS', mms: 'MMS', voice: 'Voice' };

interface Filters {
	capabilities?: string[];
	friendlyName?: string;
	phoneNumber?: string;
}

export const description: INodeProperties[] = forOperation('account', 'getManyPhoneNumbers', [
	...returnAllFields,
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: [
			{
				displayName: 'Capabilities',
				name: 'capabilities',
				type: 'multiOptions',
				default: [],
				options: CAPABILITIES.map((capability) => ({ name: CAPABILITY_LABELS[capability], value: capability })),
				description: 'Only numbers that have all of these capabilities',
			},
			{
				displayName: 'Friendly Name',
				name: 'friendlyName',
				type: 'string',
				default: '',
				description: 'Only numbers with exactly this friendly name',
			},
			{
				displayName: 'Phone Number',
				name: 'phoneNumber',
				type: 'string',
				default: '',
				placeholder: '+1415',
				description: 'Only numbers that contain these digits; * matches any digit',
			},
		],
	},
	simplifyField,
]);

interface Plan {
	qs: IDataObject;
	keep?: (number: IDataObject) => boolean;
	limit?: number;
	simplify: boolean;
}

function planGetMany(context: IExecuteFunctions, itemIndex: number): Plan {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as Filters;
	const capabilities = (Array.isArray(filters.capabilities) ? filters.capabilities : []).map((capability) => String(capability).toLowerCase());
	const unknown = capabilities.find((capability) => !(CAPABILITIES as readonly string[]).includes(capability));
	if (unknown !== undefined) throw fieldError(context.getNode(), itemIndex, 'Capabilities', `"${unknown}" is not one of ${CAPABILITIES.join(', ')}`);
	const qs: IDataObject = {};
	if (filters.friendlyName?.trim()) qs.FriendlyName = filters.friendlyName.trim();
	if (filters.phoneNumber?.trim()) qs.PhoneNumber = filters.phoneNumber.replace(/[\s\-.()]/g, '');
	return {
		qs,
		keep: capabilities.length
			? (number) => capabilities.every((capability) => (number.capabilities as IDataObject | null | undefined)?.[capability] === true)
			: undefined,
		limit: limitOf(context, itemIndex),
		simplify: context.getNodeParameter('simplify', itemIndex, true) as boolean,
	};
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => planGetMany(this, itemIndex),
		async ({ qs, keep, limit, simplify }, itemIndex) => {
			const numbers = await twilioRequestAllPages<IDataObject>(
				this,
				{ method: 'GET', product: 'api', path: '/IncomingPhoneNumbers.json', qs, action: 'listing phone numbers', itemIndex },
				'incoming_phone_numbers',
				{ limit, keep },
			);
			return jsonItems(simplify ? numbers.map(simplifyPhoneNumber) : numbers);
		},
	);
}
