import 'reflect-metadata';
import { Container } from '@n8n/di';
import { timingSafeEqual } from 'crypto';
import type { OutgoingHttpHeaders } from 'http';
import {
	InstanceSettings,
	WAITING_TOKEN_QUERY_PARAM,
	WebhookContext,
	WorkflowExecute,
	generateUrlSignature,
	prepareUrlForSigning,
} from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRun,
	type IRunExecutionData,
	type IWebhookData,
	type IWebhookResponseData,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ensureDeduplication } from './deduplication';
import { nodeUnderTest } from './engine';
import { ITEMS_NODE_TYPE, standInDescription } from './nodeTypes';
import {
	ACTION_NODE_TYPE,
	CREDENTIAL_TYPE,
	NODE_NAME,
	buildAdditionalData,
	createHarness,
	workflowBase,
	type Harness,
} from './workflow';

/**
 * A workflow Items → the node under test → After, run the way n8n runs a workflow that waits:
 * WorkflowExecute until the node puts the execution to wait, then either a request to a resume
 * link, handled as n8n's waiting-webhook server does (signature check when the execution asks for
 * it, the node's webhook() through n8n-core's WebhookContext, the execution continued with its
 * answer), or the time limit, continued as n8n's wait tracker does.
 */

export const AFTER_NODE_NAME = 'After';
const PASS_THROUGH_NODE_TYPE = 'test.passThrough';
const EXECUTION_ID = 'waiting-1';

/** Stands in for any node after the waiting one: passes its items on. */
class PassThrough implements INodeType {
	description = standInDescription({
		name: 'passThrough',
		displayName: 'Pass Through',
		description: 'Passes items on',
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return [this.getInputData()];
	}
}

/** What a request to a resume link got back. */
export interface ResumeAnswer {
	statusCode: number;
	headers: OutgoingHttpHeaders;
	body: string;
	/** The continued execution, when the request resumed it. */
	run?: IRun;
}

class RecordingResponse {
	statusCode = 200;
	headers: OutgoingHttpHeaders = {};
	body = '';
	headersSent = false;

	writeHead(statusCode: number, headers: OutgoingHttpHeaders = {}): this {
		this.statusCode = statusCode;
		for (const [name, value] of Object.entries(headers)) this.headers[name.toLowerCase()] = value;
		this.headersSent = true;
		return this;
	}

	setHeader(name: string, value: string): this {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	end(chunk?: string): this {
		this.headersSent = true;
		if (chunk !== undefined) this.body += chunk;
		return this;
	}
}

export interface OpenOptions {
	method?: 'GET' | 'POST';
	/** A URL-encoded form body, as the response form posts it. */
	form?: Record<string, string | string[]>;
	userAgent?: string | null;
}

export const PHONE_BROWSER =
	'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';

export class WaitingWorkflow {
	readonly harness: Harness;
	readonly node: INode;
	readonly workflow: Workflow;
	private readonly workflowData: IWorkflowBase;
	private readonly additionalData: IWorkflowExecuteAdditionalData;
	/** The execution's state between runs, as n8n keeps it in the database. */
	data?: IRunExecutionData;
	finished = false;

	constructor(
		parameters: INodeParameters,
		credentials: ICredentialDataDecryptedObject,
		items: IDataObject[] = [{}],
	) {
		this.harness = createHarness({ [PASS_THROUGH_NODE_TYPE]: new PassThrough() });
		this.node = nodeUnderTest(this.harness, {
			type: ACTION_NODE_TYPE,
			parameters,
			credentialType: CREDENTIAL_TYPE,
			credentials,
		});
		const nodes: INode[] = [
			{
				id: 'items',
				name: 'Items',
				type: ITEMS_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { items: JSON.stringify(items) },
			},
			this.node,
			{
				id: 'after',
				name: AFTER_NODE_NAME,
				type: PASS_THROUGH_NODE_TYPE,
				typeVersion: 1,
				position: [400, 0],
				parameters: {},
			},
		];
		const connections = {
			Items: { main: [[{ node: NODE_NAME, type: 'main' as const, index: 0 }]] },
			[NODE_NAME]: { main: [[{ node: AFTER_NODE_NAME, type: 'main' as const, index: 0 }]] },
		};
		this.workflowData = workflowBase({
			id: 'waiting-workflow',
			name: 'waiting',
			active: false,
			nodes,
			connections,
		});
		this.workflow = new Workflow({
			id: this.workflowData.id,
			name: 'waiting',
			nodes,
			connections,
			active: false,
			nodeTypes: this.harness.nodeTypes,
			settings: this.workflowData.settings,
		});
		this.additionalData = buildAdditionalData(this.harness, this.workflowData, EXECUTION_ID);
	}

	get waitingBaseUrl(): string {
		return `${this.additionalData.webhookWaitingBaseUrl}/${EXECUTION_ID}/${this.node.id}`;
	}

	/** Runs the workflow until it waits (or ends). */
	async start(): Promise<IRun> {
		await ensureDeduplication();
		const run = await new WorkflowExecute(this.additionalData, 'webhook').run({
			workflow: this.workflow,
			startNode: this.workflow.getNode('Items')!,
		});
		return this.keep(run);
	}

	private keep(run: IRun): IRun {
		this.data = run.data;
		this.finished = run.status !== 'waiting';
		return run;
	}

	/** n8n 2.8's check: the HMAC of host, path and query without the signature, when the execution asked for one. */
	private signatureValid(url: URL): boolean {
		if (!this.data?.validateSignature) return true;
		const given = url.searchParams.get(WAITING_TOKEN_QUERY_PARAM);
		if (!given) return false;
		const unsigned = new URL(url.toString());
		unsigned.searchParams.delete(WAITING_TOKEN_QUERY_PARAM);
		const expected = generateUrlSignature(
			prepareUrlForSigning(unsigned),
			Container.get(InstanceSettings).hmacSignatureSecret,
		);
		return (
			given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected))
		);
	}

	/** Opens a resume link as a person's browser would. */
	async open(
		link: string,
		{ method = 'GET', form, userAgent = PHONE_BROWSER }: OpenOptions = {},
	): Promise<ResumeAnswer> {
		const url = new URL(link);
		if (`${url.origin}${url.pathname}` !== this.waitingBaseUrl)
			return { statusCode: 404, headers: {}, body: 'not a waiting webhook of this execution' };
		if (this.finished || !this.data)
			return { statusCode: 409, headers: {}, body: 'the execution is not waiting' };
		if (!this.signatureValid(url)) return { statusCode: 401, headers: {}, body: 'Invalid token' };

		const res = new RecordingResponse();
		const encoded = form
			? new URLSearchParams(
					Object.entries(form).flatMap(([name, value]) =>
						(Array.isArray(value) ? value : [value]).map((v): [string, string] => [name, v]),
					),
				)
			: undefined;
		const body: IDataObject = {};
		for (const [name, value] of encoded ?? [])
			body[name] = name in body ? ([] as unknown[]).concat(body[name], value) : value;
		const req = {
			method,
			url: `${url.pathname}${url.search}`,
			headers: {
				...(userAgent ? { 'user-agent': userAgent } : {}),
				...(encoded ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
			},
			query: Object.fromEntries(url.searchParams),
			params: {},
			body,
		};
		const additionalData = {
			...this.additionalData,
			httpRequest: req,
			httpResponse: res,
		} as unknown as IWorkflowExecuteAdditionalData;
		const description = (
			this.harness.nodeTypes.getByNameAndVersion(ACTION_NODE_TYPE) as INodeType
		).description.webhooks!.find((hook) => hook.httpMethod === method)!;
		const webhookData: IWebhookData = {
			httpMethod: method,
			node: NODE_NAME,
			path: this.node.id,
			webhookDescription: description,
			workflowId: this.workflow.id!,
			workflowExecuteAdditionalData: additionalData,
		};
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			'webhook',
			webhookData,
			[],
			this.data,
		);
		const nodeType = this.harness.nodeTypes.getByNameAndVersion(ACTION_NODE_TYPE) as INodeType;
		const result: IWebhookResponseData = await nodeType.webhook!.call(context);
		if (result.workflowData === undefined)
			return { statusCode: res.statusCode, headers: res.headers, body: res.body };
		if (!result.noWebhookResponse)
			res
				.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
				.end(String(result.webhookResponse ?? ''));

		// What n8n's waiting webhooks do before running the execution on: the waiting node
		// passes the answer on instead of running again.
		const data = this.data;
		data.waitTill = undefined;
		const entry = data.executionData!.nodeExecutionStack[0];
		entry.node = { ...entry.node, disabled: true };
		entry.data.main = result.workflowData;
		data.resultData.runData[data.resultData.lastNodeExecuted!]?.pop();
		const run = await new WorkflowExecute(
			this.additionalData,
			'webhook',
			data,
		).processRunExecutionData(this.workflow);
		return {
			statusCode: res.statusCode,
			headers: res.headers,
			body: res.body,
			run: this.keep(run),
		};
	}

	/** The time limit passed: n8n's wait tracker runs the execution on with its wait date still set. */
	async timeOut(): Promise<IRun> {
		const run = await new WorkflowExecute(
			this.additionalData,
			'webhook',
			this.data!,
		).processRunExecutionData(this.workflow);
		return this.keep(run);
	}
}

/** A node's last output items in a run. */
export function outputOf(run: IRun, node: string): IDataObject[] {
	return (run.data.resultData.runData[node]?.at(-1)?.data?.main?.[0] ?? []).map(
		(item) => item.json,
	);
}
