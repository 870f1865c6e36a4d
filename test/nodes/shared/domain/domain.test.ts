import {
	CHANNELS,
	InlineTemplates,
	TEMPLATE_TYPES_BY_CHANNEL,
	channelOfAddress,
	detectOptOutKeyword,
	encodeContentVariables,
	encodeTags,
	formatRecipient,
	formatSender,
	normalizePhoneNumber,
	senderTypeFits,
	subscriptionDecision,
	templateTypeFits,
	templateTypesOf,
	templateVariables,
	validateSendAt,
	withConnectionOverrides,
	type Channel,
} from '../../../../nodes/shared/domain';

describe('addresses', () => {
	it.each([
		['+1 (415) 555-0199', '+14155550199'],
		['+44 20.7946.0958', '+442079460958'],
		['whatsapp:+49 30 1234567', '+49301234567'],
		[' +33-1-23-45-67-89 ', '+33123456789'],
	])('normalises %s', (input, expected) => {
		expect(normalizePhoneNumber(input)).toEqual({ ok: true, value: expected });
	});

	it.each([
		'4155550199',
		'0044 20 7946 0958',
		'+1 415 CALL NOW',
		'+0123',
		'+1234567890123456',
		'+1/415',
		'',
		'+',
	])('rejects %j', (input) => {
		expect(normalizePhoneNumber(input).ok).toBe(false);
	});

	it('adds the channel prefix once', () => {
		expect(formatRecipient('whatsapp', 'whatsapp:+14155550199')).toEqual({
			ok: true,
			value: 'whatsapp:+14155550199',
		});
		expect(formatRecipient('rcs', '+14155550199')).toEqual({ ok: true, value: 'rcs:+14155550199' });
		expect(formatRecipient('messenger', 'messenger:2345678901')).toEqual({
			ok: true,
			value: 'messenger:2345678901',
		});
	});

	it('refuses a prefix of another channel instead of rewriting it', () => {
		const cases: Array<[Channel, string, string]> = [
			['sms', 'whatsapp:+14155550199', 'WhatsApp'],
			['sms', 'rcs:+14155550199', 'RCS'],
			['mms', 'whatsapp:+14155550199', 'WhatsApp'],
			['whatsapp', 'messenger:2345678901', 'Facebook Messenger'],
			['whatsapp', 'rcs:+14155550199', 'RCS'],
			['rcs', 'WhatsApp:+14155550199', 'WhatsApp'],
			['messenger', 'whatsapp:+14155550199', 'WhatsApp'],
		];
		for (const [channel, address, other] of cases) {
			expect(formatRecipient(channel, address)).toEqual({
				ok: false,
				reason: expect.stringContaining(`is an address for ${other}, but the Channel is`),
			});
		}
		expect(formatSender('sms', 'phoneNumber', 'whatsapp:+14155550123')).toEqual({
			ok: false,
			reason: expect.stringContaining('is an address for WhatsApp'),
		});
		expect(formatSender('whatsapp', 'phoneNumber', 'rcs:+14155550123').ok).toBe(false);
		expect(formatSender('whatsapp', 'phoneNumber', 'whatsapp:+14155550123')).toEqual({
			ok: true,
			value: 'whatsapp:+14155550123',
		});
	});

	it('allows short codes and alphanumeric IDs only where Twilio does', () => {
		expect(formatSender('sms', 'phoneNumber', '24365')).toEqual({ ok: true, value: '24365' });
		expect(formatSender('mms', 'phoneNumber', '24365')).toEqual({ ok: true, value: '24365' });
		expect(formatSender('whatsapp', 'phoneNumber', '24365').ok).toBe(false);
		expect(formatSender('sms', 'phoneNumber', 'ACME 2')).toEqual({ ok: true, value: 'ACME 2' });
		expect(formatSender('mms', 'phoneNumber', 'ACME').ok).toBe(false);
		expect(formatSender('sms', 'phoneNumber', 'TWELVECHARSX').ok).toBe(false);
	});

	it('reads the channel back from an address', () => {
		expect(channelOfAddress('whatsapp:+1')).toBe('whatsapp');
		expect(channelOfAddress('Messenger:123')).toBe('messenger');
		expect(channelOfAddress('rcs:+1')).toBe('rcs');
		expect(channelOfAddress('+1415')).toBe('sms');
	});
});

describe('channel matrix', () => {
	it('matches Twilio: which template types each channel takes', () => {
		expect(TEMPLATE_TYPES_BY_CHANNEL.sms).toEqual(['inline', 'text']);
		expect(TEMPLATE_TYPES_BY_CHANNEL.mms).toEqual(['inline', 'media']);
		expect(TEMPLATE_TYPES_BY_CHANNEL.whatsapp).toHaveLength(11);
		expect(templateTypeFits('messenger', 'listPicker')).toBe(false);
		expect(templateTypeFits('messenger', 'carousel')).toBe(true);
		expect(templateTypeFits('rcs', 'quickReply')).toBe(false);
	});

	it('matches Twilio: which sender types each channel takes', () => {
		expect(CHANNELS.filter((channel) => senderTypeFits(channel, 'messagingService'))).toEqual([
			...CHANNELS,
		]);
		expect(CHANNELS.filter((channel) => senderTypeFits(channel, 'phoneNumber'))).toEqual([
			'sms',
			'mms',
			'whatsapp',
		]);
		expect(CHANNELS.filter((channel) => senderTypeFits(channel, 'messengerPage'))).toEqual([
			'messenger',
		]);
		expect(CHANNELS.filter((channel) => senderTypeFits(channel, 'rcsSender'))).toEqual(['rcs']);
	});

	it('maps Content API types to template types', () => {
		expect(
			templateTypesOf({ 'twilio/text': {}, 'whatsapp/card': {}, 'twilio/unknown': {} }),
		).toEqual(['text', 'whatsappCard']);
	});
});

describe('inline templates', () => {
	it('renders without HTML escaping and names an undefined variable', () => {
		const templates = new InlineTemplates();
		expect(templates.render('{{a}} & {{b}}', { a: '<b>', b: '"x"' })).toEqual({
			ok: true,
			text: '<b> & "x"',
		});
		const missing = templates.render('Hi {{first_name}}', { name: 'Ada' });
		expect(missing.ok).toBe(false);
		expect(!missing.ok && missing.reason).toMatch(/"first_name", which is not defined/);
		expect(templates.render('{{#if vip}}VIP {{/if}}{{name}}', { vip: true, name: 'Ada' })).toEqual({
			ok: true,
			text: 'VIP Ada',
		});
	});

	it('reports a syntax error', () => {
		const result = new InlineTemplates().render('Hi {{#each}}', {});
		expect(result.ok).toBe(false);
	});
});

describe('content variables', () => {
	it('collects declared and used variables, numbers first', () => {
		expect(
			templateVariables({
				variables: { 2: 'x', name: 'y' },
				types: { 'twilio/card': { title: '{{1}}', actions: [{ url: 'https://x/{{ code }}' }] } },
			}),
		).toEqual(['1', '2', 'code', 'name']);
	});

	it('sends every value as a string', () => {
		expect(
			encodeContentVariables(['1', '2', 'name'], { 1: 42, 2: true, name: 'Ada' }, false),
		).toEqual({ ok: true, json: '{"1":"42","2":"true","name":"Ada"}' });
		expect(encodeContentVariables([], {}, false)).toEqual({ ok: true, json: undefined });
		expect(encodeContentVariables(['1'], { 1: ['a'] }, true).ok).toBe(false);
	});

	it('refuses a variable of the template without a value, so Twilio never fills in its sample', () => {
		for (const missing of [{}, { 1: '' }, { 1: '  ' }, { 1: null }, { 1: undefined }]) {
			const result = encodeContentVariables(['1', '2'], { ...missing, 2: 'x' }, false);
			expect(result).toEqual({ ok: false, reason: expect.stringContaining('{{1}} has no value') });
		}
	});

	it('sends empty values explicitly when they are allowed', () => {
		expect(encodeContentVariables(['1', '2'], { 2: 'x' }, true)).toEqual({
			ok: true,
			json: '{"1":"","2":"x"}',
		});
	});

	it('passes on values for names the template does not use, and drops empty ones of those', () => {
		expect(encodeContentVariables(['1'], { 1: 'a', extra: 'b', unused: '' }, false)).toEqual({
			ok: true,
			json: '{"1":"a","extra":"b"}',
		});
	});

	it('reads only own keys, so variables named like Object.prototype members work', () => {
		expect(
			encodeContentVariables(
				['constructor', 'toString'],
				{ constructor: 'c', toString: 't' },
				false,
			),
		).toEqual({ ok: true, json: '{"constructor":"c","toString":"t"}' });
		expect(encodeContentVariables(['constructor'], {}, false).ok).toBe(false);
	});
});

describe('connection overrides', () => {
	it("writes Twilio's fragment and replaces an existing one", () => {
		expect(
			withConnectionOverrides('https://x.example.com/s#old', {
				retryCount: 2,
				retryPolicy: ['all'],
				readTimeout: 3000,
				totalTimeout: 9000,
				edge: 'sydney',
			}),
		).toEqual({
			ok: true,
			url: 'https://x.example.com/s#rc=2&rt=3000&tt=9000&rp=all&e=sydney',
		});
		expect(withConnectionOverrides('https://x.example.com/s', {})).toEqual({
			ok: true,
			url: 'https://x.example.com/s',
		});
	});

	it.each([
		{ retryCount: 6 },
		{ connectTimeout: 99 },
		{ readTimeout: 15001 },
		{ retryPolicy: ['6xx'] },
		{ edge: 'mars' },
		{ retryCount: 1.5 },
	])('rejects %j', (overrides) => {
		expect(withConnectionOverrides('https://x.example.com', overrides).ok).toBe(false);
	});
});

describe('schedule window', () => {
	const now = new Date('2026-11-23T12:00:00Z');
	it.each([
		['2026-11-23T12:16:00Z', true],
		['2026-11-23T12:14:00Z', false],
		['2026-12-27T11:59:00Z', true],
		['2026-12-28T12:01:00Z', false],
		['yesterday', false],
	])('%s → %s', (value, ok) => {
		expect(validateSendAt(value, now).ok).toBe(ok);
	});

	it('returns ISO 8601 in UTC without milliseconds', () => {
		expect(validateSendAt('2026-11-24T10:00:00+02:00', now)).toEqual({
			ok: true,
			sendAt: '2026-11-24T08:00:00Z',
		});
	});
});

describe('tags', () => {
	it('encodes up to 10 valid pairs', () => {
		expect(
			encodeTags([
				{ key: 'campaign', value: 'summer_sale' },
				{ key: 'region', value: 'EMEA' },
			]),
		).toEqual({ ok: true, json: '{"campaign":"summer_sale","region":"EMEA"}' });
	});

	it.each([
		[[{ key: 'a b', value: 'x' }]],
		[[{ key: 'a', value: 'x y' }]],
		[[{ key: 'k'.repeat(129), value: 'x' }]],
		[[{ key: 'a', value: 'v'.repeat(257) }]],
		[Array.from({ length: 11 }, (_, i) => ({ key: `k${i}`, value: 'v' }))],
	])('rejects %#', (pairs) => {
		expect(encodeTags(pairs).ok).toBe(false);
	});
});

describe('subscription status', () => {
	it.each([
		['subscribed', 'skip', true],
		[true, 'skip', true],
		['TRUE', 'skip', true],
		['unsubscribed', 'send', false],
		[false, 'send', false],
		['', 'skip', false],
		['', 'send', true],
		[undefined, 'send', true],
		['maybe', 'skip', false],
	] as const)('%j with policy %s → send %s', (status, policy, send) => {
		expect(subscriptionDecision(status, policy).send).toBe(send);
	});
});

describe('opt-out keywords', () => {
	it.each([
		['STOP', 'STOP'],
		[' stop ', 'STOP'],
		['Stop All', 'STOP'],
		['unsubscribe', 'STOP'],
		['start', 'START'],
		['Un Stop', 'START'],
		['help', 'HELP'],
		['info', 'HELP'],
		['stop sending me these', undefined],
		['', undefined],
	])('%j → %s', (body, type) => {
		expect(detectOptOutKeyword(body)).toBe(type);
	});
});
