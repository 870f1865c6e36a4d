import type { ServerResponse } from 'http';
// The TwiML builder alone: the package's main entry also loads the whole REST client.
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse';

export function emptyTwiml(): string {
	return new MessagingResponse().toString();
}

export function replyTwiml(text: string): string {
	const response = new MessagingResponse();
	response.message(text);
	return response.toString();
}

// Node's own response methods, which n8n's express response also has.
export function writeTwiml(res: ServerResponse, twiml: string): void {
	res.writeHead(200, { 'Content-Type': 'text/xml; charset=utf-8' });
	res.end(twiml);
}

export function writeStatus(res: ServerResponse, statusCode: number): void {
	res.writeHead(statusCode, { 'Content-Type': 'text/plain; charset=utf-8' });
	res.end();
}
