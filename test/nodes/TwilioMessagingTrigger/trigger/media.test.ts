import nock from 'nock';
import type { IBinaryData } from 'n8n-workflow';
import { twilioNock } from '../../../contract/recorder';
import { ACCOUNT_PATH, BASE_URL, apiKeyCredentials, AUTH_TOKEN } from '../../../fixtures/twilio';
import {
	MEDIA_SIDS,
	MMS_SID,
	inboundMms,
	inboundSms,
	mediaUrl,
} from '../../../fixtures/twilioWebhooks';
import { twilioFormRequest } from '../../../harness/twilioWebhook';
import { TriggerHarness, binaryBytes } from '../../../harness/webhook';

const CDN = 'https://media.cdn.example.net';
const FILES = [
	Buffer.from('\xff\xd8\xff\xe0 jpeg bytes', 'latin1'),
	Buffer.from('\x89PNG png bytes', 'latin1'),
	Buffer.from('mp4 bytes'),
];

function trigger(downloadMedia: boolean): TriggerHarness {
	return new TriggerHarness({
		credentials: { ...apiKeyCredentials, authToken: AUTH_TOKEN },
		parameters: { events: ['inbound'], options: { downloadMedia } },
	});
}

/** Twilio answers a media URL with a redirect to its CDN, which wants no Twilio credentials. */
function serveMedia(indexes: number[]): void {
	for (const index of indexes) {
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${MMS_SID}/Media/${MEDIA_SIDS[index]}`)
			.basicAuth({
				user: String(apiKeyCredentials.apiSid),
				pass: String(apiKeyCredentials.apiKeySecret),
			})
			.reply(307, '', { Location: `${CDN}/files/${index}?Signature=abc` });
		nock(CDN, { badheaders: ['authorization'] })
			.get(`/files/${index}`)
			.query(true)
			.reply(200, FILES[index]);
	}
}

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => nock.cleanAll());

describe('Download Media', () => {
	it('puts every file of an MMS into binary data, with type and name, after answering Twilio', async () => {
		serveMedia([0, 1, 2]);
		const node = trigger(true);
		const delivery = await node.deliver(twilioFormRequest(node.url(), inboundMms));
		expect(delivery.statusCode).toBe(200);
		const [item] = delivery.items;
		expect(Object.keys(item.binary ?? {})).toEqual(['media0', 'media1', 'media2']);
		const files = item.binary as Record<string, IBinaryData>;
		expect(files.media0).toMatchObject({
			mimeType: 'image/jpeg',
			fileName: `${MEDIA_SIDS[0]}.jpg`,
		});
		expect(files.media1).toMatchObject({ mimeType: 'image/png', fileName: `${MEDIA_SIDS[1]}.png` });
		expect(files.media2).toMatchObject({ mimeType: 'video/mp4', fileName: `${MEDIA_SIDS[2]}.mp4` });
		for (const [index, key] of ['media0', 'media1', 'media2'].entries()) {
			expect(await binaryBytes(files[key])).toEqual(FILES[index]);
		}
		expect(item.json.media).toEqual(
			[0, 1, 2].map((index) =>
				expect.objectContaining({
					url: mediaUrl(MMS_SID, MEDIA_SIDS[index]),
					binaryProperty: `media${index}`,
				}),
			),
		);
		expect(nock.isDone()).toBe(true);
	});

	it('a file that cannot be downloaded is named on its entry; the others and the message still arrive', async () => {
		serveMedia([0, 2]);
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${MMS_SID}/Media/${MEDIA_SIDS[1]}`)
			.reply(404, { code: 20404, message: 'Not found', status: 404 });
		const node = trigger(true);
		const [item] = (await node.deliver(twilioFormRequest(node.url(), inboundMms))).items;
		expect(Object.keys(item.binary ?? {})).toEqual(['media0', 'media2']);
		expect((item.json.media as Array<Record<string, unknown>>)[1]).toMatchObject({
			downloadError: expect.stringContaining('not found'),
		});
	});

	it('does not send the credential to a media URL outside the account', async () => {
		const node = trigger(true);
		const params = {
			...inboundMms,
			NumMedia: '1',
			MediaUrl0: 'https://attacker.example.com/2010-04-01/Accounts/AC999/Messages/MM1/Media/ME1',
		};
		delete (params as Record<string, string>).MediaUrl1;
		delete (params as Record<string, string>).MediaUrl2;
		const [item] = (await node.deliver(twilioFormRequest(node.url(), params))).items;
		expect(item.binary).toBeUndefined();
		expect((item.json.media as Array<Record<string, unknown>>)[0].downloadError).toMatch(
			/not a media file of the credential's account/,
		);
	});

	it('downloads nothing when the option is off or the message has no media', async () => {
		const off = trigger(false);
		expect(
			(await off.deliver(twilioFormRequest(off.url(), inboundMms))).items[0].binary,
		).toBeUndefined();
		const on = trigger(true);
		expect(
			(await on.deliver(twilioFormRequest(on.url(), inboundSms))).items[0].binary,
		).toBeUndefined();
	});
});
