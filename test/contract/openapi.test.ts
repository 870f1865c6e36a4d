import { contractViolations } from './openapi';

const ACCOUNT = '/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef';

describe('contract checker', () => {
	it('accepts a valid message create', () => {
		const body = new URLSearchParams([
			['To', '+14155550100'],
			['From', '+14155550101'],
			['Body', 'Hi'],
			['MediaUrl', 'https://example.com/a.png'],
			['MediaUrl', 'https://example.com/b.png'],
			['ValidityPeriod', '600'],
			['ShortenUrls', 'true'],
		]).toString();
		expect(contractViolations({ method: 'POST', path: `${ACCOUNT}/Messages.json`, body })).toEqual(
			[],
		);
	});

	it.each([
		['an unknown field', 'To=%2B1415&Bogus=1', /unknown form field Bogus/],
		['a bad enum', 'To=%2B1415&RiskCheck=maybe', /RiskCheck/],
		['a bad pattern', 'To=%2B1415&MessagingServiceSid=MG123', /MessagingServiceSid/],
		['a non-integer', 'To=%2B1415&ValidityPeriod=ten', /ValidityPeriod/],
		['a non-boolean', 'To=%2B1415&SmartEncoded=yes', /SmartEncoded/],
		['a missing required field', 'Body=hi', /required form field To/],
	])('rejects %s', (_label, body, problem) => {
		expect(
			contractViolations({ method: 'POST', path: `${ACCOUNT}/Messages.json`, body }).join('\n'),
		).toMatch(problem);
	});

	it('checks path and query parameters', () => {
		expect(
			contractViolations({ method: 'GET', path: `${ACCOUNT}/Messages.json?PageSize=20&To=%2B1` }),
		).toEqual([]);
		expect(
			contractViolations({ method: 'GET', path: `${ACCOUNT}/Messages.json?Colour=red` })[0],
		).toMatch(/unknown query parameter Colour/);
		expect(
			contractViolations({ method: 'GET', path: '/2010-04-01/Accounts/ACnope/Messages.json' })[0],
		).toMatch(/AccountSid/);
		expect(contractViolations({ method: 'GET', path: '/v1/Nowhere' })[0]).toMatch(
			/not an operation/,
		);
		expect(
			contractViolations({ method: 'GET', path: '/v1/Content/HX0123456789abcdef0123456789abcdef' }),
		).toEqual([]);
		expect(contractViolations({ method: 'GET', path: '/v1/Services?PageSize=50' })).toEqual([]);
	});
});
