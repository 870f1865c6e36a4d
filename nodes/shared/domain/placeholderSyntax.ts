/**
 * Handlebars placeholders and n8n expressions are both written `{{ … }}`. n8n's editor turns a field
 * into an expression as soon as a value with `{{` is pasted, so the node tells them apart by what
 * stands between the braces: a name, a path or a block tag of the supported Handlebars subset is a
 * placeholder; anything else (`$json.name`, a call, an operator, a literal) is an n8n expression.
 */
const NAME = String.raw`(?:[A-Za-z_][\w-]*|\d+|\[[^\]]+\])`;
const PATH = String.raw`(?:@root|@index|@key|@first|@last|this|\.\.|${NAME})(?:[./](?:${NAME}|\.\.))*`;
const BLOCK = 'if|unless|each|with';
const TAG = new RegExp(
	String.raw`^~?\s*(?:![\s\S]*|[#^]\s*(?:${BLOCK})\s+${PATH}|\/\s*(?:${BLOCK})|else(?:\s+if\s+${PATH})?|\^|&?\s*${PATH})\s*~?$`,
);

/** Whether the text between `{{` and `}}` is a Handlebars placeholder or block tag. */
export function isPlaceholderTag(inside: string): boolean {
	return TAG.test(inside);
}
