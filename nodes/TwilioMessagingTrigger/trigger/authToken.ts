import { NodeOperationError, type IHookFunctions, type IWebhookFunctions } from 'n8n-workflow';
import { twilioSession } from '../../shared/transport';
import type { TriggerSettings } from './settings';

export const MISSING_AUTH_TOKEN =
	'The credential has no Auth Token, which the Twilio Messaging Trigger needs to check that requests come from Twilio';

const MISSING_AUTH_TOKEN_HINT =
	'Add the account\'s Auth Token (Twilio console > Account > API keys & tokens) to the credential: it is optional for API keys but Twilio signs every webhook with it. Or turn off "Verify Signature", which lets anyone who knows the URL start the workflow.';

/** The Auth Token Twilio signs webhooks with; API-key credentials may lack it. */
export async function signingToken(
	context: IHookFunctions | IWebhookFunctions,
): Promise<string | undefined> {
	const { credentials } = await twilioSession(context);
	const token = String(credentials.authToken ?? '').trim();
	return token === '' ? undefined : token;
}

export async function assertCanVerify(
	context: IHookFunctions,
	settings: TriggerSettings,
): Promise<void> {
	if (!settings.verifySignature) return;
	if ((await signingToken(context)) === undefined) {
		throw new NodeOperationError(context.getNode(), MISSING_AUTH_TOKEN, {
			description: MISSING_AUTH_TOKEN_HINT,
		});
	}
}
