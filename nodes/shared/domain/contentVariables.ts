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
export function templateVariables(template: {
	variables?: Record<string, unknown>;
	types?: unknown;
}): string[] {
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

const SNIPPET_LENGTH = 60;

function firstTextUsing(value: unknown, placeholder: RegExp): string | undefined {
	if (typeof value === 'string') return placeholder.test(value) ? value : undefined;
	const entries = Array.isArray(value)
		? value
		: value && typeof value === 'object'
			? Object.values(value)
			: [];
	for (const entry of entries) {
		const found = firstTextUsing(entry, placeholder);
		if (found !== undefined) return found;
	}
	return undefined;
}

/**
 * The template text around a variable's first use, e.g. `“Hola {{1}}, tu pedido {{2}}…”`, so the
 * user sees what `{{1}}` stands for when mapping it.
 */
export function variableInContext(template: { types?: unknown }, name: string): string | undefined {
	const placeholder = new RegExp(`\\{\\{\\s*${name.replace(/[^\w]/g, '\\$&')}\\s*\\}\\}`);
	const text = firstTextUsing(template.types, placeholder)?.replace(/\s+/g, ' ').trim();
	if (text === undefined) return undefined;
	if (text.length <= SNIPPET_LENGTH) return `“${text}”`;
	const at = Math.max(
		0,
		Math.min(text.search(placeholder) - SNIPPET_LENGTH / 3, text.length - SNIPPET_LENGTH),
	);
	const start = Math.round(at);
	return `“${start > 0 ? '…' : ''}${text.slice(start, start + SNIPPET_LENGTH).trim()}${start + SNIPPET_LENGTH < text.length ? '…' : ''}”`;
}

export type ContentVariablesResult =
	{ ok: true; json: string | undefined } | { ok: false; reason: string };

const isEmpty = (value: unknown) =>
	value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/**
 * `ContentVariables` for a template that uses `names`. Twilio wants every value as a string and
 * fills any variable it does not receive with the template's sample, which a customer must never
 * get by accident: a variable of the template without a value is refused, or sent empty when the
 * user allows empty values. Values for names the template does not use are passed on as given.
 */
export function encodeContentVariables(
	names: readonly string[],
	values: Record<string, unknown>,
	allowEmpty: boolean,
): ContentVariablesResult {
	const encoded: Record<string, string> = {};
	const used = new Set(names);
	for (const name of new Set([...names, ...Object.keys(values)])) {
		const value = Object.prototype.hasOwnProperty.call(values, name) ? values[name] : undefined;
		if (value !== null && typeof value === 'object') {
			return {
				ok: false,
				reason: `variable {{${name}}} must be text, not ${Array.isArray(value) ? 'a list' : 'an object'}`,
			};
		}
		if (isEmpty(value)) {
			if (!used.has(name)) continue;
			if (!allowEmpty) {
				return {
					ok: false,
					reason: `variable {{${name}}} has no value for this item, and Twilio would send the template's sample in its place (give it a value, or turn on the option Allow Empty Values to send it empty)`,
				};
			}
		}
		encoded[name] = value === undefined || value === null ? '' : String(value);
	}
	return { ok: true, json: Object.keys(encoded).length ? JSON.stringify(encoded) : undefined };
}
