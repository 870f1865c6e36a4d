import type { IBinaryKeyData, IWebhookFunctions } from 'n8n-workflow';
import { downloadMediaFile } from '../../shared/mediaFile';
import { twilioSession } from '../../shared/transport';
import type { MediaEntry } from './normalize';

/**
 * The media file's path under the account, from the URL Twilio put in the webhook. The request
 * goes to the credential's own host, so the credential is never sent anywhere else.
 */
function accountPath(url: string, accountSid: string): string | undefined {
	let pathname: string;
	try {
		pathname = new URL(url).pathname;
	} catch {
		return undefined;
	}
	const prefix = `/2010-04-01/Accounts/${accountSid}/`;
	return pathname.startsWith(prefix) ? pathname.slice(prefix.length - 1) : undefined;
}

/**
 * Downloads each media file into binary properties `media0`, `media1`… A file that cannot be
 * downloaded gets a `downloadError` on its media entry, so the message itself still reaches the
 * workflow (Twilio has already been answered and will not send it again).
 */
export async function downloadMedia(
	context: IWebhookFunctions,
	media: MediaEntry[],
	messageSid: string,
): Promise<IBinaryKeyData> {
	const { accountSid } = await twilioSession(context);
	const binary: IBinaryKeyData = {};
	for (const [index, entry] of media.entries()) {
		const path = accountPath(entry.url, accountSid);
		if (!path) {
			entry.downloadError = "The media URL is not a media file of the credential's account";
			continue;
		}
		try {
			const file = await downloadMediaFile(context, {
				path,
				mediaSid: path.split('/').pop() ?? `media${index}`,
				contentType: entry.contentType,
				action: `downloading media ${index} of message ${messageSid}`,
			});
			binary[`media${index}`] = file;
			entry.binaryProperty = `media${index}`;
		} catch (error) {
			entry.downloadError = (error as Error).message;
			context.logger.warn(
				`Could not download media ${index} of message ${messageSid}: ${(error as Error).message}`,
			);
		}
	}
	return binary;
}
