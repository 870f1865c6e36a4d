import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { isSid } from '../domain/sids';

export interface BasicAuth {
	username: string;
	password: string;
}

/** Basic-auth user and password for Twilio's REST API, checked so a typo fails with a clear message. */
export function twilioBasicAuth(credentials: ICredentialDataDecryptedObject): BasicAuth {
	const accountSid = String(credentials.accountSid ?? '').trim();
	if (!isSid('account', accountSid)) {
		throw new Error(
			'The Account SID must be "AC" followed by 32 hexadecimal characters (see the Twilio console)',
		);
	}
	if (credentials.authType === 'authToken') {
		const authToken = String(credentials.authToken ?? '');
		if (!authToken)
			throw new Error('The Auth Token is required when the authentication type is "Auth Token"');
		return { username: accountSid, password: authToken };
	}
	const apiKeySid = String(credentials.apiSid ?? '').trim();
	if (!isSid('apiKey', apiKeySid)) {
		throw new Error('The API Key SID must be "SK" followed by 32 hexadecimal characters');
	}
	const apiKeySecret = String(credentials.apiKeySecret ?? '');
	if (!apiKeySecret) throw new Error('The API Key Secret is required');
	return { username: apiKeySid, password: apiKeySecret };
}

/** What an `Authorization: Basic …` header carries: `user:password` in base64. */
export function basicAuthToken({ username, password }: BasicAuth): string {
	return Buffer.from(`${username}:${password}`).toString('base64');
}
