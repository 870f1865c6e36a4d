import nock from 'nock';
import type { IDataObject, INodeListSearchResult } from 'n8n-workflow';
import {
	searchMessagingServices,
	searchPhoneNumbers,
} from '../../../../nodes/shared/methods/listSearch';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../contract/recorder';
import { ACCOUNT_PATH, MESSAGING_URL, sid } from '../../../fixtures/twilio';
import { panelContext } from '../../../helpers/operations';

afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

function phoneNumber(
	number: string,
	capabilities: IDataObject,
	friendlyName = number,
): IDataObject {
	return { sid: sid('PN'), phone_number: number, friendly_name: friendlyName, capabilities };
}

describe('searchPhoneNumbers', () => {
	beforeEach(() => {
		const page = (page: number, numbers: IDataObject[], next: boolean) => ({
			incoming_phone_numbers: numbers,
			page,
			page_size: 2,
			next_page_uri: next
				? `${ACCOUNT_PATH}/IncomingPhoneNumbers.json?PageSize=2&Page=${page + 1}&PageToken=PA${page + 1}`
				: null,
		});
		twilioNock('https://api.twilio.com')
			.get(`${ACCOUNT_PATH}/IncomingPhoneNumbers.json`)
			.query({ PageSize: '1000' })
			.reply(
				200,
				page(
					0,
					[
						phoneNumber('+14155550100', { sms: true, mms: true }, 'Support'),
						phoneNumber('+14155550101', { sms: true, mms: false }),
					],
					true,
				),
			)
			.get(`${ACCOUNT_PATH}/IncomingPhoneNumbers.json`)
			.query({ PageSize: '2', Page: '1', PageToken: 'PA1' })
			.reply(
				200,
				page(1, [phoneNumber('+442079460958', { sms: false, mms: false, voice: true })], true),
			)
			.get(`${ACCOUNT_PATH}/IncomingPhoneNumbers.json`)
			.query({ PageSize: '2', Page: '2', PageToken: 'PA2' })
			.reply(
				200,
				page(2, [phoneNumber('+14155550102', { sms: true, mms: true }, 'Promotions')], false),
			);
	});

	it('follows every page and keeps only numbers able to send SMS', async () => {
		const result = (await searchPhoneNumbers.call(
			panelContext({ channel: 'sms' }),
		)) as INodeListSearchResult;
		expect(result.results).toEqual([
			{ name: '+14155550100 (Support)', value: '+14155550100' },
			{ name: '+14155550101', value: '+14155550101' },
			{ name: '+14155550102 (Promotions)', value: '+14155550102' },
		]);
	});

	it('keeps only MMS-capable numbers for MMS and filters by the search text', async () => {
		const result = await searchPhoneNumbers.call(panelContext({ channel: 'mms' }), 'promo');
		expect(result.results.map((entry) => entry.value)).toEqual(['+14155550102']);
	});
});

describe('searchMessagingServices', () => {
	it('follows meta.next_page_url on the v1 API', async () => {
		const service = (name: string) => ({ sid: sid('MG'), friendly_name: name });
		const first = [service('Alerts'), service('Marketing')];
		const second = [service('Support')];
		twilioNock(MESSAGING_URL)
			.get('/v1/Services')
			.query({ PageSize: '1000' })
			.reply(200, {
				services: first,
				meta: {
					next_page_url: `${MESSAGING_URL}/v1/Services?PageSize=2&Page=1&PageToken=PT1`,
					key: 'services',
				},
			})
			.get('/v1/Services')
			.query({ PageSize: '2', Page: '1', PageToken: 'PT1' })
			.reply(200, { services: second, meta: { next_page_url: null, key: 'services' } });
		const result = await searchMessagingServices.call(panelContext({}), '');
		expect(result.results.map((entry) => entry.name)).toEqual(
			[...first, ...second].map((s) => `${s.friendly_name} (${s.sid})`),
		);
	});
});
