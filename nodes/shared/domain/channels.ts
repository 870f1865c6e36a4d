/**
 * Which channels, sender types and Content Template types fit together, as Twilio allows them.
 * The node's fields and its validation both read this table, so the UI cannot offer a combination
 * the send would reject.
 */

export const CHANNELS = ['sms', 'mms', 'whatsapp', 'messenger', 'rcs'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
	sms: 'SMS',
	mms: 'MMS',
	whatsapp: 'WhatsApp',
	messenger: 'Facebook Messenger',
	rcs: 'RCS',
};

export const SENDER_TYPES = [
	'phoneNumber',
	'messagingService',
	'messengerPage',
	'rcsSender',
] as const;
export type SenderType = (typeof SENDER_TYPES)[number];

export const SENDER_TYPE_LABELS: Record<SenderType, string> = {
	phoneNumber: 'Phone Number',
	messagingService: 'Messaging Service',
	messengerPage: 'Messenger Page ID',
	rcsSender: 'RCS Sender',
};

export const SENDER_TYPES_BY_CHANNEL: Record<Channel, readonly SenderType[]> = {
	sms: ['phoneNumber', 'messagingService'],
	mms: ['phoneNumber', 'messagingService'],
	whatsapp: ['phoneNumber', 'messagingService'],
	messenger: ['messengerPage', 'messagingService'],
	rcs: ['messagingService', 'rcsSender'],
};

/** Content types as the Content API names them in a template's `types` object. */
export const TEMPLATE_TYPES = {
	inline: { label: 'None (Write the Message Here)', contentType: null },
	text: { label: 'Text', contentType: 'twilio/text' },
	media: { label: 'Media', contentType: 'twilio/media' },
	quickReply: { label: 'Quick Reply', contentType: 'twilio/quick-reply' },
	callToAction: { label: 'Call to Action', contentType: 'twilio/call-to-action' },
	listPicker: { label: 'List Picker', contentType: 'twilio/list-picker' },
	card: { label: 'Card', contentType: 'twilio/card' },
	whatsappCard: { label: 'WhatsApp Card', contentType: 'whatsapp/card' },
	whatsappAuthentication: {
		label: 'WhatsApp Authentication',
		contentType: 'whatsapp/authentication',
	},
	catalog: { label: 'Catalog', contentType: 'twilio/catalog' },
	carousel: { label: 'Carousel', contentType: 'twilio/carousel' },
} as const;
export type TemplateType = keyof typeof TEMPLATE_TYPES;
export const TEMPLATE_TYPE_NAMES = Object.keys(TEMPLATE_TYPES) as TemplateType[];

const ALL_TEMPLATE_TYPES = TEMPLATE_TYPE_NAMES;

export const TEMPLATE_TYPES_BY_CHANNEL: Record<Channel, readonly TemplateType[]> = {
	sms: ['inline', 'text'],
	mms: ['inline', 'media'],
	whatsapp: ALL_TEMPLATE_TYPES,
	messenger: ['inline', 'text', 'media', 'quickReply', 'callToAction', 'card', 'carousel'],
	rcs: ['inline', 'text', 'media', 'card', 'carousel'],
};

/** Address prefix Twilio expects on To/From for the channel; SMS and MMS use bare numbers. */
export const CHANNEL_PREFIX: Record<Channel, string> = {
	sms: '',
	mms: '',
	whatsapp: 'whatsapp:',
	messenger: 'messenger:',
	rcs: 'rcs:',
};

export function isChannel(value: unknown): value is Channel {
	return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

export function senderTypeFits(channel: Channel, senderType: string): senderType is SenderType {
	return (SENDER_TYPES_BY_CHANNEL[channel] as readonly string[]).includes(senderType);
}

export function templateTypeFits(
	channel: Channel,
	templateType: string,
): templateType is TemplateType {
	return (TEMPLATE_TYPES_BY_CHANNEL[channel] as readonly string[]).includes(templateType);
}

/** The template type names a Content API resource carries, mapped back to this node's names. */
export function templateTypesOf(types: Record<string, unknown> | undefined): TemplateType[] {
	if (!types) return [];
	return TEMPLATE_TYPE_NAMES.filter((name) => {
		const contentType = TEMPLATE_TYPES[name].contentType;
		return contentType !== null && contentType in types;
	});
}

/** The channel an address belongs to, judged by its prefix (`whatsapp:+1…` → whatsapp). */
export function channelOfAddress(address: string): Channel {
	const prefix = /^([a-z]+):/i.exec(address.trim())?.[1]?.toLowerCase();
	if (prefix === 'whatsapp' || prefix === 'messenger' || prefix === 'rcs') return prefix;
	return 'sms';
}
