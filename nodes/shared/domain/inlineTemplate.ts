import Handlebars from 'handlebars';

/**
 * The variables without a prototype, so `{{toString}}` or `{{constructor}}` is a variable like any
 * other: its value when given, "not defined" when not — never a member of Object.prototype.
 */
function ownScope(variables: Record<string, unknown>): Record<string | symbol, unknown> {
	const scope: Record<string | symbol, unknown> = Object.assign(Object.create(null), variables);
	// Handlebars writes the scope into its "not defined" message.
	scope[Symbol.toPrimitive] = () => 'the variables';
	return scope;
}

export type RenderResult = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Renders inline messages with Handlebars. Each distinct template source is compiled once per
 * instance (one instance per node execution), however many items use it. Output is not HTML-escaped
 * (these are text messages), and a variable that is defined nowhere is an error, not an empty string.
 */
export class InlineTemplates {
	private readonly compiled = new Map<string, Handlebars.TemplateDelegate | Error>();

	private readonly handlebars = Handlebars.create();

	private readonly written = new Map<string, ReadonlySet<string>>();

	render(source: string, variables: Record<string, unknown>): RenderResult {
		if (!source.includes('{{')) return { ok: true, text: source };
		const template = this.compile(source);
		if (template instanceof Error) return { ok: false, reason: `is not a valid template: ${template.message}` };
		try {
			return { ok: true, text: template(ownScope(variables)) };
		} catch (error) {
			const missing = /"([^"]+)" not defined/.exec((error as Error).message)?.[1];
			if (missing !== undefined) {
				return {
					ok: false,
					reason: `uses the variable "${missing}", which is not defined: add it under Inline Variables or to the input item`,
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
			names = this.findOutputVariables(source);
			this.written.set(source, names);
		}
		return names;
	}

	private findOutputVariables(source: string): Set<string> {
		const names = new Set<string>();
		if (!source.includes('{{')) return names;
		let program: hbs.AST.Program;
		try {
			program = this.handlebars.parse(source);
		} catch {
			return names;
		}
		// `guarded`: names tested by an enclosing #if (or #unless, in its else): empty, that branch is not written.
		const visit = (statements: hbs.AST.Statement[], guarded: ReadonlySet<string>) => {
			for (const statement of statements) {
				if (statement.type === 'MustacheStatement') {
					const path = (statement as hbs.AST.MustacheStatement).path as hbs.AST.PathExpression;
					const name = path.parts?.[0];
					if (path.type === 'PathExpression' && !path.data && path.depth === 0 && name !== undefined && !guarded.has(name)) names.add(name);
				} else if (statement.type === 'BlockStatement') {
					const block = statement as hbs.AST.BlockStatement;
					const helper = (block.path as hbs.AST.PathExpression).original;
					if (helper === 'each' || helper === 'with') continue;
					const tested = block.params[0]?.type === 'PathExpression' ? (block.params[0] as hbs.AST.PathExpression).parts[0] : undefined;
					const withTested = tested === undefined ? guarded : new Set([...guarded, tested]);
					if (block.program) visit(block.program.body, helper === 'if' ? withTested : guarded);
					if (block.inverse) visit(block.inverse.body, helper === 'unless' ? withTested : guarded);
				}
			}
		};
		visit(program.body, new Set());
		return names;
	}

	private compile(source: string): Handlebars.TemplateDelegate | Error {
		let template = this.compiled.get(source);
		if (template === undefined) {
			try {
				// Handlebars compiles lazily; parsing first surfaces syntax errors here, once, not per item.
				this.handlebars.parse(source);
				template = this.handlebars.compile(source, { strict: true, noEscape: true });
			} catch (error) {
				template = new Error(((error as Error).message ?? '').split('\n')[0]);
			}
			this.compiled.set(source, template);
		}
		return template;
	}
}
