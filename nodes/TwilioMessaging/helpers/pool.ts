import { sleep } from 'n8n-workflow';

export interface PoolOptions {
	concurrency: number;
	/** Start at most this many tasks per second (0 = no cap). */
	perSecond?: number;
	/** Checked before each start: once true, nothing more is started (running tasks finish). */
	stop?: () => boolean;
}

/**
 * Runs `task(0…count-1)` with bounded concurrency and an optional start-rate cap. Results keep the
 * input order; tasks never started (because `stop` said so) are `undefined`. Tasks must not throw.
 */
export async function runPool<T>(
	count: number,
	task: (index: number) => Promise<T>,
	options: PoolOptions,
): Promise<Array<T | undefined>> {
	const results: Array<T | undefined> = Array.from({ length: count }, () => undefined);
	const interval = options.perSecond && options.perSecond > 0 ? 1000 / options.perSecond : 0;
	const stopped = () => options.stop?.() === true;
	const started = Date.now();
	let next = 0;

	async function lane(): Promise<void> {
		while (next < count && !stopped()) {
			const index = next++;
			if (interval) {
				const wait = started + index * interval - Date.now();
				if (wait > 0) await sleep(wait);
				if (stopped()) return;
			}
			results[index] = await task(index);
		}
	}

	const lanes = Math.max(1, Math.min(options.concurrency, count));
	await Promise.all(Array.from({ length: lanes }, async () => await lane()));
	return results;
}
