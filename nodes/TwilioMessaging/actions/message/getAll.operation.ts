import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import {
	CHANNEL_LABELS,
	dateSentQuery,
	isChannel,
	messageAddressFilter,
	type Channel,
	type DateSentFilters,
} from '../../../shared/domain';
import { fieldError } from '../../helpers/fieldError';
import { filtersField, listDescription, listExecute, type ListQuery } from '../../helpers/list';
import { simplifyMessage } from '../../helpers/simplify';

const DATE_FIELDS: Record<keyof DateSentFilters, string> = {
	on: 'Date Sent On',
	onOrBefore: 'Date Sent On or Before',
	onOrAfter: 'Date Sent On or After',
};

const FILTER_CHANNELS: Channel[] = ['sms', 'whatsapp', 'messenger', 'rcs'];

interface Filters extends DateSentFilters {
	channel?: string;
	to?: string;
	from?: string;
}

export const description: INodeProperties[] = listDescription('message', 'getAll', [
	filtersField([
		{
			displayName: 'Channel',
			name: 'channel',
			type: 'options',
			default: 'sms',
			options: FILTER_CHANNELS.map((channel) => ({
				name: channel === 'sms' ? 'SMS or MMS' : CHANNEL_LABELS[channel],
				value: channel,
			})),
			description:
				'The channel of the To and From filters; the node adds the prefix Twilio stores (whatsapp:, messenger:, rcs:). Without it, a prefix typed in To or From is used.',
		},
		{
			displayName: DATE_FIELDS.on,
			name: 'on',
			type: 'dateTime',
			default: '',
			description: 'Only messages sent on this day (GMT)',
		},
		{
			displayName: DATE_FIELDS.onOrAfter,
			name: 'onOrAfter',
			type: 'dateTime',
			default: '',
			description: 'Only messages sent on or after this day (GMT)',
		},
		{
			displayName: DATE_FIELDS.onOrBefore,
			name: 'onOrBefore',
			type: 'dateTime',
			default: '',
			description: 'Only messages sent on or before this day (GMT)',
		},
		{
			displayName: 'From',
			name: 'from',
			type: 'string',
			default: '',
			placeholder: '+14155550100',
			description:
				'Only messages from this sender: a number, short code, alphanumeric sender ID, or channel address',
		},
		{
			displayName: 'To',
			name: 'to',
			type: 'string',
			default: '',
			placeholder: '+14155550199',
			description:
				'Only messages to this recipient: a number, short code, or channel address such as whatsapp:+14155550199',
		},
	]),
]);

function messageQuery(context: IExecuteFunctions, itemIndex: number): ListQuery {
	const node = context.getNode();
	const filters = context.getNodeParameter('filters', itemIndex, {}) as Filters;
	if (filters.channel !== undefined && !isChannel(filters.channel)) {
		throw fieldError(
			node,
			itemIndex,
			'Channel',
			`"${String(filters.channel)}" is not one of ${FILTER_CHANNELS.join(', ')}`,
		);
	}
	const channel = filters.channel as Channel | undefined;
	const qs: IDataObject = {};
	for (const [key, role, value] of [
		['To', 'to', filters.to],
		['From', 'from', filters.from],
	] as const) {
		if (value === undefined || String(value).trim() === '') continue;
		const address = messageAddressFilter(String(value), role, channel);
		if (!address.ok) throw fieldError(node, itemIndex, key, address.reason);
		qs[key] = address.value;
	}
	const dates = dateSentQuery(filters);
	if (!dates.ok) throw fieldError(node, itemIndex, DATE_FIELDS[dates.filter], dates.reason);
	Object.assign(qs, dates.qs);
	return { qs };
}

export const execute = listExecute({
	request: { product: 'api', path: '/Messages.json', action: 'listing messages' },
	listKey: 'messages',
	query: messageQuery,
	simplify: simplifyMessage,
});
