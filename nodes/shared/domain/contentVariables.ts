/** Content Template variables: `{{1}}`, `{{first_name}}` placeholders and the template's declared defaults. */
const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function collectPlaceholders(value: unknown, into: Set<string>): void {
	if (typeof value === 'string') {
		for (const match of value.matchAll(PLACEHOLDER)) into.add(match[1]);
	} else if (Array.isArray(value)) {
		for (const entry of value) collectPlaceholders(entry, into);
	} else if (value && typeof value === 'object') {
		for (const entry of Object.values(value)) collectPlaceholders(entry, into);
	}
}

/** Every variable a template uses or declares, numeric ones first in numeric order. */
export function templateVariables(template: { variables?: Record<string, unknown>; types?: unknown }): string[] {
	const names = new Set<string>(Object.keys(template.variables ?? {}));
	collectPlaceholders(template.types, names);
	return [...names].sort((a, b) => {
		const na = /^\d+$/.test(a) ? Number(a) : Number.NaN;
		const nb = /^\d+$/.test(b) ? Number(b) : Number.NaN;
		if (!Number.isNaN(na) && !Number.isNaN(nb)) return na - nb;
		if (!Number.isNaN(na)) return -1;
		if (!Number.isNaN(nb)) return 1;
		return a.localeCompare(b);
	});
}

export type ContentVariablesResult = { ok: true; json: string | undefined } | { ok: false; reason: string };

/** Twilio wants every ContentVariables value as a string; empty values are left out so defaults apply. */
export function encodeContentVariables(values: Record<string, unknown> | undefined): ContentVariablesResult {
	const encoded: Record<string, string> = {};
	for (const [name, value] of Object.entries(values ?? {})) {
		if (value === undefined || value === null || value === '') continue;
		if (typeof value === 'object') {
			return { ok: false, reason: `variable "${name}" must be text, not ${Array.isArray(value) ? 'a list' : 'an object'}` };
		}
		encoded[name] = String(value);
	}
	return { ok: true, json: Object.keys(encoded).length ? JSON.stringify(encoded) : undefined };
}
