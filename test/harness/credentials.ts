import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IDataObject,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type Workflow,
	isExpression,
} from 'n8n-workflow';

/**
 * Stores credentials encrypted with n8n-core's own cipher and decrypts them on every read, as n8n
 * does, so tests and benchmarks pay the real price of a credential read. Authenticates requests as
 * n8n's CredentialsHelper does: with the credential type's function, or with its generic
 * (declarative) properties, which n8n-nodes-base's `twilioApi` credential uses.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	private readonly store = new Map<string, Credentials>();

	reads = 0;

	constructor(private readonly types: Map<string, ICredentialType>) {
		super();
	}

	add(id: string, type: string, data: ICredentialDataDecryptedObject): INodeCredentialsDetails {
		const credentials = new Credentials({ id, name: `${type} ${id}` }, type);
		credentials.setData(data);
		this.store.set(id, credentials);
		return { id, name: `${type} ${id}` };
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow: Workflow,
		node: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.types.get(typeName)?.authenticate;
		if (typeof authenticate === 'function')
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		if (authenticate?.type !== 'generic')
			throw new Error(`credential type ${typeName} does not say how to authenticate`);
		const resolve = (value: string): string => {
			if (!isExpression(value)) return value;
			const resolved = workflow.expression.getSimpleParameterValue(
				node,
				value,
				'internal',
				{ $credentials: credentials },
				undefined,
				'',
			);
			return resolved ? String(resolved) : '';
		};
		const options = requestOptions as IHttpRequestOptions & Record<string, IDataObject | undefined>;
		for (const [outerKey, outerValue] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(outerValue as Record<string, string>)) {
				options[outerKey] ??= {};
				options[outerKey][resolve(key)] = resolve(value);
			}
		}
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails): Promise<ICredentials> {
		const credentials = this.store.get(nodeCredentials.id ?? '');
		if (!credentials) throw new Error(`no credentials with id ${nodeCredentials.id}`);
		return credentials;
	}

	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		const credentials = (await this.getCredentials(nodeCredentials)) as Credentials;
		const data = credentials.getData();
		// n8n fills in the defaults of properties the stored data does not have.
		for (const property of this.getCredentialsProperties(type)) {
			if (data[property.name] === undefined && property.default !== undefined) {
				data[property.name] = property.default as ICredentialDataDecryptedObject[string];
			}
		}
		return data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.types.get(type)?.properties ?? [];
	}
}
