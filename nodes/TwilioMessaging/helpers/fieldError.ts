import { NodeOperationError, type INode } from 'n8n-workflow';

/** A rejected input, naming the field and the item so the user can find it in a long list. */
export function fieldError(
	node: INode,
	itemIndex: number,
	field: string,
	reason: string,
	description?: string,
): NodeOperationError {
	return new NodeOperationError(node, `${field} ${reason} [item ${itemIndex}]`, {
		itemIndex,
		description,
	});
}
