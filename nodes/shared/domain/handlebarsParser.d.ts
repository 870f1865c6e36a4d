// Handlebars' parser entry (the package's types cover only its main entry, which also loads the compiler).
declare module 'handlebars/dist/cjs/handlebars/compiler/base' {
	export function parse(input: string, options?: { ignoreStandalone?: boolean }): unknown;
}
