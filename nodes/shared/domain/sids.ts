/** SID shapes of the resources this package touches: two letters and 32 hex characters. */
export const SID_PATTERNS = {
	account: /^AC[0-9a-fA-F]{32}$/,
	apiKey: /^SK[0-9a-fA-F]{32}$/,
	message: /^(?:SM|MM)[0-9a-fA-F]{32}$/,
	media: /^ME[0-9a-fA-F]{32}$/,
	content: /^HX[0-9a-fA-F]{32}$/,
	messagingService: /^MG[0-9a-fA-F]{32}$/,
	phoneNumber: /^PN[0-9a-fA-F]{32}$/,
} as const;
export type SidKind = keyof typeof SID_PATTERNS;

export function isSid(kind: SidKind, value: unknown): value is string {
	return typeof value === 'string' && SID_PATTERNS[kind].test(value);
}

/** The pattern without its anchors, to find a SID inside a longer text. */
export function unanchoredSid(kind: SidKind): string {
	return SID_PATTERNS[kind].source.slice(1, -1);
}
