import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';
import { downloadMediaFile } from '../../../shared/mediaFile';
import { requestUrl, twilioRequestAllPages, twilioSession } from '../../../shared/transport';
import { forOperation } from '../../helpers/fields';
import { fieldError } from '../../helpers/fieldError';
import { runPerItem, type ItemOutput } from '../../helpers/perItem';
import { messageSidField, messageSidParameter } from './messageSid';

export const description: INodeProperties[] = forOperation('message', 'getMedia', [
	{
		...messageSidField,
		description: 'The MMS or channel message whose images, video or documents are listed',
	},
	{
		displayName: 'Download Files',
		name: 'download',
		type: 'boolean',
		default: false,
		description:
			'Whether to download each file as binary data, for example to store it or pass it to another node',
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		hint: 'The name of the output binary field to put each file in',
		displayOptions: { show: { download: [true] } },
	},
]);

interface Plan {
	sid: string;
	download: boolean;
	binaryPropertyName: string;
}

function planGetMedia(context: IExecuteFunctions, itemIndex: number): Plan {
	const sid = messageSidParameter(context, itemIndex);
	const download = context.getNodeParameter('download', itemIndex, false) as boolean;
	const binaryPropertyName = download
		? String(context.getNodeParameter('binaryPropertyName', itemIndex, 'data')).trim()
		: '';
	if (download && binaryPropertyName === '') {
		throw fieldError(
			context.getNode(),
			itemIndex,
			'Put Output File in Field',
			'is empty: name the binary field for the files, e.g. data',
		);
	}
	return { sid, download, binaryPropertyName };
}

export async function execute(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
): Promise<INodeExecutionData[]> {
	return await runPerItem(
		this,
		items,
		(itemIndex) => planGetMedia(this, itemIndex),
		async ({ sid, download, binaryPropertyName }, itemIndex) => {
			const mediaList = await twilioRequestAllPages<IDataObject>(
				this,
				{
					method: 'GET',
					product: 'api',
					path: `/Messages/${sid}/Media.json`,
					action: `listing the media of message ${sid}`,
					itemIndex,
				},
				'media_list',
			);
			const session = await twilioSession(this);
			const output: ItemOutput[] = [];
			for (const media of mediaList) {
				const mediaSid = String(media.sid);
				// The file itself is the media resource without `.json`; Twilio may require the account's credentials for it.
				const path = `/Messages/${sid}/Media/${encodeURIComponent(mediaSid)}`;
				const json: IDataObject = { ...media, url: requestUrl(session, { product: 'api', path }) };
				if (!download) {
					output.push({ json });
					continue;
				}
				const file = await downloadMediaFile(this, {
					path,
					mediaSid,
					contentType: media.content_type,
					action: `downloading media ${mediaSid} of message ${sid}`,
					itemIndex,
				});
				output.push({ json, binary: { [binaryPropertyName]: file } });
			}
			return output;
		},
	);
}
