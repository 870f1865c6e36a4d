/** Message tags: at most 10 pairs, keys up to 128 and values up to 256 characters of `A-Za-z0-9._~-`. */
const TAG_CHARACTERS = /^[A-Za-z0-9._~-]+$/;
const MAX_TAGS = 10;

export type TagsResult = { ok: true; json: string } | { ok: false; reason: string };

export function encodeTags(pairs: Array<{ key: string; value: string }>): TagsResult {
	if (pairs.length > MAX_TAGS)
		return { ok: false, reason: `has ${pairs.length} tags; at most ${MAX_TAGS} are allowed` };
	const tags: Record<string, string> = {};
	for (const { key, value } of pairs) {
		if (!key || key.length > 128 || !TAG_CHARACTERS.test(key)) {
			return {
				ok: false,
				reason: `key "${key}" must be 1 to 128 characters of letters, digits, . _ ~ -`,
			};
		}
		if (!value || value.length > 256 || !TAG_CHARACTERS.test(value)) {
			return {
				ok: false,
				reason: `value "${value}" of "${key}" must be 1 to 256 characters of letters, digits, . _ ~ -`,
			};
		}
		if (key in tags) return { ok: false, reason: `key "${key}" is used twice` };
		tags[key] = value;
	}
	return { ok: true, json: JSON.stringify(tags) };
}
