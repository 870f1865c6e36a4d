import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IVersionedNodeType,
} from 'n8n-workflow';

export const ITEMS_NODE_TYPE = 'test.items';

/** The description of a one-version stand-in node: a start node without `inputs`, else one main input and output. */
export function standInDescription(o: {
	name: string;
	displayName: string;
	description: string;
	group?: INodeTypeDescription['group'];
	start?: boolean;
	properties?: INodeProperties[];
	credentials?: INodeTypeDescription['credentials'];
}): INodeTypeDescription {
	return {
		displayName: o.displayName,
		name: o.name,
		group: o.group ?? ['transform'],
		version: 1,
		description: o.description,
		defaults: { name: o.displayName },
		inputs: o.start ? [] : [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		...(o.credentials ? { credentials: o.credentials } : {}),
		properties: o.properties ?? [],
	};
}

/** A `json` parameter of a stand-in node: text as typed, or an object when an expression produced it. */
export function jsonParameter<T>(context: IExecuteFunctions, name: string): T {
	const raw = context.getNodeParameter(name, 0) as string | T;
	return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T;
}

/**
 * A start node that emits the items in its `items` parameter, standing in for any upstream node;
 * or, when items were handed over, those very objects, without the JSON round trip (the bench's
 * way, so that serialising thousands of items stays out of its time and memory figures).
 */
class ItemsSource implements INodeType {
	readonly handedOver: { items?: IDataObject[] } = {};

	description = standInDescription({
		name: 'items',
		displayName: 'Items',
		description: 'Emits test items',
		group: ['input'],
		start: true,
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	});

	execute: INodeType['execute'];

	constructor() {
		// n8n calls execute with the execution context as `this`; the handed-over items live on this instance.
		const { handedOver } = this;
		this.execute = async function (this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
			const items = handedOver.items ?? jsonParameter<IDataObject[]>(this, 'items');
			return [items.map((json) => ({ json }))];
		};
	}
}

export class TestNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType | IVersionedNodeType>();

	readonly itemsSource = new ItemsSource();

	constructor(nodes: Record<string, INodeType | IVersionedNodeType>) {
		this.types.set(ITEMS_NODE_TYPE, this.itemsSource);
		for (const [name, node] of Object.entries(nodes)) this.types.set(name, node);
	}

	getByName(nodeType: string): INodeType | IVersionedNodeType {
		const type = this.types.get(nodeType);
		if (!type) throw new Error(`unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		const type = this.getByName(nodeType);
		return 'getNodeType' in type ? type.getNodeType(version) : type;
	}

	getKnownTypes() {
		return {};
	}
}
