import { Credentials } from 'n8n-core';
import {
	ICredentialsHelper,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type ICredentialType,
	type IHttpRequestHelper,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeProperties,
	type IRequestOptionsSimplified,
	type Workflow,
} from 'n8n-workflow';

/**
 * Stores credentials encrypted with n8n-core's own cipher and decrypts them on every read, as n8n
 * does, so tests and benchmarks pay the real price of a credential read.
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
		_workflow: Workflow,
		_node: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = this.types.get(typeName)?.authenticate;
		if (typeof authenticate !== 'function') throw new Error(`credential type ${typeName} has no authenticate function`);
		return await authenticate(credentials, requestOptions as IHttpRequestOptions);
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
