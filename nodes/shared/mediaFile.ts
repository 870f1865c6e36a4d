import type { IBinaryData, IExecuteFunctions, IWebhookFunctions } from 'n8n-workflow';
import { twilioRequest } from './transport';

export interface MediaFile {
	/** The media resource's path under the account, without `.json`: that is the file itself. */
	path: string;
	/** Names the file: `<media SID>.<extension>`. */
	mediaSid: string;
	/** The content type Twilio reported for the file; an empty or missing one lets n8n detect it. */
	contentType: unknown;
	/** What the request is doing, for its error message. */
	action: string;
	itemIndex?: number;
}

/**
 * Downloads one media file of a message as n8n binary data. The request goes to the credential's own
 * host (Twilio may require the account's credentials for it, then redirects to its CDN).
 */
export async function downloadMediaFile(
	context: IExecuteFunctions | IWebhookFunctions,
	media: MediaFile,
): Promise<IBinaryData> {
	const body = await twilioRequest<Buffer | ArrayBuffer>(context, {
		method: 'GET',
		product: 'api',
		path: media.path,
		binary: true,
		action: media.action,
		itemIndex: media.itemIndex,
	});
	const contentType =
		typeof media.contentType === 'string' && media.contentType !== ''
			? media.contentType
			: undefined;
	const file = await context.helpers.prepareBinaryData(
		Buffer.from(body as ArrayBuffer),
		undefined,
		contentType,
	);
	file.fileName = file.fileExtension ? `${media.mediaSid}.${file.fileExtension}` : media.mediaSid;
	return file;
}
