/** The seed product rule: never message someone who unsubscribed, and decide explicitly about the unknown. */
export type SubscriptionPolicy = 'send' | 'skip';
export type SubscriptionDecision = { send: true } | { send: false; reason: string };

const SUBSCRIBED = new Set(['subscribed', 'true', 'yes', 'opted_in', 'opted-in', '1']);
const UNSUBSCRIBED = new Set(['unsubscribed', 'false', 'no', 'opted_out', 'opted-out', '0']);

export function subscriptionDecision(
	status: unknown,
	unknownPolicy: SubscriptionPolicy,
): SubscriptionDecision {
	const normalized =
		typeof status === 'string'
			? status.trim().toLowerCase()
			: status === undefined || status === null
				? ''
				: String(status).toLowerCase();
	if (SUBSCRIBED.has(normalized)) return { send: true };
	if (UNSUBSCRIBED.has(normalized))
		return {
			send: false,
			reason: `the recipient is unsubscribed (subscription status "${String(status)}")`,
		};
	if (unknownPolicy === 'send') return { send: true };
	return {
		send: false,
		reason:
			normalized === ''
				? 'the subscription status is empty and the policy for unknown statuses is to skip'
				: `the subscription status "${String(status)}" is unknown and the policy for unknown statuses is to skip`,
	};
}
