import {
	parseTemplate,
	type BlockStatement,
	type Expression,
	type MustacheStatement,
	type PathExpression,
	type Program,
	type SourceLocation,
	type Statement,
	type SubExpression,
} from './templateParser';

export type RenderResult = { ok: true; text: string } | { ok: false; reason: string };

/** Handlebars' built-in helpers: a mustache of one of these names calls the helper, not the variable. */
const HELPER_NAMES = new Set([
	'if',
	'unless',
	'each',
	'with',
	'log',
	'lookup',
	'helperMissing',
	'blockHelperMissing',
]);
const BLOCKS = ['if', 'unless', 'each', 'with'];
const SUPPORTED =
	'{{name}}, {{a.b}}, {{{name}}}, {{#if}}, {{#unless}}, {{#each}}, {{#with}}, {{else}}, comments and ~';

/** A variable the template reads that is not there. */
class Undefined extends Error {}

/** A construct outside what inline templates support. */
class Unsupported extends Error {}

/** The context Handlebars hands a helper when the current one is null or undefined. */
const NULL_CONTEXT = Object.seal({});

/** Handlebars' `isEmpty`: what `#with` treats as absent (0 is a value). */
function isEmpty(value: unknown): boolean {
	return (!value && value !== 0) || (Array.isArray(value) && value.length === 0);
}

/** Handlebars' `#if`: 0 counts as false unless `includeZero=true`. */
function isTrue(value: unknown, includeZero: boolean): boolean {
	return !((!includeZero && !value) || isEmpty(value));
}

function hasOwn(value: unknown, name: string): boolean {
	return (
		value !== null &&
		value !== undefined &&
		Object.prototype.hasOwnProperty.call(Object(value), name)
	);
}

/** Reads own properties only: a variable named `constructor` or `toString` is never Object.prototype's. */
function own(value: unknown, name: string): unknown {
	return hasOwn(value, name) ? (Object(value) as Record<string, unknown>)[name] : undefined;
}

interface Scope {
	/** The context stack, innermost first, as Handlebars keeps it for `../`. */
	depths: unknown[];
	/** `@index`, `@key`, `@first`, `@last`, `@root`. */
	data: Record<string, unknown>;
}

function isObject(value: unknown): value is object {
	return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * Handlebars' loose `==` between contexts, without converting an object to a primitive (which
 * throws for the prototype-less objects variables may be): objects are the same only when identical.
 */
function sameContext(a: unknown, b: unknown): boolean {
	if (isObject(a) || isObject(b)) return a === b;
	return a == b;
}

function enter(scope: Scope, context: unknown, data = scope.data): Scope {
	const current = scope.depths[0];
	// Handlebars adds a level only when the context changes.
	const changed = !sameContext(context, current) && !(context === NULL_CONTEXT && current === null);
	return { depths: changed ? [context, ...scope.depths] : scope.depths, data };
}

function where(loc: SourceLocation): string {
	return `line ${loc.start.line}, column ${loc.start.column + 1}`;
}

/**
 * Renders inline messages with Handlebars' syntax and semantics: Handlebars' own parser reads the
 * template, and this interpreter walks the tree (no code is generated). Output is not HTML-escaped
 * (these are text messages), and a variable that is defined nowhere is an error, not an empty string
 * (Handlebars' strict mode). Each distinct template is parsed and checked once per instance.
 */
export class InlineTemplates {
	private readonly parsed = new Map<string, Program | Error>();

	private readonly written = new Map<string, ReadonlySet<string>>();

	render(source: string, variables: Record<string, unknown>): RenderResult {
		if (!source.includes('{{')) return { ok: true, text: source };
		const program = this.parse(source);
		if (program instanceof Error)
			return { ok: false, reason: `is not a valid template: ${program.message}` };
		try {
			const root: Scope = { depths: [variables], data: { root: variables } };
			return { ok: true, text: renderProgram(program, variables, root) };
		} catch (error) {
			if (error instanceof Undefined) {
				return {
					ok: false,
					reason: `uses the variable "${error.message}", which is not defined: add it under Inline Variables or to the input item`,
				};
			}
			return { ok: false, reason: `could not be rendered: ${(error as Error).message}` };
		}
	}

	/**
	 * The variables a template writes into the text at its top level (not those it only tests in
	 * `{{#if}}`/`{{#unless}}`, nor names read inside `{{#each}}`/`{{#with}}`, which belong to the
	 * element). An empty value for one of these would leave a gap in the message.
	 */
	outputVariables(source: string): ReadonlySet<string> {
		let names = this.written.get(source);
		if (names === undefined) {
			const program = source.includes('{{') ? this.parse(source) : undefined;
			names =
				program === undefined || program instanceof Error
					? new Set()
					: writtenVariables(program.body, new Set());
			this.written.set(source, names);
		}
		return names;
	}

	private parse(source: string): Program | Error {
		let program = this.parsed.get(source);
		if (program === undefined) {
			try {
				program = parseTemplate(source);
				checkProgram(program);
			} catch (error) {
				program = new Error(((error as Error).message ?? '').split('\n')[0]);
			}
			this.parsed.set(source, program);
		}
		return program;
	}
}

/** `guarded`: names tested by an enclosing #if (or #unless, in its else): empty, that branch is not written. */
function writtenVariables(
	statements: Statement[],
	guarded: ReadonlySet<string>,
	names = new Set<string>(),
): Set<string> {
	for (const statement of statements) {
		if (statement.type === 'MustacheStatement') {
			const path = statement.path;
			const name = path.type === 'PathExpression' ? path.parts[0] : undefined;
			if (
				path.type === 'PathExpression' &&
				!path.data &&
				path.depth === 0 &&
				name !== undefined &&
				!guarded.has(name)
			)
				names.add(name);
		} else if (statement.type === 'BlockStatement') {
			const helper = statement.path.original;
			if (helper === 'each' || helper === 'with') continue;
			const param = statement.params[0];
			const tested = param?.type === 'PathExpression' ? param.parts[0] : undefined;
			const withTested = tested === undefined ? guarded : new Set([...guarded, tested]);
			if (statement.program)
				writtenVariables(statement.program.body, helper === 'if' ? withTested : guarded, names);
			if (statement.inverse)
				writtenVariables(statement.inverse.body, helper === 'unless' ? withTested : guarded, names);
		}
	}
	return names;
}

function checkExpression(
	expression: Expression,
	construct: string,
): asserts expression is Exclude<Expression, SubExpression> {
	if (expression.type === 'SubExpression') {
		throw new Unsupported(
			`${construct} (${where(expression.loc)}) uses a subexpression ( … ); inline templates support ${SUPPORTED}`,
		);
	}
}

function checkMustache(statement: MustacheStatement): void {
	if (statement.type === 'Decorator')
		throw new Unsupported(`decorators ({{* …}}, ${where(statement.loc)}) are not supported`);
	const path = statement.path;
	checkExpression(path, 'a placeholder');
	const name = String(path.original);
	const isHelperName =
		path.type === 'PathExpression' &&
		path.parts.length === 1 &&
		!path.data &&
		path.depth === 0 &&
		!/^\.|this\b/.test(path.original) &&
		HELPER_NAMES.has(path.parts[0]);
	if (statement.params.length > 0 || (statement.hash?.pairs.length ?? 0) > 0 || isHelperName) {
		throw new Unsupported(
			`{{${name}${isHelperName ? '' : ' …'}}} (${where(statement.loc)}) calls the helper "${name}"; inline templates support no helpers but the blocks ${BLOCKS.map((block) => `#${block}`).join(', ')}` +
				(isHelperName ? ` (for a variable named "${name}", write {{this.${name}}})` : ''),
		);
	}
	if (path.type === 'PathExpression') checkPath(path);
}

function checkPath(path: PathExpression): void {
	if (path.data && path.depth > 0)
		throw new Unsupported(
			`{{${path.original}}} (${where(path.loc)}) reads data of an outer block, which is not supported`,
		);
}

function checkBlock(block: BlockStatement): void {
	const name = block.path.original;
	if (block.type === 'DecoratorBlock')
		throw new Unsupported(
			`decorator blocks ({{#* ${name}}}, ${where(block.loc)}) are not supported`,
		);
	if (
		!BLOCKS.includes(name) ||
		block.path.parts.length !== 1 ||
		block.path.depth > 0 ||
		block.path.data
	) {
		throw new Unsupported(
			`the block {{#${name}}} (${where(block.loc)}) is not supported; inline templates support the blocks ${BLOCKS.map((b) => `#${b}`).join(', ')}`,
		);
	}
	if (block.params.length !== 1)
		throw new Unsupported(
			`{{#${name}}} (${where(block.loc)}) needs exactly one value, it has ${block.params.length}`,
		);
	checkExpression(block.params[0], `{{#${name}}}`);
	if (block.params[0].type === 'PathExpression') checkPath(block.params[0]);
	for (const pair of block.hash?.pairs ?? []) {
		const isIncludeZero =
			(name === 'if' || name === 'unless') &&
			pair.key === 'includeZero' &&
			pair.value.type === 'BooleanLiteral';
		if (!isIncludeZero)
			throw new Unsupported(
				`{{#${name}}} (${where(block.loc)}) has the option ${pair.key}=…, which is not supported`,
			);
	}
	if ((block.program?.blockParams?.length ?? 0) > 0)
		throw new Unsupported(
			`{{#${name} … as |…|}} (${where(block.loc)}): block parameters are not supported; use this and @index`,
		);
	if (block.program) checkProgram(block.program);
	if (block.inverse) checkProgram(block.inverse);
}

/** Rejects, before any rendering, everything outside the supported subset, naming the construct. */
function checkProgram(program: Program): void {
	for (const statement of program.body) {
		switch (statement.type) {
			case 'ContentStatement':
			case 'CommentStatement':
				break;
			case 'MustacheStatement':
			case 'Decorator':
				checkMustache(statement);
				break;
			case 'BlockStatement':
			case 'DecoratorBlock':
				checkBlock(statement);
				break;
			case 'PartialStatement':
			case 'PartialBlockStatement':
				throw new Unsupported(`partials ({{> …}}, ${where(statement.loc)}) are not supported`);
		}
	}
}

/**
 * A path's value. `strict` is Handlebars' strict mode for what a placeholder prints: every part must
 * exist. A block's value may lack its last part (`{{#if vip}}` is false when `vip` is missing), but
 * not a part before it.
 */
function lookup(path: PathExpression, context: unknown, scope: Scope, strict: boolean): unknown {
	let value = path.data ? scope.data : path.depth > 0 ? scope.depths[path.depth] : context;
	const parts = path.parts;
	for (const [index, part] of parts.entries()) {
		const last = index === parts.length - 1;
		if (
			value === null ||
			value === undefined ||
			(strict && last && (typeof value !== 'object' || !hasOwn(value, part)))
		) {
			throw new Undefined(path.original);
		}
		value = own(value, part);
	}
	return value;
}

function evaluate(
	expression: Expression,
	context: unknown,
	scope: Scope,
	strict: boolean,
): unknown {
	switch (expression.type) {
		case 'PathExpression':
			return lookup(expression, context, scope, strict);
		case 'SubExpression':
			throw new Unsupported('subexpressions are not supported');
		default:
			// As in Handlebars, a literal placeholder such as {{1}} or {{"first name"}} names a variable.
			if (!strict) return expression.value;
			return lookup(
				{
					type: 'PathExpression',
					data: false,
					depth: 0,
					parts: [String(expression.original)],
					original: String(expression.original),
					loc: expression.loc,
				},
				context,
				scope,
				true,
			);
	}
}

/** What a placeholder prints: nothing for null and undefined, JavaScript's string conversion otherwise. */
function print(value: unknown, statement: MustacheStatement): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'function')
		throw new Unsupported(
			`{{${String((statement.path as PathExpression).original)}}} is a function, which inline templates do not call`,
		);
	// A prototype-less object has no toString; Handlebars' conversion would throw on it.
	if (isObject(value) && Object.getPrototypeOf(value) === null) return '[object Object]';
	// Concatenation, not String(): the conversion Handlebars applies, valueOf before toString.
	return '' + (value as string);
}

function renderBlock(block: BlockStatement, context: unknown, scope: Scope): string {
	const value = evaluate(block.params[0], context, scope, false);
	const self = context ?? NULL_CONTEXT;
	const fn = (inner: unknown, data?: Record<string, unknown>) =>
		block.program ? renderProgram(block.program, inner, enter(scope, inner, data)) : '';
	const inverse = () =>
		block.inverse ? renderProgram(block.inverse, self, enter(scope, self)) : '';
	const includeZero =
		block.hash?.pairs.some(
			(pair) =>
				pair.key === 'includeZero' &&
				pair.value.type === 'BooleanLiteral' &&
				pair.value.value === true,
		) ?? false;
	switch (block.path.original) {
		case 'if':
			return isTrue(value, includeZero) ? fn(self) : inverse();
		case 'unless':
			return isTrue(value, includeZero) ? inverse() : fn(self);
		case 'with':
			return isEmpty(value) ? inverse() : fn(value);
		default:
			return renderEach(value, fn, inverse, scope);
	}
}

/** Handlebars' `#each`: a list by index, an object by its own keys; `{{else}}` when nothing was iterated. */
function renderEach(
	value: unknown,
	fn: (inner: unknown, data: Record<string, unknown>) => string,
	inverse: () => string,
	scope: Scope,
): string {
	if (value === null || typeof value !== 'object') return inverse();
	const source = value as Record<string, unknown>;
	const keys = Array.isArray(value)
		? value.flatMap((_, index) => (index in value ? [index] : []))
		: Object.keys(source);
	if (keys.length === 0) return inverse();
	let text = '';
	for (const [position, key] of keys.entries()) {
		const data = {
			...scope.data,
			key,
			index: position,
			first: position === 0,
			last: position === keys.length - 1,
		};
		text += fn(source[key], data);
	}
	return text;
}

function renderProgram(program: Program, context: unknown, scope: Scope): string {
	let text = '';
	for (const statement of program.body as Statement[]) {
		switch (statement.type) {
			case 'ContentStatement':
				text += statement.value;
				break;
			case 'MustacheStatement':
				text += print(evaluate(statement.path, context, scope, true), statement);
				break;
			case 'BlockStatement':
				text += renderBlock(statement, context, scope);
				break;
			default:
				break;
		}
	}
	return text;
}
