import 'reflect-metadata';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { createServer, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'http';
import type { AddressInfo } from 'net';
import { BinaryDataService, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IExecuteFunctions,
	type IBinaryData,
	type IExecuteResponsePromiseData,
	type IN8nHttpFullResponse,
	type INode,
	type INodeExecutionData,
	type INodeParameters,
	type INodeType,
	type IRun,
	type IWebhookResponseData,
	type IWorkflowBase,
	type WorkflowExecuteMode,
} from 'n8n-workflow';
import { TwilioMessagingTrigger } from '../../nodes/TwilioMessagingTrigger/TwilioMessagingTrigger.node';
import { authTokenCredentials } from '../fixtures/twilio';
import { ensureBinaryData } from './engine';
import { jsonParameter, standInDescription } from './nodeTypes';
import { CREDENTIAL_TYPE, PACKAGE, createHarness } from './workflow';
import {
	RecordingResponse,
	WebhookNodeHarness,
	buildRequest,
	type HarnessRequest,
	type TriggerMode,
	type WebhookRequestInit,
} from './webhookNode';

export {
	DEFAULT_WEBHOOK_BASE,
	DEFAULT_WEBHOOK_TEST_BASE,
	WEBHOOK_ID,
	type TriggerMode,
	type WebhookRequestInit,
} from './webhookNode';

/**
 * Runs the trigger the way n8n's webhook server does, through n8n-core's real HookContext (for
 * checkExists/create/delete) and WebhookContext (for each request), with encrypted credentials,
 * workflow static data that lives as long as the harness, and WorkflowExecute for the executions
 * a request starts. Requests go in either directly (`deliver`, fast) or over real HTTP on
 * 127.0.0.1 (`listen`, for a fake Twilio such as the sandbox to call).
 */

export const TRIGGER_NODE_TYPE = `${PACKAGE}.twilioMessagingTrigger`;
export const TRIGGER_NODE_NAME = 'Twilio Trigger';
export const RESPOND_NODE_TYPE = 'test.respond';
export const SET_FIELDS_NODE_TYPE = 'test.setFields';

export interface LogRecord {
	level: string;
	message: string;
	meta?: unknown;
}

/**
 * Everything n8n code logs in this test file (the nodes' `this.logger` included), kept here
 * instead of printed, so tests can check what is (and is never) logged.
 */
export const nodeLogs: LogRecord[] = [];

const recordingLogger: object = new Proxy(
	{},
	{
		get: (_target, level) =>
			level === 'scoped'
				? () => recordingLogger
				: (message: unknown, meta?: unknown) => {
						nodeLogs.push({ level: String(level), message: String(message), meta });
					},
	},
);
Container.set(Logger, recordingLogger as Logger);

/** Stands in for n8n's Respond to Webhook node: answers with the response in its parameters. */
class RespondStandIn implements INodeType {
	description = standInDescription({
		name: 'respond',
		displayName: 'Respond',
		description: 'Answers the webhook request',
		properties: [{ displayName: 'Response', name: 'response', type: 'json', default: '{}' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const response = jsonParameter<IN8nHttpFullResponse>(this, 'response');
		this.sendResponse({
			body: response.body,
			headers: response.headers ?? {},
			statusCode: response.statusCode ?? 200,
		});
		return [this.getInputData()];
	}
}

/** Stands in for an Edit Fields node: adds the fields in its parameters to every item. */
class SetFieldsStandIn implements INodeType {
	description = standInDescription({
		name: 'setFields',
		displayName: 'Set Fields',
		description: 'Adds fields to every item',
		properties: [{ displayName: 'Fields', name: 'fields', type: 'json', default: '{}' }],
	});

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const fields = jsonParameter<IDataObject>(this, 'fields');
		return [this.getInputData().map((item) => ({ json: { ...item.json, ...fields } }))];
	}
}

export interface TriggerOptions {
	parameters: INodeParameters;
	credentials?: ICredentialDataDecryptedObject;
	webhookBaseUrl?: string;
	webhookTestBaseUrl?: string;
	/** Adds a Respond node after the trigger that answers with this response (statusCode, headers, body). */
	respondWith?: IDataObject;
	/** Adds an Edit Fields stand-in after the trigger that adds these fields (the workflow's last node). */
	setFields?: IDataObject;
	staticData?: IDataObject;
}

export interface Delivery {
	statusCode: number;
	headers: OutgoingHttpHeaders;
	body: string;
	/** What the node's webhook() returned, or the error it threw. */
	result?: IWebhookResponseData;
	error?: Error;
	/** The execution the request started, if any. */
	run?: IRun;
	/** The trigger's output items in that execution ([] when none started). */
	items: INodeExecutionData[];
}

export class TriggerHarness extends WebhookNodeHarness<TwilioMessagingTrigger> {
	/** Every request the harness handled, in order. */
	readonly deliveries: Delivery[] = [];

	private readonly inFlight = new Set<Promise<Delivery>>();

	constructor(options: TriggerOptions) {
		const nodes: INode[] = [];
		const connections: IWorkflowBase['connections'] = {};
		if (options.respondWith) {
			nodes.push({
				id: 'respond',
				name: 'Respond',
				type: RESPOND_NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters: { response: JSON.stringify(options.respondWith) },
			});
			connections[TRIGGER_NODE_NAME] = { main: [[{ node: 'Respond', type: 'main', index: 0 }]] };
		}
		if (options.setFields) {
			nodes.push({
				id: 'set-fields',
				name: 'Set Fields',
				type: SET_FIELDS_NODE_TYPE,
				typeVersion: 1,
				position: [200, 0],
				parameters: { fields: JSON.stringify(options.setFields) },
			});
			connections[TRIGGER_NODE_NAME] = { main: [[{ node: 'Set Fields', type: 'main', index: 0 }]] };
		}
		const nodeType = new TwilioMessagingTrigger();
		super({
			...options,
			harness: createHarness({
				[TRIGGER_NODE_TYPE]: nodeType,
				[RESPOND_NODE_TYPE]: new RespondStandIn(),
				[SET_FIELDS_NODE_TYPE]: new SetFieldsStandIn(),
			}),
			nodeType,
			type: TRIGGER_NODE_TYPE,
			name: TRIGGER_NODE_NAME,
			credentialType: CREDENTIAL_TYPE,
			nodes,
			connections,
		});
	}

	/** Stands for n8n creating the execution; a test makes it throw to act as a database that refuses. */
	acceptExecution: () => void = () => {};

	async checkExists(mode: TriggerMode = 'production'): Promise<boolean> {
		return await this.nodeType.webhookMethods.default.checkExists.call(this.hookContext(mode));
	}

	async create(mode: TriggerMode = 'production'): Promise<boolean> {
		return await this.nodeType.webhookMethods.default.create.call(this.hookContext(mode));
	}

	async delete(mode: TriggerMode = 'production'): Promise<boolean> {
		return await this.nodeType.webhookMethods.default.delete.call(this.hookContext(mode));
	}

	/** n8n's activation: create only when checkExists says the webhook is missing. */
	async activate(mode: TriggerMode = 'production'): Promise<void> {
		if (!(await this.checkExists(mode))) await this.create(mode);
	}

	/** Hands one request to the node as n8n's webhook server would, without a socket. */
	async deliver(init: WebhookRequestInit): Promise<Delivery> {
		const res = new RecordingResponse();
		return await this.dispatch(
			this.request(init),
			res as unknown as ServerResponse,
			init.mode ?? 'production',
			() => res.body,
		);
	}

	/**
	 * Serves n8n's webhook paths on 127.0.0.1 (any port) and points the webhook base URLs there,
	 * so the node's URL is a real, reachable one.
	 */
	async listen(): Promise<{ baseUrl: string; close: () => Promise<void> }> {
		const server: Server = createServer((req, res) => {
			const chunks: Buffer[] = [];
			req.on('data', (chunk: Buffer) => chunks.push(chunk));
			req.on('end', () => {
				const path = req.url ?? '/';
				const mode: TriggerMode | undefined = path.startsWith('/webhook-test/')
					? 'test'
					: path.startsWith('/webhook/')
						? 'production'
						: undefined;
				if (
					req.method !== 'POST' ||
					mode === undefined ||
					path.split('?')[0] !== new URL(this.url(mode)).pathname
				) {
					res.writeHead(404).end();
					return;
				}
				let body = '';
				const end = res.end.bind(res) as (chunk?: string | Buffer) => ServerResponse;
				res.end = ((chunk?: string | Buffer) => {
					if (chunk !== undefined && typeof chunk !== 'function') body += chunk.toString();
					return end(chunk);
				}) as ServerResponse['end'];
				const handling = this.dispatch(
					buildRequest(path, req.headers, Buffer.concat(chunks)),
					res,
					mode,
					() => body,
				);
				this.inFlight.add(handling);
				void handling.finally(() => this.inFlight.delete(handling));
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const { port } = server.address() as AddressInfo;
		const baseUrl = `http://127.0.0.1:${port}`;
		this.webhookBaseUrl = `${baseUrl}/webhook`;
		this.webhookTestBaseUrl = `${baseUrl}/webhook-test`;
		return {
			baseUrl,
			close: async () =>
				await new Promise<void>((resolve, reject) =>
					server.close((error) => (error ? reject(error) : resolve())),
				),
		};
	}

	/**
	 * Resolves when every request that came in over HTTP is fully handled: the node answers Twilio
	 * first and downloads media and runs the workflow afterwards.
	 */
	async idle(): Promise<void> {
		while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
	}

	private async dispatch(
		req: HarnessRequest,
		res: ServerResponse,
		mode: TriggerMode,
		sentBody: () => string,
	): Promise<Delivery> {
		const delivery: Delivery = { statusCode: 0, headers: {}, body: '', items: [] };
		this.deliveries.push(delivery);
		try {
			await this.handle(req, res, mode, delivery);
		} finally {
			Object.assign(delivery, {
				statusCode: res.statusCode,
				headers: res.getHeaders(),
				body: sentBody(),
			});
		}
		return delivery;
	}

	private async handle(
		req: HarnessRequest,
		res: ServerResponse,
		mode: TriggerMode,
		delivery: Delivery,
	): Promise<void> {
		await ensureBinaryData();
		const respond = (statusCode: number, body: unknown, headers: OutgoingHttpHeaders = {}) => {
			if (res.headersSent) return;
			const text = typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body);
			res.writeHead(statusCode, {
				'content-type':
					typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8',
				...headers,
			});
			res.end(text);
		};
		const { context, additionalData } = this.webhookContext(req, res, mode);
		additionalData.hooks!.addHandler('sendResponse', (response: IExecuteResponsePromiseData) => {
			const full = response as IN8nHttpFullResponse;
			respond(full.statusCode ?? 200, full.body, full.headers as OutgoingHttpHeaders);
		});
		const n8nMode = this.n8nMode(mode, false);
		try {
			delivery.result = await this.nodeType.webhook.call(context);
		} catch (error) {
			delivery.error = error as Error;
			respond(500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			return;
		}
		const result = delivery.result;
		const responseMode = this.workflow.expression.getSimpleParameterValue(
			this.node,
			this.webhookDescription.responseMode,
			n8nMode,
			{},
			undefined,
			'onReceived',
		);
		if (result.workflowData === undefined) {
			if (!result.noWebhookResponse)
				respond(200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		// n8n 2.x answers an onReceived webhook only once WorkflowRunner.run accepted the execution
		// (a failure there, e.g. a database lock timeout, is answered 500).
		try {
			this.acceptExecution();
		} catch {
			respond(500, { code: 0, message: 'There was a problem executing the workflow' });
			return;
		}
		if (responseMode === 'onReceived' && !result.noWebhookResponse) {
			const value = (name: unknown) =>
				this.workflow.expression.getComplexParameterValue(
					this.node,
					name as string,
					n8nMode,
					{},
					undefined,
					undefined,
				);
			const responseData = value(this.webhookDescription.responseData);
			const headers =
				(
					value(this.webhookDescription.responseHeaders) as
						{ entries?: Array<{ name: string; value: string }> } | undefined
				)?.entries ?? [];
			const body = responseData || (result.webhookResponse ?? { message: 'Workflow was started' });
			respond(
				200,
				body,
				Object.fromEntries(
					headers.map(({ name, value: headerValue }) => [name.toLowerCase(), headerValue]),
				),
			);
		}
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [
					{ node: this.node, data: { main: result.workflowData }, source: null },
				],
			},
		});
		delivery.run = await new WorkflowExecute(
			additionalData,
			n8nMode,
			runExecutionData,
		).processRunExecutionData(this.workflow);
		delivery.items =
			delivery.run.data.resultData.runData[TRIGGER_NODE_NAME]?.[0]?.data?.main?.[0] ?? [];
		if (responseMode === 'responseNode')
			respond(200, { message: 'Workflow executed without answering the webhook' });
		if (responseMode === 'lastNode') this.respondWithLastNode(delivery.run, n8nMode, respond);
	}

	/** What n8n does for `lastNode` with `firstEntryJson`: the named field of the last node's first item. */
	private respondWithLastNode(
		run: IRun,
		mode: WorkflowExecuteMode,
		respond: (statusCode: number, body: unknown, headers?: OutgoingHttpHeaders) => void,
	): void {
		const lastNode = run.data.resultData.lastNodeExecuted ?? TRIGGER_NODE_NAME;
		const first = run.data.resultData.runData[lastNode]?.[0]?.data?.main?.[0]?.[0]?.json;
		if (first === undefined) return respond(500, { message: 'No item to return got found' });
		const value = (name: string | undefined) =>
			this.workflow.expression.getSimpleParameterValue(
				this.node,
				name,
				mode,
				{},
				undefined,
				undefined,
			);
		const property = value(this.webhookDescription.responsePropertyName as string | undefined) as
			string | undefined;
		const contentType = value(this.webhookDescription.responseContentType as string | undefined) as
			string | undefined;
		const data = property ? first[property] : first;
		respond(
			200,
			typeof data === 'string' ? data : JSON.stringify(data ?? ''),
			contentType ? { 'content-type': contentType } : {},
		);
	}
}

/** The bytes of binary data a node produced, wherever n8n-core stored them. */
export async function binaryBytes(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** The trigger with the Auth Token credential, both events unless `parameters` says otherwise. */
export function signedTrigger(
	parameters: INodeParameters = {},
	options: Partial<TriggerOptions> = {},
): TriggerHarness {
	return new TriggerHarness({
		credentials: authTokenCredentials,
		...options,
		parameters: { events: ['inbound', 'status'], ...parameters },
	});
}
