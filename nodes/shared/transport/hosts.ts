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
	const edge = settings.edge || (region === 'us1' ? '' : DEFAULT_EDGE[region] ?? '');
	if (region === 'us1' && !edge) return `https://${product}.twilio.com`;
	return `https://${product}.${edge ? `${edge}.` : ''}${region}.twilio.com`;
}
