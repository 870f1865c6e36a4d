/*
 * Handlebars' own parser (lexer, grammar and whitespace control), without its compiler: templates
 * are interpreted from this tree, never turned into code. The build bundles this module with the
 * parser's sources into dist, so the package needs no runtime dependency.
 */
import { parse } from 'handlebars/dist/cjs/handlebars/compiler/base';

export interface SourcePosition {
	line: number;
	column: number;
}

export interface SourceLocation {
	start: SourcePosition;
	end: SourcePosition;
}

interface Node {
	loc: SourceLocation;
}

export interface Program extends Node {
	type: 'Program';
	body: Statement[];
	blockParams?: string[];
}

export interface PathExpression extends Node {
	type: 'PathExpression';
	data: boolean;
	depth: number;
	parts: string[];
	original: string;
}

export interface Literal extends Node {
	type: 'StringLiteral' | 'NumberLiteral' | 'BooleanLiteral' | 'UndefinedLiteral' | 'NullLiteral';
	value: unknown;
	original: unknown;
}

export interface SubExpression extends Node {
	type: 'SubExpression';
}

export type Expression = PathExpression | Literal | SubExpression;

export interface Hash extends Node {
	pairs: Array<{ key: string; value: Expression }>;
}

export interface MustacheStatement extends Node {
	type: 'MustacheStatement' | 'Decorator';
	path: Expression;
	params: Expression[];
	hash?: Hash;
}

export interface BlockStatement extends Node {
	type: 'BlockStatement' | 'DecoratorBlock';
	path: PathExpression;
	params: Expression[];
	hash?: Hash;
	program?: Program;
	inverse?: Program;
}

export interface ContentStatement extends Node {
	type: 'ContentStatement';
	/** The text after whitespace control (`~` and standalone lines) has been applied. */
	value: string;
}

export interface OtherStatement extends Node {
	type: 'CommentStatement' | 'PartialStatement' | 'PartialBlockStatement';
}

export type Statement = MustacheStatement | BlockStatement | ContentStatement | OtherStatement;

/** Parses with Handlebars' grammar and applies its whitespace control; throws Handlebars' parse errors. */
export function parseTemplate(source: string): Program {
	return parse(source) as Program;
}
