import { sleep } from 'n8n-workflow';

export type PoolResult<T> = { ok: true; value: T } | { ok: false; error: unknown } | undefined;

export interface PoolOptions {
	concurrency: number;
	/** Start at most this many tasks per second (0 = no cap). */
	perSecond?: number;
	/** Checked before each start: once true, nothing more is started (running tasks finish). */
	stopAfterFailure?: boolean;
}

/**
 * Runs `task(0…count-1)` with bounded concurrency and an optional start-rate cap. Results keep the
 * input order. Tasks not started because of an earlier failure are `undefined`.
 */
export async function runPool<T>(count: number, task: (index: number) => Promise<T>, options: PoolOptions): Promise<Array<PoolResult<T>>> {
	const results: Array<PoolResult<T>> = Array.from({ length: count }, () => undefined);
	const interval = options.perSecond && options.perSecond > 0 ? 1000 / options.perSecond : 0;
	const started = Date.now();
	let next = 0;
	let failed = false;

	async function lane(): Promise<void> {
		while (next < count && !(failed && options.stopAfterFailure)) {
			const index = next++;
			if (interval) {
				const wait = started + index * interval - Date.now();
				if (wait > 0) await sleep(wait);
				if (failed && options.stopAfterFailure) return;
			}
			try {
				results[index] = { ok: true, value: await task(index) };
			} catch (error) {
				results[index] = { ok: false, error };
				failed = true;
			}
		}
	}

	const lanes = Math.max(1, Math.min(options.concurrency, count));
	await Promise.all(Array.from({ length: lanes }, async () => await lane()));
	return results;
}
