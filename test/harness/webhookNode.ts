import { EventEmitter } from 'events';
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'http';
import { parse as parseQueryString } from 'querystring';
import { ExecutionLifecycleHooks, HookContext, WebhookContext } from 'n8n-core';
import {
	Workflow,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeParameters,
	type INodeType,
	type IWebhookData,
	type IWebhookDescription,
	type IWorkflowBase,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import { buildAdditionalData, nodeUnderTest, workflowBase, type Harness } from './engine';

/**
 * A webhook node in an active workflow, handed requests the way n8n's webhook server hands them
 * over: n8n-core's HookContext for checkExists/create/delete, and for each request fresh additional
 * data and a WebhookContext on express-like request and response objects, without a socket. Has
 * none of this package's nodes: webhook.ts binds the trigger; the bench bundles this file.
 */

export const WEBHOOK_ID = '5b0c8a7e-1d2f-4c3b-9a8e-7f6d5c4b3a21';
export const DEFAULT_WEBHOOK_BASE = 'https://n8n.example.com/webhook';
export const DEFAULT_WEBHOOK_TEST_BASE = 'https://n8n.example.com/webhook-test';

export type TriggerMode = 'production' | 'test';

export interface WebhookRequestInit {
	/** Path and query on n8n's host; defaults to the node's webhook path for the mode. */
	path?: string;
	headers?: Record<string, string>;
	body: string | Buffer;
	mode?: TriggerMode;
	/** `onRead`: the body is only read when the node calls `readRawBody()`; `parsedOnly`: n8n parsed it and kept no raw bytes. */
	rawBody?: 'ready' | 'onRead' | 'parsedOnly';
}

/** n8n's request as the node sees it: express-like, with the raw body n8n's parser kept. */
export interface HarnessRequest extends IDataObject {
	headers: IncomingHttpHeaders;
}

/** The subset of Node's ServerResponse the node and this harness write to; records what was sent. */
export class RecordingResponse extends EventEmitter {
	statusCode = 200;

	headersSent = false;

	writableEnded = false;

	body = '';

	private readonly headers: OutgoingHttpHeaders = {};

	setHeader(name: string, value: string | number | string[]): this {
		this.headers[name.toLowerCase()] = value;
		return this;
	}

	getHeader(name: string) {
		return this.headers[name.toLowerCase()];
	}

	getHeaders(): OutgoingHttpHeaders {
		return { ...this.headers };
	}

	writeHead(statusCode: number, headers: OutgoingHttpHeaders = {}): this {
		if (this.headersSent) throw new Error('headers were already sent');
		this.statusCode = statusCode;
		for (const [name, value] of Object.entries(headers))
			if (value !== undefined) this.setHeader(name, value as string | number | string[]);
		this.headersSent = true;
		return this;
	}

	end(chunk?: string | Buffer): this {
		if (this.writableEnded) throw new Error('the response was already ended');
		this.headersSent = true;
		this.writableEnded = true;
		if (chunk !== undefined) this.body += chunk.toString();
		this.emit('finish');
		return this;
	}
}

function parseBody(contentType: string, raw: Buffer): unknown {
	if (raw.length === 0) return {};
	if (contentType.startsWith('application/json'))
		return JSON.parse(raw.toString('utf8')) as unknown;
	if (contentType.startsWith('application/x-www-form-urlencoded'))
		return { ...parseQueryString(raw.toString('utf8')) };
	return raw.toString('utf8');
}

/** The request n8n's express layer hands a webhook, with the body parsed and (unless told otherwise) the raw bytes kept. */
export function buildRequest(
	pathAndQuery: string,
	headers: IncomingHttpHeaders,
	raw: Buffer,
	rawBody: WebhookRequestInit['rawBody'] = 'ready',
): HarnessRequest {
	const contentType = String(headers['content-type'] ?? '').toLowerCase();
	const queryAt = pathAndQuery.indexOf('?');
	const request: HarnessRequest = {
		method: 'POST',
		url: pathAndQuery,
		originalUrl: pathAndQuery,
		path: queryAt === -1 ? pathAndQuery : pathAndQuery.slice(0, queryAt),
		headers,
		query: { ...parseQueryString(queryAt === -1 ? '' : pathAndQuery.slice(queryAt + 1)) },
		params: {},
		contentType: contentType.split(';')[0],
		body: parseBody(contentType, raw) as IDataObject,
	};
	if (rawBody === 'ready') request.rawBody = raw;
	if (rawBody === 'onRead') {
		request.readRawBody = async () => {
			request.rawBody = raw;
		};
	}
	return request;
}

export interface WebhookNodeOptions<T extends INodeType> {
	harness: Harness;
	nodeType: T;
	/** The node type's name in the harness's node types. */
	type: string;
	name: string;
	parameters: INodeParameters;
	credentialType: string;
	credentials?: ICredentialDataDecryptedObject;
	webhookBaseUrl?: string;
	webhookTestBaseUrl?: string;
	staticData?: IDataObject;
	/** Further nodes of the workflow and their connections. */
	nodes?: INode[];
	connections?: IWorkflowBase['connections'];
}

export class WebhookNodeHarness<T extends INodeType = INodeType> {
	readonly harness: Harness;

	readonly node: INode;

	readonly workflow: Workflow;

	readonly nodeType: T;

	protected webhookBaseUrl: string;

	protected webhookTestBaseUrl: string;

	protected readonly workflowData: IWorkflowBase;

	private executions = 0;

	constructor(options: WebhookNodeOptions<T>) {
		this.harness = options.harness;
		this.nodeType = options.nodeType;
		this.webhookBaseUrl = options.webhookBaseUrl ?? DEFAULT_WEBHOOK_BASE;
		this.webhookTestBaseUrl = options.webhookTestBaseUrl ?? DEFAULT_WEBHOOK_TEST_BASE;
		this.node = {
			...nodeUnderTest(this.harness, { ...options, position: [0, 0] }),
			id: 'trigger-under-test',
			name: options.name,
			webhookId: WEBHOOK_ID,
		};
		const nodes = [this.node, ...(options.nodes ?? [])];
		const connections = options.connections ?? {};
		this.workflowData = workflowBase({
			id: 'trigger-workflow',
			name: 'trigger test',
			active: true,
			nodes,
			connections,
		});
		this.workflow = new Workflow({
			id: this.workflowData.id,
			name: this.workflowData.name,
			nodes,
			connections,
			active: true,
			nodeTypes: this.harness.nodeTypes,
			settings: this.workflowData.settings,
			staticData: options.staticData ?? {},
		});
	}

	get webhookDescription(): IWebhookDescription {
		return this.nodeType.description.webhooks![0];
	}

	/** The node's webhook URL as n8n shows it for the mode. */
	url(mode: TriggerMode = 'production'): string {
		return `${mode === 'test' ? this.webhookTestBaseUrl : this.webhookBaseUrl}/${WEBHOOK_ID}/${this.webhookDescription.path}`;
	}

	/** The node's own static data (where registrations are saved). */
	get staticData(): IDataObject {
		return this.workflow.getStaticData('node', this.node);
	}

	protected n8nMode(mode: TriggerMode, hook: boolean): WorkflowExecuteMode {
		if (mode === 'test') return 'manual';
		return hook ? 'trigger' : 'webhook';
	}

	protected additionalData(
		mode: TriggerMode,
		extra: Partial<IWorkflowExecuteAdditionalData> = {},
	): IWorkflowExecuteAdditionalData {
		const executionId = `execution-${++this.executions}`;
		return {
			...buildAdditionalData(this.harness, this.workflowData, executionId),
			hooks: new ExecutionLifecycleHooks(this.n8nMode(mode, false), executionId, this.workflowData),
			webhookBaseUrl: this.webhookBaseUrl,
			webhookTestBaseUrl: this.webhookTestBaseUrl,
			...extra,
		};
	}

	private webhookData(
		mode: TriggerMode,
		additionalData: IWorkflowExecuteAdditionalData,
	): IWebhookData {
		return {
			httpMethod: 'POST',
			node: this.node.name,
			path: `${WEBHOOK_ID}/${this.webhookDescription.path}`,
			webhookDescription: this.webhookDescription,
			workflowId: this.workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: WEBHOOK_ID,
			isTest: mode === 'test',
		};
	}

	/** n8n's HookContext for the lifecycle methods; `test` is a manual "listen for test event". */
	hookContext(
		mode: TriggerMode = 'production',
		activation: WorkflowActivateMode = 'activate',
	): HookContext {
		const additionalData = this.additionalData(mode);
		return new HookContext(
			this.workflow,
			this.node,
			additionalData,
			this.n8nMode(mode, true),
			mode === 'test' ? 'manual' : activation,
			this.webhookData(mode, additionalData),
		);
	}

	/** The request a webhook call arrives as at n8n (its path by default the node's webhook path for the mode). */
	request(init: WebhookRequestInit): HarnessRequest {
		const path = init.path ?? new URL(this.url(init.mode)).pathname;
		const raw = Buffer.isBuffer(init.body) ? init.body : Buffer.from(init.body, 'utf8');
		const headers: IncomingHttpHeaders = {
			'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
		};
		for (const [name, value] of Object.entries(init.headers ?? {}))
			headers[name.toLowerCase()] = value;
		return buildRequest(path, headers, raw, init.rawBody);
	}

	/** What n8n's webhook server builds for one request: its additional data and the WebhookContext the node's webhook() runs in. */
	webhookContext(
		req: HarnessRequest,
		res: unknown,
		mode: TriggerMode = 'production',
	): { context: WebhookContext; additionalData: IWorkflowExecuteAdditionalData } {
		const additionalData = this.additionalData(mode, {
			httpRequest: req as never,
			httpResponse: res as never,
		});
		const context = new WebhookContext(
			this.workflow,
			this.node,
			additionalData,
			this.n8nMode(mode, false),
			this.webhookData(mode, additionalData),
			[],
			null,
		);
		return { context, additionalData };
	}
}
