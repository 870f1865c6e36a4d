import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { fieldError } from '../../helpers/fieldError';
import { filtersField, listDescription, listExecute, type ListQuery } from '../../helpers/list';
import { simplifyPhoneNumber } from '../../helpers/simplify';

const CAPABILITIES = ['sms', 'mms', 'voice'] as const;
const CAPABILITY_LABELS: Record<(typeof CAPABILITIES)[number], string> = {
	sms: 'SMS',
	mms: 'MMS',
	voice: 'Voice',
};

interface Filters {
	capabilities?: string[];
	friendlyName?: string;
	phoneNumber?: string;
}

export const description: INodeProperties[] = listDescription('account', 'getManyPhoneNumbers', [
	filtersField([
		{
			displayName: 'Capabilities',
			name: 'capabilities',
			type: 'multiOptions',
			default: [],
			options: CAPABILITIES.map((capability) => ({
				name: CAPABILITY_LABELS[capability],
				value: capability,
			})),
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
	]),
]);

function phoneNumberQuery(context: IExecuteFunctions, itemIndex: number): ListQuery {
	const filters = context.getNodeParameter('filters', itemIndex, {}) as Filters;
	const capabilities = (Array.isArray(filters.capabilities) ? filters.capabilities : []).map(
		(capability) => String(capability).toLowerCase(),
	);
	const unknown = capabilities.find(
		(capability) => !(CAPABILITIES as readonly string[]).includes(capability),
	);
	if (unknown !== undefined)
		throw fieldError(
			context.getNode(),
			itemIndex,
			'Capabilities',
			`"${unknown}" is not one of ${CAPABILITIES.join(', ')}`,
		);
	const qs: IDataObject = {};
	if (filters.friendlyName?.trim()) qs.FriendlyName = filters.friendlyName.trim();
	if (filters.phoneNumber?.trim()) qs.PhoneNumber = filters.phoneNumber.replace(/[\s\-.()]/g, '');
	return {
		qs,
		keep: capabilities.length
			? (number) =>
					capabilities.every(
						(capability) =>
							(number.capabilities as IDataObject | null | undefined)?.[capability] === true,
					)
			: undefined,
	};
}

export const execute = listExecute({
	request: { product: 'api', path: '/IncomingPhoneNumbers.json', action: 'listing phone numbers' },
	listKey: 'incoming_phone_numbers',
	query: phoneNumberQuery,
	simplify: simplifyPhoneNumber,
});
