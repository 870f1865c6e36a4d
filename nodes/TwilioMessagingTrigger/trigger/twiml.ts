const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>';

/** XML 1.0's Char production: tab, newline, carriage return and everything from U+0020 but surrogates, U+FFFE and U+FFFF. */
function isXmlCharacter(code: number): boolean {
	return (
		code === 0x9 ||
		code === 0xa ||
		code === 0xd ||
		(code >= 0x20 && code <= 0xd7ff) ||
		(code >= 0xe000 && code <= 0xfffd) ||
		code >= 0x10000
	);
}

/** Where `text` has a character XML cannot carry (even escaped), as a message naming it; undefined when it has none. */
export function characterNotInXml(text: string): string | undefined {
	let index = 0;
	// Iterating code points pairs surrogates; an unpaired one comes out alone and is refused.
	for (const character of text) {
		const code = character.codePointAt(0) ?? 0;
		if (!isXmlCharacter(code)) {
			const hex = code.toString(16).toUpperCase().padStart(4, '0');
			return `has the character U+${hex} at position ${index + 1}, which XML (and so TwiML) cannot carry`;
		}
		index += character.length;
	}
	return undefined;
}

/** Text content: `&` and `<` would start markup, `>` closes `]]>`, a carriage return would be read as a newline. */
function escapeText(text: string): string {
	return text
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/\r/g, '&#xD;');
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
