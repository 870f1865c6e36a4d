/**
 * Twilio's 2010 API takes form bodies: array values repeat their key (`MediaUrl=a&MediaUrl=b`),
 * booleans are `true`/`false`, and empty values are left out rather than sent blank (except where a
 * blank value means something, e.g. redacting a body).
 */
export type FormValue = string | number | boolean | undefined | null | Array<string | number>;
export type FormFields = Record<string, FormValue>;

export function encodeForm(fields: FormFields, keepEmpty: readonly string[] = []): string {
	const params = new URLSearchParams();
	for (const [key, value] of Object.entries(fields)) {
		if (value === undefined || value === null) continue;
		if (Array.isArray(value)) {
			for (const entry of value) params.append(key, String(entry));
		} else if (value !== '' || keepEmpty.includes(key)) {
			params.append(key, String(value));
		}
	}
	return params.toString();
}
