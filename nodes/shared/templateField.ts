import { ExpressionParser } from 'n8n-workflow';
import { isPlaceholderTag } from './domain';

type Part = { text: string } | { expression: string };

/**
 * A field that takes Handlebars placeholders (Message Body, Media URLs, Auto-Reply Text), read from
 * its stored value rather than through n8n's evaluation: in Expression mode n8n would evaluate
 * `{{first_name}}` as JavaScript and put nothing in its place. Placeholders stay in the text for
 * Handlebars; n8n expressions are kept apart and evaluated per item.
 */
export interface TemplateField {
	parts: Part[];
	/** Whether any part needs n8n to evaluate it (otherwise the text is the same for every item). */
	hasExpressions: boolean;
	/** In a Fixed field: the first `{{ … }}` that reads n8n data (`$json`, `$now`…), which n8n does not evaluate there. */
	fixedExpression?: string;
}

function fixedExpressionIn(value: string): string | undefined {
	const code = ExpressionParser.splitExpression(value).find(
		(chunk) => chunk.type === 'code' && chunk.hasClosingBrackets && chunk.text.includes('$'),
	);
	return code ? ExpressionParser.joinExpression([code]) : undefined;
}

export type FieldText = { ok: true; text: string } | { ok: false; reason: string };

/** Splits a stored parameter value (`=…` in Expression mode) into text with placeholders and n8n expressions. */
export function parseTemplateField(stored: unknown): TemplateField {
	const value = stored === undefined || stored === null ? '' : String(stored);
	if (!value.startsWith('='))
		return {
			parts: [{ text: value }],
			hasExpressions: false,
			fixedExpression: fixedExpressionIn(value),
		};

	const parts: Part[] = [];
	const addText = (text: string) => {
		const last = parts[parts.length - 1];
		if (last && 'text' in last) last.text += text;
		else if (text) parts.push({ text });
	};
	const chunks = ExpressionParser.splitExpression(value.slice(1));
	for (let index = 0; index < chunks.length; index++) {
		const chunk = chunks[index];
		if (chunk.type === 'text') {
			addText(chunk.text);
			continue;
		}
		const next = chunks[index + 1];
		// n8n reads `{{{name}}}` as the code `{name` and a text starting with the third `}`.
		const tripleStash =
			chunk.text.startsWith('{') && next?.type === 'text' && next.text.startsWith('}');
		if (chunk.hasClosingBrackets && tripleStash && isPlaceholderTag(chunk.text.slice(1))) {
			addText(`{{${chunk.text}}}}`);
			chunks[index + 1] = { ...next, text: next.text.slice(1) };
		} else if (chunk.hasClosingBrackets && isPlaceholderTag(chunk.text)) {
			addText(`{{${chunk.text}}}`);
		} else {
			parts.push({ expression: ExpressionParser.joinExpression([chunk]) });
		}
	}
	return { parts, hasExpressions: parts.some((part) => 'expression' in part) };
}

function describe(value: unknown): string | undefined {
	if (Array.isArray(value)) return 'a list';
	if (
		value !== null &&
		typeof value === 'object' &&
		!(value instanceof Date) &&
		typeof (value as { toISO?: unknown }).toISO !== 'function'
	) {
		return 'an object';
	}
	return undefined;
}

/**
 * The field's text for one item: each n8n expression evaluated (by `evaluate`) and written as n8n
 * writes values into text, placeholders left for Handlebars. An expression that gives nothing (or
 * only spaces) is refused unless empty values are allowed, so no customer reads "Hi , …"; one that
 * gives an object or a list is refused, so no one reads "[object Object]".
 */
export function resolveTemplateField(
	field: TemplateField,
	evaluate: (expression: string) => unknown,
	allowEmpty: boolean,
): FieldText {
	if (field.fixedExpression) {
		return {
			ok: false,
			reason: `has ${field.fixedExpression}, an n8n expression, but the field is set to Fixed: switch it to Expression so n8n evaluates it`,
		};
	}
	let text = '';
	for (const part of field.parts) {
		if ('text' in part) {
			text += part.text;
			continue;
		}
		let value: unknown;
		try {
			value = evaluate(part.expression);
		} catch (error) {
			return {
				ok: false,
				reason: `has the expression ${part.expression}, which failed: ${(error as Error).message}`,
			};
		}
		const kind = describe(value);
		if (kind)
			return {
				ok: false,
				reason: `has the expression ${part.expression}, which gives ${kind}, not text`,
			};
		const written =
			value === undefined || value === null || Number.isNaN(value) ? '' : String(value);
		if (written.trim() === '' && !allowEmpty) {
			return {
				ok: false,
				reason: `has the expression ${part.expression}, which is empty for this item (turn on the option Allow Empty Values to send it empty)`,
			};
		}
		text += written;
	}
	return { ok: true, text };
}
