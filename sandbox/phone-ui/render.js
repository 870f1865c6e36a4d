// @ts-check
// Builds the DOM of one message as the customer's phone shows it. Every text goes in through
// textContent or an attribute set by the DOM API, never as HTML, so no message body or template
// field can inject markup.

const URL_PATTERN = /https?:\/\/[^\s<>"']+/g;
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/;

/**
 * @param {string} tag
 * @param {Record<string, string | boolean | undefined>} [attributes]
 * @param {Array<Node | string | null | undefined | false>} [children]
 */
export function el(tag, attributes = {}, children = []) {
	const node = document.createElement(tag);
	for (const [name, value] of Object.entries(attributes)) {
		if (value === undefined || value === false) continue;
		if (name === 'text') node.textContent = String(value);
		else node.setAttribute(name, value === true ? '' : value);
	}
	for (const child of children) {
		if (child === null || child === undefined || child === false) continue;
		node.append(typeof child === 'string' ? document.createTextNode(child) : child);
	}
	return node;
}

/** Only web links open from the phone; anything else (javascript:, data:) stays text. @param {string} url */
function isWebUrl(url) {
	try {
		const parsed = new URL(url);
		return parsed.protocol === 'http:' || parsed.protocol === 'https:';
	} catch {
		return false;
	}
}

/** @param {string} href @param {string} label @param {string} [className] */
function link(href, label, className) {
	return el('a', {
		href,
		target: '_blank',
		rel: 'noopener noreferrer',
		class: className,
		text: label,
	});
}

/**
 * Text with its line breaks (kept by CSS) and its web addresses as links.
 * @param {string} text
 */
export function richText(text, className = 'text') {
	const p = el('p', { class: className });
	let at = 0;
	for (const match of text.matchAll(URL_PATTERN)) {
		const url = match[0].replace(TRAILING_PUNCTUATION, '');
		const start = /** @type {number} */ (match.index);
		if (!url || !isWebUrl(url)) continue;
		p.append(document.createTextNode(text.slice(at, start)), link(url, url));
		at = start + url.length;
	}
	p.append(document.createTextNode(text.slice(at)));
	return p;
}

/** The file name at the end of a URL, for placeholders and labels. @param {string | null} url */
function fileName(url) {
	if (!url) return 'file kept by the sandbox';
	try {
		return decodeURIComponent(new URL(url).pathname.split('/').pop() || url);
	} catch {
		return url;
	}
}

/**
 * A media file: the sandbox's own files as they are; others as a labelled placeholder, since the
 * sandbox works offline and never fetches media.
 * @param {{ url: string | null, contentType: string, local?: boolean }} media
 */
export function mediaView(media) {
	const kind = media.contentType.split('/')[0];
	const name = fileName(media.url);
	if (media.local && media.url && kind === 'image') {
		return el('figure', { class: 'media' }, [el('img', { src: media.url, alt: `Image ${name}` })]);
	}
	const label = `${kind === 'image' || kind === 'video' || kind === 'audio' ? kind[0].toUpperCase() + kind.slice(1) : 'File'} ${name}`;
	return el(
		'figure',
		{
			class: `media placeholder media-${kind}`,
			role: 'img',
			'aria-label': `${label} (not fetched offline)`,
		},
		[
			el('span', {
				class: 'media-kind',
				'aria-hidden': 'true',
				text:
					kind === 'image' || kind === 'video' || kind === 'audio' ? kind.toUpperCase() : 'FILE',
			}),
			el('figcaption', {}, [
				media.url && isWebUrl(media.url) ? link(media.url, name) : el('span', { text: name }),
				media.contentType.includes('/') ? el('small', { text: media.contentType }) : null,
			]),
		],
	);
}

/**
 * @typedef {{ reply: (answer: { body: string, buttonPayload?: string, buttonText?: string }) => void,
 *   copy: (text: string) => void }} Actions
 */

/** A reply button: its title becomes the answer's text, its id the `ButtonPayload`. @param {{ title: string, id?: string }} action @param {Actions} actions */
function replyButton(action, actions, className = 'action reply') {
	const button = el('button', {
		type: 'button',
		class: className,
		'data-payload': action.id ?? action.title,
		text: action.title,
	});
	button.addEventListener('click', () =>
		actions.reply({
			body: action.title,
			buttonPayload: action.id ?? action.title,
			buttonText: action.title,
		}),
	);
	return button;
}

/**
 * One button of a card, call-to-action or carousel: a link, a phone call, a quick reply or a code to copy.
 * @param {Record<string, any>} action @param {Actions} actions
 */
function actionView(action, actions) {
	const title = String(action.title ?? action.copy_code_text ?? action.type);
	switch (action.type) {
		case 'URL':
			return isWebUrl(String(action.url))
				? link(String(action.url), title, 'action url')
				: el('span', { class: 'action disabled', text: `${title} (${action.url})` });
		case 'PHONE_NUMBER':
			return el('a', {
				class: 'action phone',
				href: `tel:${String(action.phone ?? '')}`,
				text: `${title} · ${action.phone ?? ''}`,
			});
		case 'QUICK_REPLY':
			return replyButton({ title, id: action.id }, actions);
		case 'COPY_CODE': {
			const button = el('button', { type: 'button', class: 'action copy', text: title });
			button.addEventListener('click', () => actions.copy(String(action.code ?? '')));
			return button;
		}
		default:
			return el('span', { class: 'action disabled', text: `${title} (${action.type})` });
	}
}

/** @param {any[] | undefined} list @param {Actions} actions */
function actionsView(list, actions) {
	if (!Array.isArray(list) || !list.length) return null;
	return el(
		'div',
		{ class: 'actions', role: 'group', 'aria-label': 'Message buttons' },
		list.map((a) => actionView(a, actions)),
	);
}

/** @param {unknown} media */
const mediaList = (media) =>
	(Array.isArray(media) ? media : typeof media === 'string' && media ? [media] : []).map((url) =>
		mediaView({ url: String(url), contentType: 'image' }),
	);

/** A menu that opens under its button (list-picker, catalog). @param {string} label @param {Node[]} items @param {string} className */
function disclosure(label, items, className) {
	const id = `menu-${Math.random().toString(36).slice(2)}`;
	const button = el('button', {
		type: 'button',
		class: 'action menu-button',
		'aria-expanded': 'false',
		'aria-controls': id,
		text: label,
	});
	const panel = el('div', { id, class: `menu ${className}`, hidden: true }, items);
	button.addEventListener('click', () => {
		const open = button.getAttribute('aria-expanded') !== 'true';
		button.setAttribute('aria-expanded', String(open));
		panel.hidden = !open;
	});
	return [button, panel];
}

/**
 * The parts of a template message, by content type, from the filled-in definition.
 * @param {string} type
 * @param {Record<string, any>} spec
 * @param {Actions} actions
 * @returns {Array<Node | null>}
 */
function templateParts(type, spec, actions) {
	const body = (/** @type {unknown} */ text) =>
		typeof text === 'string' && text ? richText(text) : null;
	switch (type) {
		case 'twilio/text':
			return [body(spec.body)];
		case 'twilio/media':
			return [...mediaList(spec.media), body(spec.body)];
		case 'twilio/quick-reply':
			return [
				body(spec.body),
				el(
					'div',
					{ class: 'actions', role: 'group', 'aria-label': 'Quick replies' },
					(spec.actions ?? []).map((/** @type {any} */ a) => replyButton(a, actions)),
				),
			];
		case 'twilio/call-to-action':
			return [body(spec.body), actionsView(spec.actions, actions)];
		case 'twilio/list-picker': {
			const items = (spec.items ?? []).map((/** @type {any} */ item) => {
				const button = replyButton({ title: item.item, id: item.id }, actions, 'list-item');
				if (item.description) button.append(el('small', { text: item.description }));
				return el('li', {}, [button]);
			});
			return [
				body(spec.body),
				...disclosure(
					String(spec.button ?? 'Options'),
					[el('ul', { 'aria-label': String(spec.button ?? 'Options') }, items)],
					'list-picker',
				),
			];
		}
		case 'twilio/card':
			return [
				...mediaList(spec.media),
				spec.title ? el('p', { class: 'card-title', text: spec.title }) : null,
				spec.subtitle ? el('p', { class: 'card-subtitle', text: spec.subtitle }) : null,
				actionsView(spec.actions, actions),
			];
		case 'whatsapp/card':
			return [
				spec.header_text ? el('p', { class: 'card-title', text: spec.header_text }) : null,
				...mediaList(spec.media),
				body(spec.body),
				spec.footer ? el('p', { class: 'footer', text: spec.footer }) : null,
				actionsView(spec.actions, actions),
			];
		case 'twilio/carousel':
			return [
				body(spec.body),
				el(
					'ul',
					{ class: 'carousel', 'aria-label': 'Cards', tabindex: '0' },
					(spec.cards ?? []).map((/** @type {any} */ card) =>
						el('li', { class: 'carousel-card' }, [
							...mediaList(card.media),
							card.title ? el('p', { class: 'card-title', text: card.title }) : null,
							body(card.body),
							actionsView(card.actions, actions),
						]),
					),
				),
			];
		case 'twilio/catalog': {
			const items = (spec.items ?? []).map((/** @type {any} */ item) =>
				el('li', { class: 'catalog-item' }, [
					item.media_url ? mediaView({ url: String(item.media_url), contentType: 'image' }) : null,
					el('span', { class: 'card-title', text: item.name ?? item.id }),
					item.section_title ? el('small', { text: item.section_title }) : null,
					item.price !== undefined ? el('small', { text: `Price ${item.price}` }) : null,
					item.description ? el('small', { text: item.description }) : null,
				]),
			);
			return [
				spec.title ? el('p', { class: 'card-title', text: spec.title }) : null,
				body(spec.body),
				spec.subtitle ? el('p', { class: 'footer', text: spec.subtitle }) : null,
				...disclosure(
					spec.dynamic_items ? 'View items (chosen at send time)' : 'View items',
					[el('ul', { 'aria-label': 'Catalog items' }, items)],
					'catalog',
				),
			];
		}
		case 'whatsapp/authentication': {
			const code = /^\S+/.exec(String(spec.body ?? ''))?.[0] ?? '';
			const copyActions = (spec.actions ?? []).map((/** @type {any} */ a) => ({ ...a, code }));
			return [
				body(spec.body),
				spec.code_expiration_minutes
					? el('p', {
							class: 'footer',
							text: `This code expires in ${spec.code_expiration_minutes} minutes.`,
						})
					: null,
				actionsView(copyActions, actions),
			];
		}
		case 'twilio/location': {
			const where = `${spec.latitude}, ${spec.longitude}`;
			return [
				el('p', { class: 'location', text: `Location: ${spec.label ?? where}` }),
				spec.address ? el('p', { class: 'footer', text: spec.address }) : null,
				el('p', { class: 'footer', text: where }),
			];
		}
		default:
			return [
				body(spec.body ?? spec.title),
				el('p', { class: 'footer', text: `(${type} is shown as its text only)` }),
			];
	}
}

/**
 * The content of a message bubble. SMS and MMS phones show only text and media, whatever the
 * template; the other channels show the template's own layout.
 * @param {any} message the page API's message
 * @param {Actions} actions
 */
export function bubbleContent(message, actions) {
	const parts = [];
	if (message.template && message.channel !== 'sms') {
		parts.push(...templateParts(message.template.type, message.template.spec, actions));
	} else {
		parts.push(...message.media.map(mediaView));
		if (message.body) parts.push(richText(message.body));
	}
	if (!parts.some(Boolean)) parts.push(el('p', { class: 'text empty', text: '(empty message)' }));
	return parts.filter(Boolean);
}
