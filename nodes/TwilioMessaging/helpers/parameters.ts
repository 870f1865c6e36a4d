import type { IExecuteFunctions, INode } from 'n8n-workflow';
import { parseTemplateField, type TemplateField } from '../../shared/templateField';

/** Whether a stored parameter value (or anything nested in it) is an n8n expression (`=…`). */
export function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value !== null && typeof value === 'object')
		return Object.values(value).some(holdsExpression);
	return false;
}

/**
 * Reads a node's parameters for one execution. n8n resolves and deep-copies a parameter on every
 * `getNodeParameter` call, and hands out a deep copy of the node on every `getNode` call; over
 * thousands of items that is a measurable share of the node's own CPU (see the README's Performance section).
 * A parameter whose stored value holds no expression resolves to the same value for every item,
 * so it is read once and the value reused: callers must not modify what they get back. A
 * parameter with an expression anywhere in it is resolved per item, as before.
 */
export class ExecutionParameters {
	/** The node, read once (for error messages). */
	readonly node: INode;

	private readonly constants = new Map<string, unknown>();

	/** Names whose stored value holds an expression: resolved per item. */
	private readonly perItem = new Set<string>();

	private readonly storedValues = new Map<string, unknown>();

	private readonly templateFields = new Map<string, TemplateField>();

	constructor(private readonly context: IExecuteFunctions) {
		this.node = context.getNode();
	}

	get<T>(name: string, itemIndex: number, fallback: T, extractValue = false): T {
		const read = () =>
			this.context.getNodeParameter(
				name,
				itemIndex,
				fallback,
				extractValue ? { extractValue: true } : undefined,
			) as T;
		if (this.perItem.has(name)) return read();
		const key = extractValue ? `${name}\u0000extractValue` : name;
		if (this.constants.has(key)) return this.constants.get(key) as T;
		if (name.includes('.') || holdsExpression(this.node.parameters[name])) {
			this.perItem.add(name);
			return read();
		}
		const value = read();
		this.constants.set(key, value);
		return value;
	}

	/** A parameter's stored value, expressions not evaluated: the same for every item, so read once. */
	stored<T>(name: string, fallback: T): T {
		if (!this.storedValues.has(name)) {
			this.storedValues.set(
				name,
				this.context.getNodeParameter(name, 0, fallback, { rawExpressions: true }),
			);
		}
		return this.storedValues.get(name) as T;
	}

	/** A stored Handlebars field split into text and n8n expressions, once per distinct value. */
	templateField(stored: unknown): TemplateField {
		const key = String(stored ?? '');
		let field = this.templateFields.get(key);
		if (field === undefined) {
			field = parseTemplateField(key);
			this.templateFields.set(key, field);
		}
		return field;
	}
}
