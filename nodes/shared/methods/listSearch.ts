import type {
	IDataObject,
	ILoadOptionsFunctions,
	INodeListSearchItems,
	INodeListSearchResult,
} from 'n8n-workflow';
import { isChannel } from '../domain';
import { twilioRequestAllPages } from '../transport';

/** Whether the search text is in any of the values (no text: everything matches). */
export function matches(filter: string | undefined, ...values: unknown[]): boolean {
	if (!filter) return true;
	const needle = filter.toLowerCase();
	return values.some((value) =>
		String(value ?? '')
			.toLowerCase()
			.includes(needle),
	);
}

/** A parameter of the node being edited, or '' where the node has none. */
export function currentParameter(context: ILoadOptionsFunctions, name: string): string {
	try {
		return String(context.getCurrentNodeParameter(name) ?? '');
	} catch {
		return '';
	}
}

/** The account's numbers able to send on the chosen channel (every page, filtered by the search text). */
export async function searchPhoneNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const channel = currentParameter(this, 'channel');
	const numbers = await twilioRequestAllPages<IDataObject>(
		this,
		{
			method: 'GET',
			product: 'api',
			path: '/IncomingPhoneNumbers.json',
			action: 'listing phone numbers',
		},
		'incoming_phone_numbers',
	);
	const needed = channel === 'mms' ? 'mms' : 'sms';
	const results: INodeListSearchItems[] = numbers
		.filter(
			(number) =>
				(number.capabilities as IDataObject | undefined)?.[needed] !== false ||
				(isChannel(channel) && channel === 'whatsapp'),
		)
		.filter((number) => matches(filter, number.phone_number, number.friendly_name))
		.map((number) => ({
			name:
				number.friendly_name && number.friendly_name !== number.phone_number
					? `${number.phone_number} (${number.friendly_name})`
					: String(number.phone_number),
			value: String(number.phone_number),
		}));
	return { results };
}

/** The account's Messaging Services (every page, filtered by the search text). */
export async function searchMessagingServices(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const services = await twilioRequestAllPages<IDataObject>(
		this,
		{
			method: 'GET',
			product: 'messaging',
			path: '/v1/Services',
			action: 'listing Messaging Services',
		},
		'services',
	);
	return {
		results: services
			.filter((service) => matches(filter, service.friendly_name, service.sid))
			.map((service) => ({
				name: `${service.friendly_name} (${service.sid})`,
				value: String(service.sid),
			})),
	};
}
