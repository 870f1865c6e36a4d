/**
 * Twilio hosts per product, region and edge. The credential's Base URL override replaces every host
 * (paths stay as Twilio's), so one local fake Twilio can serve all three products.
 */
export type TwilioProduct = 'api' | 'content' | 'messaging';

export interface TwilioHostSettings {
	region?: string;
	edge?: string;
	baseUrlOverride?: string;
}

/** Twilio's default edge per region, used when only the region is chosen. */
const DEFAULT_EDGE: Record<string, string> = { ie1: 'dublin', au1: 'sydney' };

export function twilioBaseUrl(product: TwilioProduct, settings: TwilioHostSettings): string {
	const override = settings.baseUrlOverride?.trim();
	if (override) return override.replace(/\/+$/, '');
	const region = settings.region || 'us1';
	const edge = settings.edge || (region === 'us1' ? '' : (DEFAULT_EDGE[region] ?? ''));
	if (region === 'us1' && !edge) return `https://${product}.twilio.com`;
	return `https://${product}.${edge ? `${edge}.` : ''}${region}.twilio.com`;
}

/**
 * The override must be a plain http(s) base URL: another scheme never reaches Twilio, and a user
 * name or password in it would be sent along and shown wherever the URL is.
 */
export function checkBaseUrlOverride(value: unknown): { ok: true } | { ok: false; reason: string } {
	const text = typeof value === 'string' ? value.trim() : '';
	if (!text) return { ok: true };
	let url: URL;
	try {
		url = new URL(text);
	} catch {
		return { ok: false, reason: 'is not a URL: use http(s)://host[:port]' };
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:')
		return { ok: false, reason: `must start with http:// or https:// (it has ${url.protocol})` };
	if (url.username || url.password)
		return { ok: false, reason: 'must not contain a user name or password' };
	return { ok: true };
}
