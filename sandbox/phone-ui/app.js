// @ts-check
// The sandbox's phone: the conversations the sandbox holds, as each customer sees them, and the
// customer's answers, sent through the sandbox's inbound simulation (POST /sandbox/inbound).
import { el, bubbleContent } from './render.js';

const CHANNELS = { sms: 'SMS', whatsapp: 'WhatsApp', messenger: 'Messenger', rcs: 'RCS' };
const STATUS_LABELS = {
	accepted: 'Accepted',
	scheduled: 'Scheduled',
	queued: 'Queued',
	sending: 'Sending',
	sent: 'Sent',
	delivered: 'Delivered',
	read: 'Read',
	failed: 'Failed',
	undelivered: 'Undelivered',
	canceled: 'Canceled',
	received: 'Sent by you',
};
const SAMPLE_IMAGE = { url: `${location.origin}/phone/sample.png`, contentType: 'image/png' };

const $ = (/** @type {string} */ id) => /** @type {HTMLElement} */ (document.getElementById(id));

const view = {
	/** @type {any[]} */ conversations: [],
	/** @type {any} */ business: null,
	/** @type {string | null} */ selected: null,
	/** A conversation opened with "New" that has no message yet. @type {{ id: string, channel: string, address: string, business: string } | null} */
	draft: null,
	attach: false,
	/** Elements of the shown thread by message SID, with the signature of what they show. @type {Map<string, { key: string, node: HTMLElement }>} */
	shown: new Map(),
};

const time = (/** @type {string} */ at) =>
	new Date(at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
const channelName = (/** @type {string} */ channel) =>
	CHANNELS[/** @type {keyof typeof CHANNELS} */ (channel)] ?? channel;

async function getJson(/** @type {string} */ path) {
	const response = await fetch(path, { cache: 'no-store' });
	if (!response.ok) throw new Error(`${path} answered ${response.status}`);
	return response.json();
}

function statusText(/** @type {any} */ m) {
	const label = STATUS_LABELS[/** @type {keyof typeof STATUS_LABELS} */ (m.status)] ?? m.status;
	if (m.status === 'scheduled' && m.sendAt)
		return `${label} for ${new Date(m.sendAt).toLocaleString()}`;
	if (m.errorCode)
		return `${label} · error ${m.errorCode}${m.errorMessage ? ` ${m.errorMessage}` : ''}`;
	return label;
}

function preview(/** @type {any} */ m) {
	if (m.template && m.channel !== 'sms')
		return (
			m.template.spec.body ||
			m.template.spec.title ||
			m.template.spec.header_text ||
			`[${m.template.type}]`
		);
	if (m.body) return m.body;
	return m.media.length ? `[${m.media.length} attachment${m.media.length > 1 ? 's' : ''}]` : '';
}

/** The conversation the page shows, the draft included. */
function current() {
	if (
		view.draft &&
		view.draft.id === view.selected &&
		!view.conversations.some((c) => c.id === view.draft?.id)
	) {
		return {
			id: view.draft.id,
			channel: view.draft.channel,
			address: view.draft.address,
			messages: [],
		};
	}
	return view.conversations.find((c) => c.id === view.selected) ?? null;
}

function renderList() {
	const list = $('conversation-list');
	const items = [...view.conversations];
	if (view.draft && !items.some((c) => c.id === view.draft?.id))
		items.unshift({ ...view.draft, messages: [] });
	$('no-conversations').hidden = items.length > 0;
	// A reload rebuilds the list: the conversation that had the focus gets it back.
	const focused = document.activeElement?.getAttribute('data-conversation');
	list.replaceChildren(
		...items.map((c) => {
			const last = c.messages[c.messages.length - 1];
			const button = el(
				'button',
				{
					type: 'button',
					class: 'conversation',
					'data-conversation': c.id,
					'aria-current': c.id === view.selected ? 'true' : undefined,
				},
				[
					el('span', { class: `channel channel-${c.channel}`, text: channelName(c.channel) }),
					el('span', { class: 'address', text: c.address }),
					last ? el('time', { datetime: last.createdAt, text: time(last.createdAt) }) : null,
					el('span', {
						class: 'preview',
						text: last
							? `${last.direction === 'inbound' ? 'You: ' : ''}${preview(last)}`
							: 'New conversation',
					}),
				],
			);
			button.addEventListener('click', () => select(c.id));
			return el('li', {}, [button]);
		}),
	);
	if (focused)
		/** @type {HTMLElement | null} */ (
			list.querySelector(`[data-conversation="${CSS.escape(focused)}"]`)
		)?.focus();
}

const actions = {
	reply: (/** @type {{ body: string, buttonPayload?: string, buttonText?: string }} */ answer) =>
		void send(answer),
	copy: (/** @type {string} */ text) => {
		navigator.clipboard?.writeText(text).then(
			() => say(`Copied ${text}`),
			() => say(`Code: ${text}`),
		);
	},
};

function say(/** @type {string} */ text, isError = false) {
	const result = $('send-result');
	result.textContent = text;
	result.classList.toggle('error', isError);
}

/** What a message element shows apart from its status, to know when to rebuild it. */
const contentKey = (/** @type {any} */ m) =>
	JSON.stringify([m.body, m.template, m.media, m.business, m.webhook]);

function webhookNote(/** @type {any} */ m) {
	const w = m.webhook;
	if (!w) return el('p', { class: 'webhook pending', text: 'Delivering to the webhook…' });
	if (!w.url)
		return el('p', {
			class: 'webhook error',
			text: 'No webhook URL on this number or service: nothing was notified',
		});
	const ok = w.status !== null && w.status < 400;
	return el('p', {
		class: `webhook ${ok ? 'ok' : 'error'}`,
		title: w.url,
		text: `Webhook ${w.status ?? w.error} · ${w.url}`,
	});
}

function messageNode(/** @type {any} */ m) {
	const outbound = m.direction === 'outbound';
	const li = el(
		'li',
		{ class: `msg ${outbound ? 'from-business' : 'from-customer'}`, 'data-sid': m.sid },
		[
			outbound
				? el('p', {
						class: 'sender',
						text: `${m.business ?? m.businessName ?? 'Messaging Service'}${m.template ? ` · ${m.template.friendlyName} (${m.template.type})` : ''}`,
					})
				: null,
			el('div', { class: 'bubble' }, bubbleContent(m, actions)),
			el('p', { class: 'meta' }, [
				el('time', { datetime: m.createdAt, text: time(m.createdAt) }),
				' · ',
				el('span', { class: 'status' }),
			]),
			outbound ? null : webhookNote(m),
		],
	);
	return li;
}

function replyNodes(/** @type {any} */ m) {
	return (m.webhook?.replies ?? []).map((/** @type {string} */ text, /** @type {number} */ i) => {
		const reply = {
			sid: `${m.sid}-reply-${i}`,
			direction: 'outbound',
			channel: m.channel,
			body: text,
			media: [],
			template: null,
		};
		return el('li', { class: 'msg from-business twiml', 'data-sid': reply.sid }, [
			el('p', { class: 'sender', text: `${m.business} · TwiML reply from the webhook` }),
			el('div', { class: 'bubble' }, bubbleContent(reply, actions)),
		]);
	});
}

function setStatus(/** @type {HTMLElement} */ node, /** @type {any} */ m) {
	const status = /** @type {HTMLElement | null} */ (node.querySelector('.status'));
	if (!status) return;
	status.textContent = statusText(m);
	status.dataset.status = m.status;
	status.title = m.history
		.map(
			(/** @type {any} */ h) =>
				`${time(h.at)} ${h.status}${h.errorCode ? ` (${h.errorCode})` : ''}`,
		)
		.join(' → ');
	status.classList.toggle('error', ['failed', 'undelivered'].includes(m.status));
}

function renderThread() {
	const c = current();
	const list = $('messages');
	$('composer').hidden = !c;
	document.body.classList.toggle('has-thread', Boolean(c));
	if (!c) {
		$('thread-title').textContent = 'Choose a conversation';
		$('thread-sub').textContent = '';
		list.replaceChildren();
		view.shown.clear();
		return;
	}
	$('thread-title').textContent = `${channelName(c.channel)} ${c.address}`;
	$('thread-sub').textContent = c.messages.length
		? `${c.messages.length} message${c.messages.length > 1 ? 's' : ''}`
		: 'No messages yet';
	const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
	const nodes = [];
	const next = new Map();
	for (const m of c.messages) {
		const key = contentKey(m);
		const known = view.shown.get(m.sid);
		const node = known && known.key === key ? known.node : messageNode(m);
		setStatus(node, m);
		next.set(m.sid, { key, node });
		nodes.push(node, ...replyNodes(m));
	}
	view.shown = next;
	// Keep the nodes that did not change, so focus and open menus stay where they are.
	nodes.forEach((node, i) => {
		if (list.children[i] !== node) list.insertBefore(node, list.children[i] ?? null);
	});
	while (list.children.length > nodes.length) list.lastElementChild?.remove();
	if (atBottom) list.scrollTop = list.scrollHeight;
	renderReplyTo(c);
}

function renderReplyTo(/** @type {any} */ c) {
	const select = /** @type {HTMLSelectElement} */ ($('reply-to'));
	/** @type {string[]} */
	const senders = [];
	for (const m of [...c.messages].reverse())
		if (m.business && !senders.includes(m.business)) senders.push(m.business);
	const draft = view.draft;
	if (draft && draft.id === c.id && !senders.includes(draft.business)) senders.push(draft.business);
	const chosen = senders.includes(select.value) ? select.value : senders[0];
	// Options change only when the senders do, so a reload does not close a list being chosen from.
	if ([...select.options].map((o) => o.value).join('\n') !== senders.join('\n')) {
		select.replaceChildren(...senders.map((s) => el('option', { value: s, text: s })));
	}
	if (chosen) select.value = chosen;
	/** @type {HTMLButtonElement} */ ($('send')).disabled = !senders.length;
}

function select(/** @type {string} */ id) {
	view.selected = id;
	view.shown.clear();
	$('messages').replaceChildren();
	renderList();
	renderThread();
	document.body.classList.add('show-thread');
	const list = $('messages');
	list.scrollTop = list.scrollHeight;
	/** @type {HTMLElement} */ ($('reply-text')).focus();
}

/** The customer's message, delivered like `sandbox inbound`: signed, to the number's or service's webhook. */
async function send(
	/** @type {{ body: string, buttonPayload?: string, buttonText?: string }} */ answer,
	withImage = false,
) {
	const c = current();
	const to = /** @type {HTMLSelectElement} */ ($('reply-to')).value;
	if (!c || !to) return;
	const request = {
		to,
		from: c.id,
		channel: c.channel,
		body: answer.body,
		buttonPayload: answer.buttonPayload,
		buttonText: answer.buttonText,
		media: withImage ? [SAMPLE_IMAGE] : [],
	};
	say('Sending…');
	try {
		const response = await fetch('/sandbox/inbound', {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify(request),
		});
		const result = await response.json();
		if (!response.ok) throw new Error(result.error ?? `the sandbox answered ${response.status}`);
		say(
			!result.url
				? 'Sent. No webhook is set for this sender, so nothing was notified.'
				: `Sent. Webhook answered ${result.status ?? result.error}.`,
			!result.url || result.status === null || result.status >= 400,
		);
	} catch (error) {
		say(`Not sent: ${/** @type {Error} */ (error).message}`, true);
	}
	await refresh();
}

function setAttach(/** @type {boolean} */ on) {
	view.attach = on;
	$('attach').setAttribute('aria-pressed', String(on));
	$('attachment').hidden = !on;
}

function hookRow(/** @type {any} */ h) {
	const target = h.url
		? [
				el('code', { text: `${h.method} ${h.url}` }),
				h.n8n
					? el('span', { class: 'badge', text: `n8n ${h.n8n.mode} webhook ${h.n8n.webhookId}` })
					: null,
			]
		: [el('span', { class: 'muted', text: 'not set' })];
	return el('tr', {}, [el('th', { scope: 'row', text: h.label }), el('td', {}, target)]);
}

function deliveriesTable(/** @type {any[]} */ deliveries) {
	if (!deliveries.length) return el('p', { class: 'muted', text: 'No webhook deliveries yet.' });
	return el('table', { class: 'deliveries' }, [
		el('caption', { text: 'Last webhook deliveries, newest first' }),
		el('thead', {}, [
			el(
				'tr',
				{},
				['When', 'What', 'Message', 'URL', 'Answer'].map((t) =>
					el('th', { scope: 'col', text: t }),
				),
			),
		]),
		el(
			'tbody',
			{},
			deliveries.map((d) => {
				const ok = d.status !== null && d.status < 400;
				return el('tr', {}, [
					el('td', {}, [el('time', { datetime: d.at, text: time(d.at) })]),
					el('td', { text: d.kind }),
					el('td', {}, [el('code', { text: d.messageSid })]),
					el('td', {}, [el('code', { text: d.url ?? '—' })]),
					el('td', {
						class: ok ? 'ok' : 'error',
						text: `${d.status ?? d.error ?? ''}${d.attempts > 1 ? ` (${d.attempts} attempts)` : ''}`,
					}),
				]);
			}),
		),
	]);
}

function renderBusiness() {
	const b = view.business;
	if (!b) return;
	const numberCards = b.numbers.map((/** @type {any} */ n) =>
		el('article', { class: 'card-box', 'aria-labelledby': `number-${n.sid}` }, [
			el('h4', { id: `number-${n.sid}`, text: `${n.address} · ${n.friendlyName}` }),
			el('p', {
				class: 'muted',
				text: `${n.sid} · ${
					Object.entries(n.capabilities)
						.filter(([, on]) => on)
						.map(([k]) => k.toUpperCase())
						.join(', ') || 'no capabilities'
				}`,
			}),
			n.service
				? el('p', {
						class: 'note',
						text: n.service.usesNumberWebhook
							? `In ${n.service.friendlyName} (${n.service.sid}), which uses this number's own webhook for incoming messages.`
							: `In ${n.service.friendlyName} (${n.service.sid}): incoming messages go to the service's URL, not the number's.`,
					})
				: null,
			el('table', { class: 'hooks' }, [el('tbody', {}, n.webhooks.map(hookRow))]),
			deliveriesTable(n.deliveries),
		]),
	);
	const serviceCards = b.services.map((/** @type {any} */ s) =>
		el('article', { class: 'card-box', 'aria-labelledby': `service-${s.sid}` }, [
			el('h4', { id: `service-${s.sid}`, text: `${s.friendlyName} · ${s.sid}` }),
			el('p', {
				class: 'muted',
				text: s.senders.length ? `Senders: ${s.senders.join(', ')}` : 'No senders',
			}),
			s.usesNumberWebhook
				? el('p', { class: 'note', text: "Incoming messages go to each number's own webhook." })
				: null,
			el('table', { class: 'hooks' }, [el('tbody', {}, s.webhooks.map(hookRow))]),
			deliveriesTable(s.deliveries),
		]),
	);
	$('business-content').replaceChildren(
		el('h3', { text: 'Messaging Services' }),
		...serviceCards,
		el('h3', { text: 'Phone numbers' }),
		...numberCards,
	);
}

function renderNewForm() {
	if (!view.business) return;
	const channel = /** @type {HTMLSelectElement} */ ($('new-channel')).value;
	const select = /** @type {HTMLSelectElement} */ ($('new-business'));
	const options = view.business.senders.filter((/** @type {any} */ s) => s.channel === channel);
	select.replaceChildren(
		...options.map((/** @type {any} */ s) => el('option', { value: s.address, text: s.label })),
	);
}

let pending = /** @type {Promise<void> | null} */ (null);
let again = false;

/** Reloads what the page shows; calls that arrive meanwhile are folded into one more reload. */
async function refresh() {
	if (pending) {
		again = true;
		return pending;
	}
	pending = (async () => {
		do {
			again = false;
			try {
				const [data, business] = await Promise.all([
					getJson('/phone/api/conversations'),
					getJson('/phone/api/business'),
				]);
				view.conversations = data.conversations;
				view.business = business;
				if (
					view.selected === null &&
					view.conversations.length &&
					!matchMedia('(max-width: 720px)').matches
				)
					view.selected = view.conversations[0].id;
				renderList();
				renderThread();
				if (!$('business-view').hidden) renderBusiness();
			} catch (error) {
				$('live').textContent =
					`Cannot reach the sandbox (${/** @type {Error} */ (error).message})`;
			}
		} while (again);
	})();
	await pending;
	pending = null;
}

function connect() {
	let timer = 0;
	const source = new EventSource('/phone/api/events');
	source.addEventListener('open', () => {
		$('live').textContent = 'Live';
		$('live').classList.remove('error');
		void refresh();
	});
	source.addEventListener('change', () => {
		clearTimeout(timer);
		timer = window.setTimeout(() => void refresh(), 60);
	});
	source.addEventListener('error', () => {
		$('live').textContent = 'Reconnecting to the sandbox…';
		$('live').classList.add('error');
	});
}

function showView(/** @type {'phone' | 'business'} */ which) {
	$('phone-view').hidden = which !== 'phone';
	$('business-view').hidden = which !== 'business';
	$('show-phone').setAttribute('aria-pressed', String(which === 'phone'));
	$('show-business').setAttribute('aria-pressed', String(which === 'business'));
	if (which === 'business') renderBusiness();
}

function wire() {
	$('show-phone').addEventListener('click', () => showView('phone'));
	$('show-business').addEventListener('click', () => showView('business'));
	$('back').addEventListener('click', () => {
		document.body.classList.remove('show-thread');
		/** @type {HTMLElement | null} */ (
			document.querySelector(`[data-conversation="${CSS.escape(view.selected ?? '')}"]`)
		)?.focus();
	});
	$('new-conversation').addEventListener('click', () => {
		const form = $('new-form');
		form.hidden = !form.hidden;
		$('new-conversation').setAttribute('aria-expanded', String(!form.hidden));
		renderNewForm();
		if (!form.hidden) $('new-channel').focus();
	});
	$('new-channel').addEventListener('change', renderNewForm);
	$('new-form').addEventListener('submit', (event) => {
		event.preventDefault();
		const channel = /** @type {HTMLSelectElement} */ ($('new-channel')).value;
		const address = /** @type {HTMLInputElement} */ ($('new-address')).value.trim();
		const business = /** @type {HTMLSelectElement} */ ($('new-business')).value;
		if (!address || !business) return;
		const id = channel === 'sms' ? address : `${channel}:${address}`;
		view.draft = { id, channel, address, business };
		$('new-form').hidden = true;
		$('new-conversation').setAttribute('aria-expanded', 'false');
		select(id);
		/** @type {HTMLSelectElement} */ ($('reply-to')).value = business;
	});
	$('composer').addEventListener('submit', (event) => {
		event.preventDefault();
		const input = /** @type {HTMLTextAreaElement} */ ($('reply-text'));
		const body = input.value;
		if (!body.trim() && !view.attach) {
			say('Type a message or attach the sample image.', true);
			return;
		}
		input.value = '';
		const withImage = view.attach;
		setAttach(false);
		void send({ body }, withImage);
	});
	$('reply-text').addEventListener('keydown', (event) => {
		// Enter sends, Shift+Enter adds a line, as in messaging apps.
		if (event.key === 'Enter' && !event.shiftKey) {
			event.preventDefault();
			/** @type {HTMLFormElement} */ ($('composer')).requestSubmit();
		}
	});
	for (const button of document.querySelectorAll('.keyword')) {
		button.addEventListener(
			'click',
			() => void send({ body: /** @type {HTMLElement} */ (button).dataset.keyword ?? '' }),
		);
	}
	$('attach').addEventListener('click', () => setAttach(!view.attach));
	$('remove-attachment').addEventListener('click', () => setAttach(false));
}

wire();
connect();
void refresh();
// Events cover new messages and statuses; a slow poll also catches what sends none (a redacted or
// deleted message, the sandbox reset).
setInterval(() => {
	if (document.visibilityState === 'visible') void refresh();
}, 5000);
