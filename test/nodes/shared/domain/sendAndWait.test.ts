import {
	isLinkPreviewFetch,
	linkButtonVariables,
	linkButtonsOf,
	responseChoices,
	waitLimitDate,
} from '../../../../nodes/shared/domain';

describe('choices', () => {
	it('follow n8n: Respond for forms, Approve only, or Disapprove then Approve; empty labels fall back', () => {
		expect(responseChoices('freeText')).toEqual([{ label: 'Respond', approved: true }]);
		expect(responseChoices('approval')).toEqual([{ label: 'Approve', approved: true }]);
		expect(
			responseChoices('approval', {
				approvalType: 'double',
				approveLabel: ' ',
				disapproveLabel: '',
			}),
		).toEqual([
			{ label: 'Disapprove', approved: false },
			{ label: 'Approve', approved: true },
		]);
	});
});

describe('wait limit', () => {
	const now = new Date('2026-11-28T12:00:00Z');
	it('adds the interval, takes a date, or refuses what cannot be a future date', () => {
		expect(waitLimitDate(undefined, now)).toEqual({ ok: true });
		expect(
			waitLimitDate(
				{ limitType: 'afterTimeInterval', resumeAmount: 1.5, resumeUnit: 'hours' },
				now,
			),
		).toEqual({ ok: true, date: new Date('2026-11-28T13:30:00Z') });
		expect(
			waitLimitDate({ limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'days' }, now),
		).toEqual({ ok: true, date: new Date('2026-11-30T12:00:00Z') });
		expect(
			waitLimitDate({ limitType: 'atSpecifiedTime', maxDateAndTime: '2026-12-01T08:00:00Z' }, now),
		).toEqual({ ok: true, date: new Date('2026-12-01T08:00:00Z') });
		expect(
			waitLimitDate(
				{ limitType: 'afterTimeInterval', resumeAmount: 0, resumeUnit: 'minutes' },
				now,
			),
		).toMatchObject({ ok: false });
		expect(
			waitLimitDate({ limitType: 'atSpecifiedTime', maxDateAndTime: 'tomorrow' }, now),
		).toMatchObject({ ok: false });
	});
});

describe('template link buttons', () => {
	const types = {
		'twilio/call-to-action': {
			body: 'Refund {{1}}?',
			actions: [
				{ type: 'URL', title: 'Approve', url: 'https://n8n.example.com/webhook-waiting/{{2}}' },
				{ type: 'URL', title: 'Website', url: 'https://example.com/help' },
				{ type: 'PHONE_NUMBER', title: 'Call us', phone: '+15550100001' },
			],
		},
		'whatsapp/card': {
			body: 'x',
			actions: [
				{ type: 'URL', title: 'Decline', url: 'https://n8n.example.com/webhook-waiting/{{ 3 }}' },
			],
		},
	};

	it('are the URL actions whose URL ends in a variable', () => {
		expect(linkButtonsOf(types)).toEqual([
			{ title: 'Approve', prefix: 'https://n8n.example.com/webhook-waiting/', variable: '2' },
			{ title: 'Decline', prefix: 'https://n8n.example.com/webhook-waiting/', variable: '3' },
		]);
		expect(linkButtonsOf({ 'twilio/text': { body: 'https://x/{{1}}' } })).toEqual([]);
	});

	it("get each choice's link after their fixed part, matched by title", () => {
		const links = [
			{
				label: 'Decline',
				url: 'https://n8n.example.com/webhook-waiting/7/n?approved=false&signature=aa',
			},
			{
				label: 'approve',
				url: 'https://n8n.example.com/webhook-waiting/7/n?approved=true&signature=bb',
			},
		];
		expect(linkButtonVariables(linkButtonsOf(types), links)).toEqual({
			ok: true,
			variables: { 2: '7/n?approved=true&signature=bb', 3: '7/n?approved=false&signature=aa' },
		});
		expect(
			linkButtonVariables(linkButtonsOf(types), [{ label: 'Respond', url: links[0].url }]),
		).toMatchObject({ ok: false });
	});
});

describe('link previews', () => {
	it.each([
		[undefined, true],
		['', true],
		['WhatsApp/2.23.20.0 A', true],
		['TelegramBot (like TwitterBot)', true],
		[
			'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_11_1) AppleWebKit/601.2.4 (KHTML, like Gecko) Version/9.0.1 Safari/601.2.4 facebookexternalhit/1.1 Facebot Twitterbot/1.0',
			true,
		],
		['Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)', true],
		['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', true],
		['curl/8.5.0', true],
		[
			'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
			false,
		],
		[
			'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36',
			false,
		],
		[
			'Mozilla/5.0 (Linux; Android 9; CUBOT X20) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0 Mobile Safari/537.36',
			false,
		],
	])('%s → %s', (userAgent, automated) => {
		expect(isLinkPreviewFetch(userAgent)).toBe(automated);
	});
});
