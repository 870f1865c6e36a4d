import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { twilioRequestAllPages, type TwilioRequest } from '../../shared/transport';
import { forOperation, limitOf, returnAllFields, simplifyField } from './fields';
import { jsonItems, runPerItem } from './perItem';

/** The Filters collection of a Get Many operation. */
export function filtersField(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options,
	};
}

/** A Get Many operation's fields: Return All, Limit, its own fields, Simplify. */
export function listDescription(
	resource: string,
	operation: string,
	fields: INodeProperties[],
): INodeProperties[] {
	return forOperation(resource, operation, [...returnAllFields, ...fields, simplifyField]);
}

/** What an item asks of the list: query parameters Twilio filters by, and a check for what it cannot. */
export interface ListQuery {
	qs?: IDataObject;
	keep?: (entry: IDataObject) => boolean;
}

export interface ListOperation<Q extends ListQuery> {
	request: Pick<TwilioRequest, 'product' | 'path' | 'action'>;
	/** The key of the page's array of results. */
	listKey: string;
	/** Reads and checks the item's filters, before any request. */
	query: (context: IExecuteFunctions, itemIndex: number) => Q;
	simplify: (entry: IDataObject) => IDataObject;
	/** Adds what the list leaves out, with further requests per result. */
	complete?: (
		context: IExecuteFunctions,
		entry: IDataObject,
		query: Q,
		itemIndex: number,
	) => Promise<IDataObject>;
}

/**
 * The execute of a Get Many operation, run item by item: every page until Limit results (those
 * `keep` accepts, so Limit counts matches) or the end of the list, then Simplify.
 */
export function listExecute<Q extends ListQuery>(
	operation: ListOperation<Q>,
): (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]> {
	return async function (
		this: IExecuteFunctions,
		items: INodeExecutionData[],
	): Promise<INodeExecutionData[]> {
		return await runPerItem(
			this,
			items,
			(itemIndex) => ({
				query: operation.query(this, itemIndex),
				limit: limitOf(this, itemIndex),
				simplify: this.getNodeParameter('simplify', itemIndex, true) as boolean,
			}),
			async ({ query, limit, simplify }, itemIndex) => {
				const entries = await twilioRequestAllPages<IDataObject>(
					this,
					{ method: 'GET', ...operation.request, qs: query.qs, itemIndex },
					operation.listKey,
					{ limit, keep: query.keep },
				);
				const results: IDataObject[] = [];
				for (const entry of entries)
					results.push(
						operation.complete ? await operation.complete(this, entry, query, itemIndex) : entry,
					);
				return jsonItems(simplify ? results.map(operation.simplify) : results);
			},
		);
	};
}
