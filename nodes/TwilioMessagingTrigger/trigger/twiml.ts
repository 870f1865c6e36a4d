const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/**
 * Characters XML 1.0 cannot carry at all, escaped or not: C0 controls other than tab, newline and
 * carriage return, U+FFFE, U+FFFF and unpaired surrogates.
 */
const NOT_XML = /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;

/** Where `text` has a character XML cannot carry, as a message naming it; undefined when it has none. */
export function characterNotInXml(text: string): string | undefined {
	const match = NOT_XML.exec(text);
	if (!match) return undefined;
	// The pattern may start one character early, at the character before a lone low surrogate.
	const index = match[0].length === 2 ? match.index + 1 : match.index;
	const code = text.charCodeAt(index).toString(16).toUpperCase().padStart(4, '0');
	return `has the character U+${code} at position ${index + 1}, which XML (and so TwiML) cannot carry`;
}

/** Text content: `&` and `<` would start markup, `>` closes `]]>`, a carriage return would be read as a newline. */
function escapeText(text: string): string {
	return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');
}

export function emptyTwiml(): string {
	return `${DECLARATION}<Response/>`;
}

/** TwiML that has Twilio send `text` back to the sender. Throws on a character XML cannot carry. */
export function replyTwiml(text: string): string {
	const invalid = characterNotInXml(text);
	if (invalid !== undefined) throw new Error(`The reply text ${invalid}`);
	const message = text === '' ? '<Message/>' : `<Message>${escapeText(text)}</Message>`;
	return `${DECLARATION}<Response>${message}</Response>`;
}

/** The parts of n8n's webhook response this node writes to (Node's own response methods, which express keeps). */
export interface WebhookResponse {
	writeHead(statusCode: number, headers: Record<string, string>): unknown;
	end(body?: string): unknown;
}

export function writeTwiml(res: WebhookResponse, twiml: string): void {
	res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
	res.end(twiml);
}

export function writeStatus(res: WebhookResponse, statusCode: number): void {
	res.writeHead(statusCode, { 'Content-Type': 'text/plain; charset=utf-8' });
	res.end();
}
