import {
	dateSentQuery,
	messageAddressFilter,
	messageSidFrom,
	messageSidFromUrl,
	MESSAGE_URL_REGEX,
	twilioFilterDate,
	whatsappApprovalOf,
	whatsappApprovalStatus,
} from '../../../../nodes/shared/domain';

const SID = 'SM0123456789abcdef0123456789abcdef';
const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';

describe('twilioFilterDate', () => {
	it.each([
		['2026-03-31', '2026-03-31'],
		['2024-02-29', '2024-02-29'],
		['2026-03-31T00:00:00', '2026-03-31'],
		['2026-03-31 23:59', '2026-03-31'],
		['2026-03-31T23:30:00-05:00', '2026-04-01'],
		['2026-04-01T00:30:00+02:00', '2026-03-31'],
		['2026-03-31T10:00:00.123Z', '2026-03-31'],
	])('%s is the GMT day %s', (input, day) => {
		expect(twilioFilterDate(input)).toEqual({ ok: true, date: day });
	});

	it('reads Date and Luxon-like values', () => {
		expect(twilioFilterDate(new Date('2026-05-01T12:00:00Z'))).toEqual({
			ok: true,
			date: '2026-05-01',
		});
		expect(twilioFilterDate({ toISO: () => '2026-05-01T23:00:00.000-04:00' })).toEqual({
			ok: true,
			date: '2026-05-02',
		});
	});

	it.each([
		['2026-02-29', /not a real calendar date/],
		['2026-13-01', /not a real calendar date/],
		['2026-04-31', /not a real calendar date/],
		['2026-00-10', /not a real calendar date/],
		['2026-03-31T24:00:00', /not a real time of day/],
		['31/03/2026', /not a date/],
		['yesterday', /not a date/],
	])('rejects %s', (input, reason) => {
		const result = twilioFilterDate(input);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.reason).toMatch(reason);
	});

	it('rejects an invalid Date and non-dates', () => {
		expect(twilioFilterDate(new Date('nope')).ok).toBe(false);
		expect(twilioFilterDate(20260331).ok).toBe(false);
	});
});

describe('dateSentQuery', () => {
	it('uses DateSent, DateSent< and DateSent> and leaves out empty filters', () => {
		expect(
			dateSentQuery({ on: '2026-03-02', onOrBefore: '2026-03-31', onOrAfter: '2026-03-01' }),
		).toEqual({
			ok: true,
			qs: { DateSent: '2026-03-02', 'DateSent<': '2026-03-31', 'DateSent>': '2026-03-01' },
		});
		expect(dateSentQuery({ on: '', onOrBefore: undefined })).toEqual({ ok: true, qs: {} });
	});

	it('names the filter that is wrong', () => {
		expect(dateSentQuery({ onOrBefore: '2026-02-30' })).toMatchObject({
			ok: false,
			filter: 'onOrBefore',
		});
		expect(dateSentQuery({ onOrAfter: '2026-04-01', onOrBefore: '2026-03-01' })).toMatchObject({
			ok: false,
			filter: 'onOrAfter',
		});
	});
});

describe('messageAddressFilter', () => {
	it.each([
		['+1 415 555 0199', 'to', undefined, '+14155550199'],
		['24365', 'to', undefined, '24365'],
		['ACME', 'from', undefined, 'ACME'],
		['+14155550199', 'to', 'whatsapp', 'whatsapp:+14155550199'],
		['whatsapp:+14155550199', 'to', undefined, 'whatsapp:+14155550199'],
		['WHATSAPP:+14155550199', 'to', 'whatsapp', 'whatsapp:+14155550199'],
		['2345678901234567', 'to', 'messenger', 'messenger:2345678901234567'],
		['acme_agent', 'from', 'rcs', 'rcs:acme_agent'],
		['+14155550199', 'to', 'rcs', 'rcs:+14155550199'],
	] as const)('%s as %s on %s is %s', (input, role, channel, expected) => {
		expect(messageAddressFilter(input, role, channel)).toEqual({ ok: true, value: expected });
	});

	it.each([
		['ACME', 'to', undefined],
		['4155550199', 'to', undefined],
		['ACME', 'from', 'whatsapp'],
		['whatsapp:+14155550199', 'to', 'sms'],
		['rcs:+14155550199', 'to', 'messenger'],
	] as const)('rejects %s as %s on %s', (input, role, channel) => {
		expect(messageAddressFilter(input, role, channel).ok).toBe(false);
	});
});

describe('message SIDs from console links', () => {
	const links = [
		`https://www.twilio.com/console/sms/logs/${ACCOUNT}/${SID}`,
		`https://console.twilio.com/us1/monitor/logs/sms?frameUrl=${encodeURIComponent(`/console/sms/logs/${ACCOUNT}/${SID}?x-target-region=us1`)}`,
		`https://console.twilio.com/us1/monitor/logs/sms?frameUrl=${encodeURIComponent(`/console/sms/logs/${ACCOUNT}/${SID}`).toLowerCase().replace(SID.toLowerCase(), SID)}`,
		`https://console.twilio.com/us1/monitor/logs/sms/${SID}#details`,
		`https://api.twilio.com/2010-04-01/Accounts/${ACCOUNT}/Messages/${SID}.json`,
	];

	it.each(links)('finds the SID in %s', (link) => {
		expect(messageSidFromUrl(link)).toEqual({ ok: true, sid: SID });
	});

	it.each(links)("matches n8n's anchored URL validation and extraction for %s", (link) => {
		expect(new RegExp(`^${MESSAGE_URL_REGEX}$`).test(link)).toBe(true);
		expect(new RegExp(MESSAGE_URL_REGEX).exec(link)?.[1]).toBe(SID);
	});

	it.each([
		['not a URL', 'console.twilio.com/SM…', /is not a URL/],
		['another host', `https://twilio.com.example.net/${SID}`, /is not a Twilio console link/],
		['no SID', 'https://console.twilio.com/us1/monitor/logs/sms', /does not contain a message SID/],
		[
			'a SID inside a longer word',
			`https://console.twilio.com/logs/X${SID}`,
			/does not contain a message SID/,
		],
		[
			'two messages',
			`https://www.twilio.com/console/sms/logs/${SID}/${SID.replace('SM0', 'SM1')}`,
			/more than one message SID/,
		],
	])('rejects %s', (_label, link, reason) => {
		const result = messageSidFromUrl(link);
		expect(!result.ok && result.reason).toMatch(reason);
	});

	it('reads a typed SID in ID mode and still accepts a pasted link there', () => {
		expect(messageSidFrom('id', ` ${SID} `)).toEqual({ ok: true, sid: SID });
		expect(messageSidFrom('id', links[0])).toEqual({ ok: true, sid: SID });
		expect(messageSidFrom('id', 'MM0123').ok).toBe(false);
		expect(messageSidFrom('url', SID).ok).toBe(false);
	});
});

describe('WhatsApp approval of Content Templates', () => {
	const whatsapp = {
		name: 'order_shipped',
		category: 'UTILITY',
		status: 'Approved',
		rejection_reason: '',
	};

	it('reads both the ApprovalRequests and the ContentAndApprovals shape', () => {
		expect(whatsappApprovalOf({ sid: 'HX', whatsapp })).toBe(whatsapp);
		expect(whatsappApprovalOf(whatsapp)).toBe(whatsapp);
		expect(whatsappApprovalStatus({ whatsapp })).toBe('approved');
		expect(whatsappApprovalStatus(whatsapp)).toBe('approved');
	});

	it('reports nothing when Twilio has no approval', () => {
		expect(whatsappApprovalOf({})).toBeUndefined();
		expect(whatsappApprovalOf(null)).toBeUndefined();
		expect(whatsappApprovalStatus({ whatsapp: null })).toBeUndefined();
		expect(whatsappApprovalStatus({ status: '' })).toBeUndefined();
	});
});
