import Handlebars from 'handlebars';

export type RenderResult = { ok: true; text: string } | { ok: false; reason: string };

/**
 * Renders inline messages with Handlebars. Each distinct template source is compiled once per
 * instance (one instance per node execution), however many items use it. Output is not HTML-escaped
 * (these are text messages), and a variable that is defined nowhere is an error, not an empty string.
 */
export class InlineTemplates {
	private readonly compiled = new Map<string, Handlebars.TemplateDelegate | Error>();

	private readonly handlebars = Handlebars.create();

	render(source: string, variables: Record<string, unknown>): RenderResult {
		if (!source.includes('{{')) return { ok: true, text: source };
		const template = this.compile(source);
		if (template instanceof Error) return { ok: false, reason: `is not a valid template: ${template.message}` };
		try {
			return { ok: true, text: template(variables) };
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
