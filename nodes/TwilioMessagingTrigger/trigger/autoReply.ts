import type { IDataObject } from 'n8n-workflow';
import { InlineTemplates } from '../../shared/domain';
import type { FieldText } from '../../shared/templateField';
import { characterNotInXml } from './twiml';

export interface AutoReply extends IDataObject {
	/** The text Twilio was asked to send back, or null when no reply was sent. */
	text: string | null;
	skippedBecause: string | null;
}

// One per process: each distinct reply text is compiled once, not on every message.
const templates = new InlineTemplates();

/**
 * Renders the auto-reply over the output item's fields (`{{body}}`, `{{whatsapp.profileName}}`,
 * `{{parameters.FromCity}}`); `source` is the reply text with its n8n expressions already evaluated.
 */
export function renderAutoReply(source: FieldText, item: IDataObject): AutoReply {
	if ((item.optOut as IDataObject | null)?.type === 'STOP') {
		return {
			text: null,
			skippedBecause:
				'the message opts out (STOP): Twilio confirms it itself and blocks further messages to the sender',
		};
	}
	if (!source.ok) return { text: null, skippedBecause: `the reply text ${source.reason}` };
	const rendered = templates.render(source.text, item);
	if (!rendered.ok) return { text: null, skippedBecause: `the reply text ${rendered.reason}` };
	if (rendered.text.trim() === '') return { text: null, skippedBecause: 'the reply text is empty' };
	const notXml = characterNotInXml(rendered.text);
	if (notXml !== undefined) return { text: null, skippedBecause: `the reply text ${notXml}` };
	return { text: rendered.text, skippedBecause: null };
}
