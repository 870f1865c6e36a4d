import {
	NodeHelpers,
	type INode,
	type INodeParameters,
	type INodeProperties,
	type INodePropertyCollection,
	type INodePropertyOptions,
	type INodeTypeDescription,
} from 'n8n-workflow';

type Parameters = Record<string, unknown>;

const isObject = (value: unknown): value is Parameters =>
	typeof value === 'object' && value !== null && !Array.isArray(value);
const isExpression = (value: unknown) => typeof value === 'string' && value.startsWith('=');

/**
 * What is wrong with a node's parameters as a workflow or a doc writes them: names the node's
 * description does not know, or does not show for the other values (n8n drops those before the node
 * runs, without a word), and values its options, types and bounds do not allow.
 */
export function parameterProblems(
	description: INodeTypeDescription,
	parameters: Parameters,
): string[] {
	const node: INode = {
		id: 'doc',
		name: 'doc',
		type: description.name,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INodeParameters,
	};
	const resolved = NodeHelpers.getNodeParameters(
		description.properties,
		parameters as INodeParameters,
		true,
		false,
		node,
		description,
	) as Parameters | null;
	if (!resolved) return ['n8n resolves no parameters'];
	const problems = droppedBy(parameters, resolved, '');
	for (const [name, value] of Object.entries(parameters)) {
		const shown = description.properties.filter(
			(property) =>
				property.name === name &&
				NodeHelpers.displayParameter(resolved as INodeParameters, property, node, description),
		);
		if (shown.length === 0) continue; // reported as dropped
		const allowed = shown.map((property) => valueProblems(property, value, name));
		if (!allowed.some((list) => list.length === 0)) problems.push(...allowed[0]);
	}
	return problems;
}

/** The names written that n8n's resolution did not keep. */
function droppedBy(written: Parameters, resolved: Parameters, at: string): string[] {
	return Object.entries(written).flatMap(([name, value]) => {
		const where = at ? `${at}.${name}` : name;
		if (!(name in resolved)) return [`${where}: not a parameter n8n keeps for these settings`];
		const kept = resolved[name];
		if (isObject(value) && isObject(kept) && !('__rl' in value))
			return droppedBy(value, kept, where);
		if (Array.isArray(value) && Array.isArray(kept) && value.every(isObject)) {
			return value.flatMap((entry, index) =>
				isObject(kept[index])
					? droppedBy(entry as Parameters, kept[index] as Parameters, `${where}[${index}]`)
					: [],
			);
		}
		return [];
	});
}

function valueProblems(property: INodeProperties, value: unknown, where: string): string[] {
	if (isExpression(value)) return [];
	const wrong = (expected: string) => [`${where}: ${JSON.stringify(value)} is not ${expected}`];
	const dynamic = Boolean(
		property.typeOptions?.loadOptionsMethod ?? property.typeOptions?.loadOptions,
	);
	const optionValues = () =>
		((property.options ?? []) as INodePropertyOptions[]).map((option) => option.value);
	switch (property.type) {
		case 'options':
			return dynamic || optionValues().includes(value as string)
				? []
				: wrong(`one of ${JSON.stringify(optionValues())}`);
		case 'multiOptions':
			if (!Array.isArray(value)) return wrong('a list');
			return dynamic
				? []
				: value
						.filter((entry) => !optionValues().includes(entry))
						.flatMap(() => wrong(`made of ${JSON.stringify(optionValues())}`));
		case 'boolean':
			return typeof value === 'boolean' ? [] : wrong('true or false');
		case 'number': {
			if (typeof value !== 'number') return wrong('a number');
			const { minValue, maxValue } = property.typeOptions ?? {};
			if (minValue !== undefined && value < minValue) return wrong(`at least ${minValue}`);
			if (maxValue !== undefined && value > maxValue) return wrong(`at most ${maxValue}`);
			return [];
		}
		case 'string':
			if (property.typeOptions?.multipleValues)
				return Array.isArray(value) && value.every((entry) => typeof entry === 'string')
					? []
					: wrong('a list of strings');
			return typeof value === 'string' ? [] : wrong('a string');
		case 'resourceLocator': {
			if (!isObject(value) || value.__rl !== true)
				return wrong('a resource locator ({ "__rl": true, "mode": …, "value": … })');
			const modes = (property.modes ?? []).map((mode) => mode.name);
			return modes.includes(value.mode as string)
				? []
				: wrong(`in one of the modes ${JSON.stringify(modes)}`);
		}
		case 'collection': {
			const options = (property.options ?? []) as INodeProperties[];
			const entries = property.typeOptions?.multipleValues ? value : [value];
			if (!Array.isArray(entries) || !entries.every(isObject)) return wrong('an object');
			return entries.flatMap((entry) => childProblems(options, entry as Parameters, where));
		}
		case 'fixedCollection': {
			if (!isObject(value)) return wrong('an object');
			return Object.entries(value).flatMap(([group, groupValue]) => {
				const definition = ((property.options ?? []) as INodePropertyCollection[]).find(
					(option) => option.name === group,
				);
				if (!definition) return [`${where}.${group}: not a group of ${property.name}`];
				const entries = property.typeOptions?.multipleValues ? groupValue : [groupValue];
				if (!Array.isArray(entries) || !entries.every(isObject))
					return [
						`${where}.${group}: ${JSON.stringify(groupValue)} is not ${property.typeOptions?.multipleValues ? 'a list of objects' : 'an object'}`,
					];
				return entries.flatMap((entry, index) =>
					childProblems(definition.values, entry as Parameters, `${where}.${group}[${index}]`),
				);
			});
		}
		default:
			return [];
	}
}

function childProblems(properties: INodeProperties[], values: Parameters, where: string): string[] {
	return Object.entries(values).flatMap(([name, value]) => {
		const property = properties.find((candidate) => candidate.name === name);
		return property
			? valueProblems(property, value, `${where}.${name}`)
			: [`${where}.${name}: not an option of ${where}`];
	});
}
