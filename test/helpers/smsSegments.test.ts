import { smsSegments } from './smsSegments';

describe('SMS segments of a Send and Wait text', () => {
	it.each([
		['a'.repeat(160), 'GSM-7', 1],
		['a'.repeat(161), 'GSM-7', 2],
		['a'.repeat(306), 'GSM-7', 2],
		['a'.repeat(307), 'GSM-7', 3],
		// Extension characters cost two septets.
		['€'.repeat(80), 'GSM-7', 1],
		['€'.repeat(81), 'GSM-7', 2],
		['✓ ' + 'a'.repeat(68), 'UCS-2', 1],
		['✓ ' + 'a'.repeat(69), 'UCS-2', 2],
	])('%#: %s', (text, encoding, segments) => {
		expect(smsSegments(text)).toEqual({ encoding, segments });
	});
});
