/**
 * A message's status as Twilio reports it (`MessageStatus` in webhooks, `status` in the API), with
 * what each one means. `receiving` and `received` belong to inbound messages; the others are what
 * status callbacks of outgoing messages carry.
 */
export const OUTBOUND_STATUSES = [
	'accepted',
	'scheduled',
	'canceled',
	'queued',
	'sending',
	'sent',
	'delivered',
	'undelivered',
	'failed',
	'read',
	'partially_delivered',
] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

const INBOUND_STATUSES = ['receiving', 'received'] as const;

export const OUTBOUND_STATUS_DESCRIPTIONS: Record<OutboundStatus, string> = {
	accepted: 'A Messaging Service accepted the message and is choosing a sender',
	scheduled: 'The message is scheduled to be sent later',
	canceled: 'A scheduled message was canceled',
	queued: 'The message is waiting to be sent',
	sending: 'Twilio is handing the message to the carrier or channel',
	sent: 'The carrier or channel accepted the message',
	delivered: 'The carrier or channel confirmed delivery',
	undelivered: 'The carrier or channel could not deliver the message',
	failed: 'The message could not be sent',
	read: 'The recipient opened the message (WhatsApp, Messenger and RCS)',
	partially_delivered: 'Only some parts of the message were delivered',
};

export function isInboundStatus(status: string): boolean {
	return (INBOUND_STATUSES as readonly string[]).includes(status);
}
