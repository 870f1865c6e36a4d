import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import nock from 'nock';
import type { IBinaryData, IDataObject } from 'n8n-workflow';
import { expectAllRequestsMatchTwilioSpec, twilioNock } from '../../../../contract/recorder';
import { ACCOUNT_PATH, ACCOUNT_SID, BASE_URL, sid } from '../../../../fixtures/twilio';
import {
	apiPage,
	byId,
	offline,
	requestCount,
	runOperation,
	twilioError,
} from '../../../../helpers/operations';

offline();
afterEach(() => {
	expectAllRequestsMatchTwilioSpec();
	nock.cleanAll();
});

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const PDF = Buffer.from('%PDF-1.7 invoice');

function mediaFixture(messageSid: string, contentType: string): IDataObject {
	const mediaSid = sid('ME');
	return {
		account_sid: ACCOUNT_SID,
		content_type: contentType,
		date_created: 'Mon, 23 Nov 2026 12:00:00 +0000',
		date_updated: 'Mon, 23 Nov 2026 12:00:00 +0000',
		parent_sid: messageSid,
		sid: mediaSid,
		uri: `${ACCOUNT_PATH}/Messages/${messageSid}/Media/${mediaSid}.json`,
	};
}

/** The stored bytes, read back through n8n's binary data service whatever its mode. */
async function bytes(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

/** The media list of a message, split into pages that link to each other. */
function mediaPages(messageSid: string, pages: IDataObject[][]): nock.Scope {
	const path = `/Messages/${messageSid}/Media.json`;
	const scope = twilioNock(BASE_URL);
	pages.forEach((entries, page) => {
		scope
			.get(`${ACCOUNT_PATH}${path}`)
			.query((qs) => Number(qs.Page ?? 0) === page)
			.reply(200, apiPage(path, 'media_list', entries, page, page < pages.length - 1));
	});
	return scope;
}

/**
 * The file behind a media resource. Twilio's OpenAPI spec describes only the JSON resource, so
 * these requests are answered outside the contract recorder.
 */
function mediaFile(media: IDataObject): nock.Interceptor {
	return nock(BASE_URL).get(String(media.uri).replace(/\.json$/, ''));
}

describe('Message > Get Media', () => {
	it('lists every media file of the message across pages, with its URL and content type', async () => {
		const messageSid = sid('MM');
		const pages = [
			[mediaFixture(messageSid, 'image/png')],
			[mediaFixture(messageSid, 'application/pdf')],
		];
		const scope = mediaPages(messageSid, pages);

		const run = await runOperation('message', 'getMedia', { messageSid: byId(messageSid) });

		expect(run.error).toBeUndefined();
		expect(scope.isDone()).toBe(true);
		expect(run.json).toEqual(
			pages.flat().map((media) => ({
				...media,
				url: `${BASE_URL}${String(media.uri).replace(/\.json$/, '')}`,
			})),
		);
		expect(run.output.every((item) => item.binary === undefined)).toBe(true);
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }]);
	});

	it("downloads each file as binary data, following Twilio's redirect to its CDN", async () => {
		const messageSid = sid('MM');
		const image = mediaFixture(messageSid, 'image/png');
		const invoice = mediaFixture(messageSid, 'application/pdf');
		mediaPages(messageSid, [[image, invoice]]);
		const cdn = 'https://s3-external-1.amazonaws.com';
		mediaFile(image).reply(302, '', {
			Location: `${cdn}/media.twiliocdn.com/${ACCOUNT_SID}/image`,
		});
		const cdnScope = nock(cdn)
			.get(`/media.twiliocdn.com/${ACCOUNT_SID}/image`)
			.reply(function () {
				// The CDN link is signed; the account's credentials must not travel with the redirect.
				return [this.req.headers.authorization ? 401 : 200, PNG, { 'Content-Type': 'image/png' }];
			});
		mediaFile(invoice).reply(200, PDF, { 'Content-Type': 'application/pdf' });

		const run = await runOperation('message', 'getMedia', {
			messageSid: byId(messageSid),
			download: true,
			binaryPropertyName: 'file',
		});

		expect(run.error).toBeUndefined();
		expect(cdnScope.isDone()).toBe(true);
		expect(run.output).toHaveLength(2);
		const [png, pdf] = run.output.map((item) => item.binary!.file);
		expect(png).toMatchObject({
			mimeType: 'image/png',
			fileExtension: 'png',
			fileName: `${image.sid as string}.png`,
		});
		expect(await bytes(png)).toEqual(PNG);
		expect(pdf).toMatchObject({
			mimeType: 'application/pdf',
			fileName: `${invoice.sid as string}.pdf`,
		});
		expect(await bytes(pdf)).toEqual(PDF);
		expect(run.json[0]).toMatchObject({ sid: image.sid, content_type: 'image/png' });
	});

	it('a file Twilio reports with an empty content type is typed from its bytes', async () => {
		const messageSid = sid('MM');
		const image = mediaFixture(messageSid, '');
		mediaPages(messageSid, [[image]]);
		mediaFile(image).reply(200, PNG);

		const run = await runOperation('message', 'getMedia', {
			messageSid: byId(messageSid),
			download: true,
		});

		expect(run.error).toBeUndefined();
		expect(run.output[0].binary!.data).toMatchObject({
			mimeType: 'image/png',
			fileName: `${image.sid as string}.png`,
		});
	});

	it('gives no items for a message without media', async () => {
		const messageSid = sid('SM');
		mediaPages(messageSid, [[]]);
		const run = await runOperation('message', 'getMedia', {
			messageSid: byId(messageSid),
			download: true,
		});
		expect(run.error).toBeUndefined();
		expect(run.json).toEqual([]);
	});

	it('maps a Twilio error to its message and fix hint', async () => {
		const messageSid = sid('MM');
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${messageSid}/Media.json`)
			.query(true)
			.reply(...twilioError(20404, 'not found', 404));
		const run = await runOperation('message', 'getMedia', { messageSid: byId(messageSid) });
		expect(run.error?.message).toBe('The requested resource was not found (Twilio error 20404)');
		expect(run.error?.description).toMatch(/Check the SID/);
	});

	it('names the media file when its download fails', async () => {
		const messageSid = sid('MM');
		const image = mediaFixture(messageSid, 'image/png');
		mediaPages(messageSid, [[image]]);
		mediaFile(image).reply(...twilioError(20404, 'not found', 404));
		const run = await runOperation('message', 'getMedia', {
			messageSid: byId(messageSid),
			download: true,
		});
		expect(run.error?.message).toBe('The requested resource was not found (Twilio error 20404)');
	});

	it.each([
		[
			'a malformed SID',
			{ messageSid: byId('={{ "MM-12" }}') },
			/^Message "MM-12" is not a message SID .*\[item 0\]$/,
		],
		[
			'an empty binary field name',
			{ messageSid: byId(sid('MM')), download: true, binaryPropertyName: '={{ " " }}' },
			/^Put Output File in Field is empty/,
		],
	])('rejects %s before any request', async (_label, parameters, message) => {
		const scope = twilioNock(BASE_URL).get(/.*/).reply(200, {});
		const run = await runOperation('message', 'getMedia', parameters);
		expect(run.error?.message).toMatch(message);
		expect(scope.isDone()).toBe(false);
		expect(requestCount()).toBe(0);
	});

	it('with Continue On Fail lists the media of the good items and reports the failing ones', async () => {
		const withMedia = sid('MM');
		const missing = sid('MM');
		const image = mediaFixture(withMedia, 'image/jpeg');
		mediaPages(withMedia, [[image]]);
		twilioNock(BASE_URL)
			.get(`${ACCOUNT_PATH}/Messages/${missing}/Media.json`)
			.query(true)
			.reply(...twilioError(20404, 'not found', 404));

		const run = await runOperation(
			'message',
			'getMedia',
			{ messageSid: byId('={{ $json.sid }}') },
			{ items: [{ sid: missing }, { sid: withMedia }, { sid: 'x' }], continueOnFail: true },
		);

		expect(run.error).toBeUndefined();
		expect(run.json[0].error).toBe('The requested resource was not found (Twilio error 20404)');
		expect(run.json[1]).toMatchObject({ sid: image.sid, content_type: 'image/jpeg' });
		expect(run.json[2].error).toMatch(/\[item 2\]$/);
		expect(run.output.map((item) => item.pairedItem)).toEqual([
			{ item: 0 },
			{ item: 1 },
			{ item: 2 },
		]);
	});
});
