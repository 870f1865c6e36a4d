import { DataDeduplicationService } from 'n8n-core';
import type {
	DeduplicationItemTypes,
	DeduplicationScope,
	ICheckProcessedContextData,
	ICheckProcessedOptions,
	IDataDeduplicator,
	IDeduplicationOutput,
} from 'n8n-workflow';

/**
 * n8n keeps processed-data entries in its database; this keeps them in memory with the same
 * semantics for the 'entries' mode: per workflow (and node, for the node scope), oldest dropped
 * beyond maxEntries.
 */
class InMemoryDeduplicator implements IDataDeduplicator {
	readonly store = new Map<string, string[]>();

	private frozen = false;

	/**
	 * Acts as a process that died: what was written so far is what a database would keep, and every
	 * later call of the dead execution never returns. Returns the kept state for `restart`.
	 */
	crash(): Map<string, string[]> {
		this.frozen = true;
		return new Map([...this.store].map(([key, entries]) => [key, [...entries]]));
	}

	/** A new process on the kept state: calls work again (those of the dead execution stay hung). */
	restart(kept: Map<string, string[]>): void {
		this.store.clear();
		for (const [key, entries] of kept) this.store.set(key, entries);
		this.frozen = false;
	}

	private async alive(): Promise<void> {
		if (this.frozen) await new Promise(() => undefined);
	}

	private key(scope: DeduplicationScope, context: ICheckProcessedContextData): string {
		return scope === 'node' ? `${context.workflow.id}:${context.node?.id}` : context.workflow.id;
	}

	async checkProcessedAndRecord(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
		options: ICheckProcessedOptions,
	): Promise<IDeduplicationOutput> {
		await this.alive();
		const entries = this.store.get(this.key(scope, context)) ?? [];
		const known = new Set(entries);
		const output: IDeduplicationOutput = { new: [], processed: [] };
		for (const item of items) {
			const value = String(item);
			if (known.has(value)) {
				output.processed.push(item);
			} else {
				output.new.push(item);
				known.add(value);
				entries.push(value);
			}
		}
		const max = options.maxEntries ?? entries.length;
		this.store.set(this.key(scope, context), entries.slice(Math.max(0, entries.length - max)));
		return output;
	}

	async removeProcessed(
		items: DeduplicationItemTypes[],
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<void> {
		await this.alive();
		const remove = new Set(items.map(String));
		const key = this.key(scope, context);
		this.store.set(
			key,
			(this.store.get(key) ?? []).filter((entry) => !remove.has(entry)),
		);
	}

	async clearAllProcessedItems(
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<void> {
		this.store.delete(this.key(scope, context));
	}

	async getProcessedDataCount(
		scope: DeduplicationScope,
		context: ICheckProcessedContextData,
	): Promise<number> {
		return this.store.get(this.key(scope, context))?.length ?? 0;
	}
}

export const processedData = new InMemoryDeduplicator();
let initialised = false;

export async function ensureDeduplication(): Promise<void> {
	if (initialised) return;
	initialised = true;
	await DataDeduplicationService.init(processedData);
}
