/**
 * Twilio repeats a webhook (after a timeout or a 5xx, per the URL's connection overrides) with the
 * same `I-Twilio-Idempotency-Token`. This remembers tokens for a while, in this process only, so a
 * repeat starts no second execution. Bounded, so a flood of requests cannot grow it without limit.
 */
export class DeliveryMemory {
	// Every entry lives equally long, so insertion order is expiry order.
	private readonly expiries = new Map<string, number>();

	constructor(
		readonly capacity = 10_000,
		readonly ttlMs = 10 * 60 * 1000,
		private readonly now: () => number = Date.now,
	) {}

	/** Records the key and tells whether it had been recorded (and not yet forgotten) before. */
	seenBefore(key: string): boolean {
		const now = this.now();
		for (const [oldest, expiry] of this.expiries) {
			if (expiry > now) break;
			this.expiries.delete(oldest);
		}
		if (this.expiries.has(key)) return true;
		this.expiries.set(key, now + this.ttlMs);
		if (this.expiries.size > this.capacity) {
			const oldest = this.expiries.keys().next().value;
			if (oldest !== undefined) this.expiries.delete(oldest);
		}
		return false;
	}

	/** For a delivery n8n did not accept after all: Twilio's retry must start the execution. */
	forget(key: string): void {
		this.expiries.delete(key);
	}

	get size(): number {
		return this.expiries.size;
	}
}

export const deliveries = new DeliveryMemory();
