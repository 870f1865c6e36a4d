// GSM 03.38: the basic set costs one septet per character, the extension table two.
const GSM_BASIC =
	'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';

/** How many SMS segments a text takes: GSM-7 when every character fits, otherwise UCS-2. */
export function smsSegments(text: string): { encoding: 'GSM-7' | 'UCS-2'; segments: number } {
	let septets = 0;
	for (const char of text) {
		if (GSM_BASIC.includes(char)) septets += 1;
		else if (GSM_EXTENSION.includes(char)) septets += 2;
		else {
			const units = text.length;
			return { encoding: 'UCS-2', segments: units <= 70 ? 1 : Math.ceil(units / 67) };
		}
	}
	return { encoding: 'GSM-7', segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
}
