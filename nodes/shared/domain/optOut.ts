/** Twilio's default opt-out, opt-in and help keywords (Advanced Opt-Out can replace them per service). */
export const OPT_OUT_KEYWORDS = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
export const OPT_IN_KEYWORDS = ['START', 'YES', 'UNSTOP'];
export const HELP_KEYWORDS = ['HELP', 'INFO'];

export type OptOutType = 'STOP' | 'START' | 'HELP';

/** Classifies an inbound body by Twilio's keywords: the whole body, case- and space-insensitive. */
export function detectOptOutKeyword(body: string | undefined): OptOutType | undefined {
	const word = (body ?? '').replace(/\s+/g, '').toUpperCase();
	if (OPT_OUT_KEYWORDS.includes(word)) return 'STOP';
	if (OPT_IN_KEYWORDS.includes(word)) return 'START';
	if (HELP_KEYWORDS.includes(word)) return 'HELP';
	return undefined;
}
