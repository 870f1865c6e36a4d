// @ts-check
'use strict';

/**
 * One-pixel images the sandbox serves as media content: Twilio keeps a copy of every media
 * file; the sandbox never fetches the URLs it is given, so it stores a stand-in of the right type.
 */
const PNG = Buffer.from(
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
	'base64',
);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
// Baseline JPEG, 1×1 grey: one Huffman code per table, so the scan is a DC "0" and an EOB.
const JPEG = Buffer.from(
	[
		'ffd8',
		'ffe000104a46494600010100000100010000',
		'ffdb004300' + '01'.repeat(64),
		'ffc0000b080001000101011100',
		'ffc400140001' + '00'.repeat(15) + '00',
		'ffc400141001' + '00'.repeat(15) + '00',
		'ffda000801010000003f00',
		'3f',
		'ffd9',
	].join(''),
	'hex',
);

/** @type {Record<string, Buffer>} */
const SAMPLES = { 'image/png': PNG, 'image/gif': GIF, 'image/jpeg': JPEG };

const BY_EXTENSION = {
	png: 'image/png',
	gif: 'image/gif',
	jpg: 'image/jpeg',
	jpeg: 'image/jpeg',
	webp: 'image/webp',
	mp4: 'video/mp4',
	mp3: 'audio/mpeg',
	ogg: 'audio/ogg',
	pdf: 'application/pdf',
	vcf: 'text/vcard',
	txt: 'text/plain',
};

/** Content type Twilio would report for a media URL, guessed from its extension. @param {string} url */
function contentTypeOf(url) {
	const ext = /\.([A-Za-z0-9]+)(?:[?#].*)?$/.exec(url)?.[1]?.toLowerCase() ?? '';
	return /** @type {Record<string, string>} */ (BY_EXTENSION)[ext] ?? 'image/jpeg';
}

/** Bytes served for a media file of this type. @param {string} contentType */
function sampleBytes(contentType) {
	return SAMPLES[contentType] ?? Buffer.from(`sandbox media (${contentType})\n`, 'utf8');
}

module.exports = { contentTypeOf, sampleBytes };
