import type { ICheckProcessedOptions, IExecuteFunctions } from 'n8n-workflow';

export const DEFAULT_SEND_ONCE_HISTORY = 10000;

/** What this node knows about a send-once key when a run starts. */
export type KeyState = 'free' | 'sent' | 'unconfirmed';

// Entries per key: `claimed`, `at` and, until Twilio confirms the send, `open`.
const ENTRIES_PER_KEY = 3;
const PREFIX = 'twilio-send-once/1';
const claimedEntry = (key: string) => `${PREFIX}:claimed:${key}`;
const openEntry = (key: string) => `${PREFIX}:open:${key}`;
const atEntry = (minute: number, key: string) => `${PREFIX}:at:${minute}:${key}`;

export const minuteOf = (ms: number) => Math.floor(ms / 60_000);

/**
 * Send Once per Key, kept in n8n's processed-data store (the one Remove Duplicates uses), so it
 * survives restarts and re-runs and works in queue mode. That store can only record, check-and-record
 * and remove entries, so each state of a key is the presence of entries:
 *
 * - free: no entry. The key is claimed right before its send starts, never earlier, so a stopped or
 *   crashed run leaves unstarted keys free.
 * - claimed, unconfirmed: `claimed`, `open` and `at:<minute of the claim>`. The send may be under way,
 *   or its outcome was lost (reset, timeout, Stop while in flight, crash).
 * - sent: `claimed` and `at`; `open` is removed once Twilio answered with the message.
 * - A send that certainly did not happen (refused connection, rejection by Twilio, not started)
 *   removes all three: the key is free again.
 *
 * An unconfirmed key is resolved by the next run that meets it: the message is looked for in Twilio's
 * message log, and a logged message created within minutes of a recorded `at` minute of the key is
 * this key's (see `claimedNear`). Checking an entry records it, so a check is followed by the removal
 * of what it added; a crash in between only makes a key look unconfirmed, which the next run resolves
 * by asking Twilio again: it can never make an unsent key look sent.
 *
 * All calls of one execution go through one queue (n8n's store reads and rewrites the whole list),
 * and claims, confirmations and releases waiting together are written in one call.
 */
export class SendOnceKeys {
	private readonly options: ICheckProcessedOptions;
	private queue: Promise<unknown> = Promise.resolve();
	private pendingClaims: Array<{
		key: string;
		minute: number;
		resolve: (free: boolean) => void;
		reject: (error: unknown) => void;
	}> = [];
	private pendingRemovals: string[] = [];
	private failure: unknown;
	private readonly claimMinutes = new Map<string, number>();

	constructor(
		private readonly context: IExecuteFunctions,
		readonly historySize: number,
	) {
		this.options = { mode: 'entries', maxEntries: historySize * ENTRIES_PER_KEY };
	}

	private serial<T>(work: () => Promise<T>): Promise<T> {
		const result = this.queue.then(work);
		this.queue = result.catch(() => undefined);
		return result;
	}

	private async record(entries: string[], evict = true): Promise<Set<string>> {
		if (entries.length === 0) return new Set();
		// A check adds entries only for a moment: room is made so that it evicts nothing.
		const options = evict
			? this.options
			: { ...this.options, maxEntries: this.options.maxEntries! + entries.length };
		const { processed } = await this.context.helpers.checkProcessedAndRecord(
			entries,
			'node',
			options,
		);
		return new Set(processed.map(String));
	}

	private async remove(entries: string[]): Promise<void> {
		if (entries.length) await this.context.helpers.removeProcessed(entries, 'node', this.options);
	}

	/** Checks entries without leaving any behind: returns those that were there. */
	private async probe(entries: string[]): Promise<Set<string>> {
		const present = await this.record(entries, false);
		await this.remove(entries.filter((entry) => !present.has(entry)));
		return present;
	}

	/** The state of each key (distinct keys). */
	async states(keys: string[]): Promise<Map<string, KeyState>> {
		return await this.serial(async () => {
			const states = new Map<string, KeyState>(keys.map((key) => [key, 'free']));
			const claimed = await this.probe(keys.map(claimedEntry));
			const taken = keys.filter((key) => claimed.has(claimedEntry(key)));
			const open = await this.probe(taken.map(openEntry));
			for (const key of taken) states.set(key, open.has(openEntry(key)) ? 'unconfirmed' : 'sent');
			return states;
		});
	}

	/**
	 * Claims a key right before its send. False when another execution claimed it since this run
	 * read the states. `resolved` keys were unconfirmed and found not sent: they are already claimed.
	 */
	async claim(key: string, resolved = false): Promise<boolean> {
		const minute = minuteOf(Date.now());
		this.claimMinutes.set(key, minute);
		const claimed = new Promise<boolean>((resolve, reject) =>
			this.pendingClaims.push({ key, minute, resolve, reject }),
		);
		if (this.pendingClaims.length === 1) {
			void this.serial(async () => {
				const batch = this.pendingClaims.splice(0);
				try {
					const present = await this.record(
						batch.flatMap(({ key, minute }) => [
							claimedEntry(key),
							openEntry(key),
							atEntry(minute, key),
						]),
					);
					for (const claim of batch) claim.resolve(!present.has(claimedEntry(claim.key)));
				} catch (error) {
					for (const claim of batch) claim.reject(error);
				}
			});
		}
		return (await claimed) || resolved;
	}

	/** Twilio answered with the message: the key is sent. Written in the background; see `flush`. */
	confirm(key: string): void {
		this.queueRemoval([openEntry(key)]);
	}

	/** The send certainly did not happen: the key is free again. */
	release(key: string): void {
		const minute = this.claimMinutes.get(key);
		this.queueRemoval([
			claimedEntry(key),
			openEntry(key),
			...(minute === undefined ? [] : [atEntry(minute, key)]),
		]);
	}

	private queueRemoval(entries: string[]): void {
		const first = this.pendingRemovals.length === 0;
		this.pendingRemovals.push(...entries);
		if (!first) return;
		void this.serial(async () => {
			const batch = this.pendingRemovals.splice(0);
			await this.remove(batch).catch((error: unknown) => (this.failure ??= error));
		});
	}

	/** Waits for every queued write; throws if one failed, since a key may then be in the wrong state. */
	async flush(): Promise<void> {
		await this.serial(async () => undefined);
		if (this.failure) throw this.failure;
	}

	/**
	 * Which of the candidate minutes each key was claimed in (checked in one call for all keys).
	 * Used to recognise a key's message among those Twilio logged.
	 */
	async claimedNear(candidates: Map<string, number[]>): Promise<Map<string, Set<number>>> {
		return await this.serial(async () => {
			const entries = [...candidates].flatMap(([key, minutes]) =>
				minutes.map((minute) => atEntry(minute, key)),
			);
			const present = await this.probe([...new Set(entries)]);
			const found = new Map<string, Set<number>>();
			for (const [key, minutes] of candidates) {
				found.set(key, new Set(minutes.filter((minute) => present.has(atEntry(minute, key)))));
			}
			return found;
		});
	}
}
