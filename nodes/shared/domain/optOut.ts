/** Twilio's default opt-out, opt-in and help keywords (Advanced Opt-Out can replace them per service). */
const OPT_OUT_KEYWORDS = [
	'STOP',
	'STOPALL',
	'UNSUBSCRIBE',
	'CANCEL',
	'END',
	'QUIT',
	'REVOKE',
	'OPTOUT',
];
const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'];
const HELP_KEYWORDS = ['HELP', 'INFO'];

export type OptOutType = 'STOP' | 'START' | 'HELP';

/** Classifies an inbound body by Twilio's keywords: the whole body, case- and space-insensitive. */
export function detectOptOutKeyword(body: string | undefined): OptOutType | undefined {
	const word = (body ?? '').replace(/\s+/g, '').toUpperCase();
	if (OPT_OUT_KEYWORDS.includes(word)) return 'STOP';
	if (OPT_IN_KEYWORDS.includes(word)) return 'START';
	if (HELP_KEYWORDS.includes(word)) return 'HELP';
	return undefined;
}

export interface InboundOptOut {
	type: string;
	/** `advancedOptOut` when Twilio set `OptOutType`, `keyword` when the body matched a default keyword. */
	source: 'advancedOptOut' | 'keyword';
}

/**
 * What an inbound message asks for: Twilio's Advanced Opt-Out names it in `OptOutType` (its
 * keywords are configurable per service, so it wins); otherwise the default keywords decide.
 */
export function inboundOptOut(
	optOutType: string | undefined,
	body: string | undefined,
): InboundOptOut | undefined {
	const declared = optOutType?.trim().toUpperCase();
	if (declared) return { type: declared, source: 'advancedOptOut' };
	const keyword = detectOptOutKeyword(body);
	return keyword ? { type: keyword, source: 'keyword' } : undefined;
}
