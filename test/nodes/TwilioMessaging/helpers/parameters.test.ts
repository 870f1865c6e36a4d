import type { IExecuteFunctions, INode, INodeParameters } from 'n8n-workflow';
import {
	ExecutionParameters,
	holdsExpression,
} from '../../../../nodes/TwilioMessaging/helpers/parameters';

/** A context whose getNodeParameter answers `name@item` for expressions and the stored value otherwise, counting calls. */
function fakeContext(parameters: INodeParameters) {
	const calls: Array<[string, number, unknown]> = [];
	let getNodeCalls = 0;
	const node = {
		id: 'n',
		name: 'Twilio',
		type: 't',
		typeVersion: 1,
		position: [0, 0],
		parameters,
	} as INode;
	const context = {
		getNode: () => {
			getNodeCalls++;
			return node;
		},
		getNodeParameter: (
			name: string,
			itemIndex: number,
			fallback: unknown,
			options?: { extractValue?: boolean },
		) => {
			calls.push([name, itemIndex, options?.extractValue]);
			const stored = parameters[name];
			if (stored === undefined) return fallback;
			if (holdsExpression(stored)) return `${name}@${itemIndex}`;
			if (
				options?.extractValue &&
				typeof stored === 'object' &&
				stored !== null &&
				'__rl' in stored
			)
				return (stored as { value: unknown }).value;
			return stored;
		},
	} as unknown as IExecuteFunctions;
	return { context, calls, getNodeCalls: () => getNodeCalls };
}

describe('holdsExpression', () => {
	it.each([
		['={{ $json.to }}', true],
		['plain', false],
		['', false],
		[42, false],
		[null, false],
		[undefined, false],
		[{ __rl: true, mode: 'id', value: '={{ $json.from }}' }, true],
		[{ __rl: true, mode: 'id', value: '+15550100001' }, false],
		[
			{
				variable: [
					{ name: 'a', value: 'x' },
					{ name: 'b', value: '={{ $json.b }}' },
				],
			},
			true,
		],
		[{ tag: [{ name: 'a', value: 'x' }] }, false],
		[['a', '=b'], true],
	])('%j → %s', (value, expected) => {
		expect(holdsExpression(value)).toBe(expected);
	});
});

describe('ExecutionParameters', () => {
	it('reads a parameter without expressions once for all items, and one with an expression per item', () => {
		const { context, calls } = fakeContext({
			channel: 'sms',
			to: '={{ $json.phone }}',
			options: { concurrency: 20 },
		});
		const parameters = new ExecutionParameters(context);
		for (let item = 0; item < 3; item++) {
			expect(parameters.get('channel', item, 'x')).toBe('sms');
			expect(parameters.get('to', item, '')).toBe(`to@${item}`);
			expect(parameters.get('options', item, {})).toEqual({ concurrency: 20 });
		}
		expect(calls.filter(([name]) => name === 'channel')).toEqual([['channel', 0, undefined]]);
		expect(calls.filter(([name]) => name === 'options')).toHaveLength(1);
		expect(calls.filter(([name]) => name === 'to').map(([, item]) => item)).toEqual([0, 1, 2]);
	});

	it('treats a collection with an expression anywhere inside as per item', () => {
		const { context, calls } = fakeContext({
			inlineVariables: { variable: [{ name: 'first', value: '={{ $json.first }}' }] },
		});
		const parameters = new ExecutionParameters(context);
		parameters.get('inlineVariables', 0, {});
		parameters.get('inlineVariables', 1, {});
		expect(calls.map(([, item]) => item)).toEqual([0, 1]);
	});

	it('keeps extracted and raw resource locator reads apart', () => {
		const from = { __rl: true, mode: 'id', value: '+15550100001' };
		const { context } = fakeContext({ from });
		const parameters = new ExecutionParameters(context);
		expect(parameters.get('from', 0, '', true)).toBe('+15550100001');
		expect(parameters.get('from', 1, '')).toEqual(from);
		expect(parameters.get('from', 2, '', true)).toBe('+15550100001');
	});

	it('uses the fallback for a parameter that is not stored, once', () => {
		const { context, calls } = fakeContext({});
		const parameters = new ExecutionParameters(context);
		expect(parameters.get('useItemFields', 0, false)).toBe(false);
		expect(parameters.get('useItemFields', 1, false)).toBe(false);
		expect(calls).toHaveLength(1);
	});

	it('reads dotted names per item (their stored value is not looked up)', () => {
		const { context, calls } = fakeContext({});
		const parameters = new ExecutionParameters(context);
		parameters.get('options.concurrency', 0, 10);
		parameters.get('options.concurrency', 1, 10);
		expect(calls).toHaveLength(2);
	});

	it('fetches the node once', () => {
		const { context, getNodeCalls } = fakeContext({ channel: 'sms' });
		const parameters = new ExecutionParameters(context);
		for (let item = 0; item < 5; item++) parameters.get('channel', item, '');
		expect(parameters.node.name).toBe('Twilio');
		expect(getNodeCalls()).toBe(1);
	});
});
