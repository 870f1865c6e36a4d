import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IHttpRequestOptions,
	INodeProperties,
	Icon,
} from 'n8n-workflow';
import { twilioBasicAuth } from '../nodes/shared/transport/basicAuth';

/** Mirrors `twilioBaseUrl('api', …)` in the transport; a test keeps the two in step. */
const API_BASE_URL_EXPRESSION =
	"={{ $credentials.baseUrlOverride ? $credentials.baseUrlOverride.trim().replace(/\\/+$/, '') : " +
	"'https://api.' + [$credentials.edge || { ie1: 'dublin', au1: 'sydney' }[$credentials.region] || '', " +
	"($credentials.region || 'us1') === 'us1' && !$credentials.edge ? '' : $credentials.region || 'us1', 'twilio.com']" +
	".filter(part => part).join('.') }}";

export class TwilioMessagingApi implements ICredentialType {
	name = 'twilioMessagingApi';

	displayName = 'Twilio Messaging API';

	icon: Icon = { light: 'file:../icons/twilio.svg', dark: 'file:../icons/twilio.dark.svg' };

	documentationUrl = 'https://www.twilio.com/docs/iam/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'Account SID',
			name: 'accountSid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			description:
				'Your account\'s SID, "AC" followed by 32 hexadecimal characters, from the Twilio console home page',
		},
		{
			displayName: 'Authentication Type',
			name: 'authType',
			type: 'options',
			default: 'apiKey',
			options: [
				{
					name: 'API Key',
					value: 'apiKey',
					description:
						"Recommended: a key you can revoke without changing the account's Auth Token",
				},
				{ name: 'Auth Token', value: 'authToken', description: "The account's primary Auth Token" },
			],
		},
		{
			displayName: 'API Key SID',
			name: 'apiSid',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'SKxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
			displayOptions: { show: { authType: ['apiKey'] } },
			description:
				'Create a Standard API key in the Twilio console under Account > API keys & tokens',
		},
		{
			displayName: 'API Key Secret',
			name: 'apiKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['apiKey'] } },
		},
		{
			displayName: 'Auth Token',
			name: 'authToken',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Required for the Auth Token authentication type. With an API key it is optional, but the Twilio Messaging Trigger needs it to verify that webhook requests really come from Twilio.',
		},
		{
			displayName: 'Region',
			name: 'region',
			type: 'options',
			default: 'us1',
			options: [
				{ name: 'United States (US1)', value: 'us1' },
				{ name: 'Ireland (IE1)', value: 'ie1' },
				{ name: 'Australia (AU1)', value: 'au1' },
			],
			description: "Where your account's data is processed and stored",
		},
		{
			displayName: 'Edge',
			name: 'edge',
			type: 'options',
			default: '',
			options: [
				{ name: 'Ashburn', value: 'ashburn' },
				{ name: 'Default for the Region', value: '' },
				{ name: 'Dublin', value: 'dublin' },
				{ name: 'Frankfurt', value: 'frankfurt' },
				{ name: 'São Paulo', value: 'sao-paulo' },
				{ name: 'Singapore', value: 'singapore' },
				{ name: 'Sydney', value: 'sydney' },
				{ name: 'Tokyo', value: 'tokyo' },
				{ name: 'Umatilla', value: 'umatilla' },
			],
			description:
				'The Twilio edge location the requests enter through, e.g. Dublin for IE1 or Sydney for AU1',
		},
		{
			displayName: 'Base URL Override',
			name: 'baseUrlOverride',
			type: 'string',
			default: '',
			placeholder: 'http://127.0.0.1:4010',
			description:
				'Advanced: one URL that replaces every Twilio host (api, content, messaging), to test against a local fake Twilio without sending real messages. Leave empty for Twilio.',
		},
	];

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return { ...requestOptions, auth: twilioBasicAuth(credentials) };
	}

	// Standard API keys cannot read /Accounts/{sid}.json; a one-item list under the account works for
	// both auth types and fails for a wrong secret (401, Twilio error 20003) and for a key of
	// another account (404, error 20404). n8n matches the rules on the HTTP status.
	test: ICredentialTestRequest = {
		request: {
			baseURL: API_BASE_URL_EXPRESSION,
			url: '=/2010-04-01/Accounts/{{ $credentials.accountSid.trim() }}/IncomingPhoneNumbers.json',
			qs: { PageSize: 1 },
		},
		rules: [
			{
				type: 'responseCode',
				properties: {
					value: 401,
					message:
						'Twilio rejected the API Key SID and API Key Secret (or, with Auth Token authentication, the Auth Token): error 20003. Copy them again from the Twilio console; a deleted key is rejected too.',
				},
			},
			{
				type: 'responseCode',
				properties: {
					value: 404,
					message:
						"Twilio accepted the key but not for this Account SID: error 20404. The API key (or Auth Token) belongs to another account or subaccount, or the Account SID is not the key's account.",
				},
			},
		],
	};
}
