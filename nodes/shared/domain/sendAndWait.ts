/**
 * Send and Wait for Response: the choices a person gets, the text that carries them, the wait
 * limit, and the link buttons of Content Templates that can carry a resume link.
 */

export type ResponseType = 'approval' | 'freeText' | 'customForm';

export interface ApprovalOptions {
	approvalType?: 'single' | 'double';
	approveLabel?: string;
	disapproveLabel?: string;
}

/** One link the person can open; `approved` is the resume link's `approved` query value. */
export interface Choice {
	label: string;
	approved: boolean;
}

/**
 * The links, as n8n's own send-and-wait nodes make them: one "Respond" link to a form, one
 * Approve link, or Disapprove then Approve. An empty label falls back to n8n's defaults.
 */
export function responseChoices(
	responseType: ResponseType,
	approval: ApprovalOptions = {},
	messageButtonLabel?: string,
): Choice[] {
	if (responseType !== 'approval')
		return [{ label: messageButtonLabel?.trim() || 'Respond', approved: true }];
	const approve = { label: approval.approveLabel?.trim() || 'Approve', approved: true };
	if (approval.approvalType !== 'double') return [approve];
	return [{ label: approval.disapproveLabel?.trim() || 'Disapprove', approved: false }, approve];
}

/**
 * n8n's send-and-wait nodes accept a typed `\n` and `<br>` as line breaks in the message; the
 * message is trimmed.
 */
export function normalizeMessage(message: string): string {
	return message.trim().replace(/\\n/g, '\n').replace(/<br>/g, '\n');
}

/** The text the person receives: the message, a blank line, then `Label: link` per choice. */
export function composeResponseText(
	message: string,
	links: Array<{ label: string; url: string }>,
): string {
	const lines = links.map(({ label, url }) => `${label}: ${url}`);
	return message ? `${message}\n\n${lines.join('\n')}` : lines.join('\n');
}

export interface WaitLimit {
	limitType?: 'afterTimeInterval' | 'atSpecifiedTime';
	resumeAmount?: number;
	resumeUnit?: 'minutes' | 'hours' | 'days';
	maxDateAndTime?: string;
}

const UNIT_MS = { minutes: 60_000, hours: 3_600_000, days: 86_400_000 } as const;

/**
 * When the wait ends without an answer (undefined: never), as n8n's Limit Wait Time computes it.
 * A limit that cannot be a date, or one already past, is rejected instead of resuming at once.
 */
export function waitLimitDate(
	limit: WaitLimit | undefined,
	now: Date,
): { ok: true; date?: Date } | { ok: false; reason: string } {
	if (!limit || Object.keys(limit).length === 0) return { ok: true };
	if ((limit.limitType ?? 'afterTimeInterval') === 'afterTimeInterval') {
		const amount = Number(limit.resumeAmount ?? 1);
		const unit = limit.resumeUnit ?? 'hours';
		if (!Number.isFinite(amount) || amount <= 0)
			return {
				ok: false,
				reason: `Amount must be a number greater than 0, not "${String(limit.resumeAmount)}"`,
			};
		if (!(unit in UNIT_MS))
			return { ok: false, reason: `Unit "${String(unit)}" is not minutes, hours or days` };
		return { ok: true, date: new Date(now.getTime() + amount * UNIT_MS[unit]) };
	}
	const date = new Date(String(limit.maxDateAndTime ?? ''));
	if (!limit.maxDateAndTime || Number.isNaN(date.getTime()))
		return {
			ok: false,
			reason: `Max Date and Time "${String(limit.maxDateAndTime ?? '')}" is not a date`,
		};
	if (date.getTime() <= now.getTime())
		return { ok: false, reason: `Max Date and Time ${date.toISOString()} is in the past` };
	return { ok: true, date };
}

/** User agents of link-preview fetchers, crawlers and HTTP libraries: no person is behind them. */
const AUTOMATED_USER_AGENT =
	/(?<!cu)bot\b|bot\/|crawl|spider|slurp|preview|facebookexternalhit|facebookcatalog|whatsapp|telegram|slack|discord|skype|teams|linkedin|pinterest|embedly|vkshare|snapchat|viber|line\/|kakaotalk|google-|bingpreview|yandex|baidu|duckduck|qwant|headless|lighthouse|curl|wget|python|go-http-client|okhttp|java\/|axios|node-fetch|undici|http_request|libwww|scrapy/i;

/**
 * Whether a request to a link comes from a messenger app building a link preview (or another
 * automated fetch) rather than from a person: those must not answer for the person. Like n8n's
 * own nodes, a request without a user agent counts as one.
 */
export function isLinkPreviewFetch(userAgent: string | undefined): boolean {
	return !userAgent || AUTOMATED_USER_AGENT.test(userAgent);
}

/** Content types whose URL buttons can carry a resume link. */
const LINK_BUTTON_CONTENT_TYPES = [
	'twilio/call-to-action',
	'twilio/card',
	'whatsapp/card',
] as const;

/** A URL button whose URL ends in a variable: `prefix` + the variable's value is where it links. */
export interface LinkButton {
	title: string;
	prefix: string;
	variable: string;
}

const VARIABLE_SUFFIX = /^(.*?)\{\{\s*([A-Za-z0-9_]+)\s*\}\}$/;

/** The URL buttons with a variable suffix in a template's `types`, in the template's order. */
export function linkButtonsOf(types: Record<string, unknown> | undefined): LinkButton[] {
	const buttons: LinkButton[] = [];
	for (const contentType of LINK_BUTTON_CONTENT_TYPES) {
		const actions = (types?.[contentType] as { actions?: unknown } | undefined)?.actions;
		if (!Array.isArray(actions)) continue;
		for (const action of actions as Array<Record<string, unknown>>) {
			if (String(action?.type ?? '').toUpperCase() !== 'URL') continue;
			const match = VARIABLE_SUFFIX.exec(String(action.url ?? '').trim());
			if (match)
				buttons.push({
					title: String(action.title ?? '').trim(),
					prefix: match[1],
					variable: match[2],
				});
		}
	}
	return buttons;
}

const LINK_BUTTON_EXAMPLE = 'https://your-n8n.example.com/webhook-waiting/{{1}}';

/**
 * Puts each choice's resume link into the variable of a template's link button. One choice and
 * one button go together; otherwise each choice needs the button titled like its label. The
 * button's fixed part must be the start of the link, so the button opens exactly the link.
 */
export function linkButtonVariables(
	buttons: LinkButton[],
	links: Array<{ label: string; url: string }>,
): { ok: true; variables: Record<string, string> } | { ok: false; reason: string } {
	if (buttons.length === 0) {
		return {
			ok: false,
			reason: `has no URL button whose URL ends in a variable, such as ${LINK_BUTTON_EXAMPLE}`,
		};
	}
	const variables: Record<string, string> = {};
	for (const link of links) {
		const button =
			links.length === 1 && buttons.length === 1
				? buttons[0]
				: buttons.find(
						(candidate) => candidate.title.toLowerCase() === link.label.trim().toLowerCase(),
					);
		if (!button) {
			const titles = buttons.map((candidate) => `"${candidate.title}"`).join(', ');
			return {
				ok: false,
				reason: `has no link button titled "${link.label}" for that choice (its link buttons: ${titles}); make the labels match the button titles`,
			};
		}
		if (!link.url.startsWith(button.prefix)) {
			return {
				ok: false,
				reason: `button "${button.title}" links to "${button.prefix}{{${button.variable}}}", but this n8n's resume links start differently (${link.url.split('?')[0]}); the button URL must be this n8n's waiting-webhook address followed by the variable, such as ${LINK_BUTTON_EXAMPLE}`,
			};
		}
		const value = link.url.slice(button.prefix.length);
		if (variables[button.variable] !== undefined && variables[button.variable] !== value) {
			return {
				ok: false,
				reason: `uses variable {{${button.variable}}} in two link buttons; each choice needs a button of its own`,
			};
		}
		variables[button.variable] = value;
	}
	return { ok: true, variables };
}
