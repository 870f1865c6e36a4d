import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

export type ItemOutput = Pick<INodeExecutionData, 'json' | 'binary'>;

/** Wraps plain results as output items. */
export function jsonItems(results: IDataObject | IDataObject[]): ItemOutput[] {
	return (Array.isArray(results) ? results : [results]).map((json) => ({ json }));
}

/** What an item failed with, as an n8n error that names the item. */
export function itemError(
	context: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeOperationError | NodeApiError {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

/** The output item of a failed item under Continue On Fail: the error's message and description. */
export function errorItem(
	error: Error & { description?: string | null },
	itemIndex: number,
): INodeExecutionData {
	return {
		json: {
			error: error.message,
			...(error.description ? { description: error.description } : {}),
		},
		pairedItem: { item: itemIndex },
	};
}

/**
 * Runs an operation item by item. Every item's input is checked (`plan`) before the first request,
 * so a malformed row stops the run before anything changed at Twilio. With Continue On Fail, a
 * failing item becomes an error item and the others go on. Output items are paired with their input.
 */
export async function runPerItem<P>(
	context: IExecuteFunctions,
	items: INodeExecutionData[],
	plan: (itemIndex: number) => P,
	run: (plan: P, itemIndex: number) => Promise<ItemOutput[]>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = context.continueOnFail();
	const plans = items.map(
		(
			_,
			itemIndex,
		): { ok: true; plan: P } | { ok: false; error: NodeOperationError | NodeApiError } => {
			try {
				return { ok: true, plan: plan(itemIndex) };
			} catch (caught) {
				const error = itemError(context, caught, itemIndex);
				if (!continueOnFail) throw error;
				return { ok: false, error };
			}
		},
	);

	const output: INodeExecutionData[] = [];
	for (const [itemIndex, planned] of plans.entries()) {
		if (!planned.ok) {
			output.push(errorItem(planned.error, itemIndex));
			continue;
		}
		try {
			const results = await run(planned.plan, itemIndex);
			output.push(...results.map((result) => ({ ...result, pairedItem: { item: itemIndex } })));
		} catch (caught) {
			const error = itemError(context, caught, itemIndex);
			if (!continueOnFail) throw error;
			output.push(errorItem(error, itemIndex));
		}
	}
	return output;
}
