/**
 * Twilio's webhook connection overrides, written as the URL fragment Twilio reads
 * (e.g. `https://example.com/status#rc=3&rp=all&ct=2000`). Twilio strips the fragment before calling.
 */
export interface ConnectionOverrides {
	retryCount?: number;
	retryPolicy?: string[];
	connectTimeout?: number;
	readTimeout?: number;
	totalTimeout?: number;
	edge?: string;
}

export const RETRY_POLICIES = ['4xx', '5xx', 'ct', 'rt', 'all'] as const;
export const CALLBACK_EDGES = [
	'ashburn',
	'dublin',
	'frankfurt',
	'sao-paulo',
	'singapore',
	'sydney',
	'tokyo',
	'umatilla',
] as const;

const LIMITS = {
	retryCount: { key: 'rc', min: 0, max: 5 },
	connectTimeout: { key: 'ct', min: 100, max: 10000 },
	readTimeout: { key: 'rt', min: 100, max: 15000 },
	totalTimeout: { key: 'tt', min: 100, max: 15000 },
} as const;

export type FragmentResult =
	{ ok: true; url: string } | { ok: false; field: string; reason: string };

export function withConnectionOverrides(
	url: string,
	overrides: ConnectionOverrides,
): FragmentResult {
	const parts: string[] = [];
	for (const field of Object.keys(LIMITS) as Array<keyof typeof LIMITS>) {
		const value = overrides[field];
		if (value === undefined) continue;
		const { key, min, max } = LIMITS[field];
		if (!Number.isInteger(value) || value < min || value > max) {
			return { ok: false, field, reason: `must be a whole number from ${min} to ${max}` };
		}
		parts.push(`${key}=${value}`);
	}
	if (overrides.retryPolicy?.length) {
		const unknown = overrides.retryPolicy.filter(
			(p) => !(RETRY_POLICIES as readonly string[]).includes(p),
		);
		if (unknown.length)
			return { ok: false, field: 'retryPolicy', reason: `unknown policy "${unknown.join(', ')}"` };
		parts.push(`rp=${overrides.retryPolicy.join(',')}`);
	}
	if (overrides.edge) {
		if (!(CALLBACK_EDGES as readonly string[]).includes(overrides.edge)) {
			return { ok: false, field: 'edge', reason: `unknown edge "${overrides.edge}"` };
		}
		parts.push(`e=${overrides.edge}`);
	}
	const base = url.split('#')[0];
	return { ok: true, url: parts.length ? `${base}#${parts.join('&')}` : base };
}

/** Reads a fragment back (used by the trigger to ignore it when matching its own URL). */
export function stripFragment(url: string): string {
	return url.split('#')[0];
}
