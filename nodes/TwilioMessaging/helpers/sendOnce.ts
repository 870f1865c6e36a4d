import type { IExecuteFunctions, ICheckProcessedOptions } from 'n8n-workflow';

export const DEFAULT_SEND_ONCE_HISTORY = 10000;

/**
 * "Send once per key" rests on n8n's own processed-data store (the one Remove Duplicates uses), so it
 * survives restarts and re-runs and works in queue mode. Keys are claimed before sending and given
 * back when a send certainly failed; a send with an unknown outcome keeps its claim, so a re-run
 * never risks a second copy.
 */
export class SendOnceKeys {
	private readonly options: ICheckProcessedOptions;

	constructor(
		private readonly context: IExecuteFunctions,
		historySize: number,
	) {
		this.options = { mode: 'entries', maxEntries: historySize };
	}

	/** Records the keys and returns those an earlier execution already sent. */
	async claim(keys: string[]): Promise<Set<string>> {
		if (keys.length === 0) return new Set();
		const { processed } = await this.context.helpers.checkProcessedAndRecord(keys, 'node', this.options);
		return new Set(processed.map(String));
	}

	async release(keys: string[]): Promise<void> {
		if (keys.length) await this.context.helpers.removeProcessed(keys, 'node', this.options);
	}
}
