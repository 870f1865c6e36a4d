// @ts-check
'use strict';

const PAGING_KEYS = ['PageSize', 'Page', 'PageToken'];
const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;

/**
 * @template T
 * @typedef {{ items: T[], page: number, pageSize: number, start: number, first: T | undefined, last: T | undefined, hasNext: boolean }} Slice
 */

/**
 * Cuts one page out of a list the way Twilio pages: `PageSize` (1–1000, default 50), `Page`, and
 * a `PageToken` naming the item after which (`PA…`) or before which (`PB…`) the page starts, so
 * following `next_page_uri` stays correct while items are added.
 * @template {{ sid: string }} T
 * @param {T[]} all
 * @param {URLSearchParams} query
 * @returns {Slice<T>}
 */
function slicePage(all, query) {
	const size = Math.trunc(Number(query.get('PageSize') ?? DEFAULT_PAGE_SIZE));
	const pageSize =
		Number.isFinite(size) && size >= 1 ? Math.min(size, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE;
	const pageNumber = Math.max(0, Math.trunc(Number(query.get('Page') ?? 0)) || 0);
	const token = query.get('PageToken') ?? '';
	const anchor = all.findIndex((item) => item.sid === token.slice(2));
	let begin = pageNumber * pageSize;
	if (anchor !== -1 && token.startsWith('PA')) begin = anchor + 1;
	if (anchor !== -1 && token.startsWith('PB')) begin = Math.max(0, anchor - pageSize);
	const items = all.slice(begin, begin + pageSize);
	return {
		items,
		page: pageNumber,
		pageSize,
		start: pageNumber * pageSize,
		first: items[0],
		last: items[items.length - 1],
		hasNext: begin + pageSize < all.length,
	};
}

/** The request's own filters, encoded as Twilio echoes them (`DateSent%3E=…`). @param {URLSearchParams} query */
function filterQuery(query) {
	return [...query.entries()]
		.filter(([key]) => !PAGING_KEYS.includes(key))
		.map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`);
}

/** @param {string[]} filters @param {number} pageSize @param {number} page @param {string} [token] */
function pageQuery(filters, pageSize, page, token) {
	return [
		...filters,
		`PageSize=${pageSize}`,
		`Page=${page}`,
		...(token ? [`PageToken=${token}`] : []),
	].join('&');
}

/**
 * A 2010-04-01 list answer: the items under `key` and relative `*_page_uri` links.
 * @template {{ sid: string }} T
 * @param {{ path: string, query: URLSearchParams, key: string, all: T[], render: (item: T) => object }} o
 */
function page2010(o) {
	const s = slicePage(o.all, o.query);
	const filters = filterQuery(o.query);
	const token = o.query.get('PageToken') ?? undefined;
	return {
		[o.key]: s.items.map(o.render),
		end: s.items.length ? s.start + s.items.length - 1 : 0,
		first_page_uri: `${o.path}?${pageQuery(filters, s.pageSize, 0)}`,
		next_page_uri:
			s.hasNext && s.last
				? `${o.path}?${pageQuery(filters, s.pageSize, s.page + 1, `PA${s.last.sid}`)}`
				: null,
		page: s.page,
		page_size: s.pageSize,
		previous_page_uri:
			s.page > 0 && s.first
				? `${o.path}?${pageQuery(filters, s.pageSize, s.page - 1, `PB${s.first.sid}`)}`
				: null,
		start: s.start,
		uri: `${o.path}?${pageQuery(filters, s.pageSize, s.page, token)}`,
	};
}

/**
 * The answer to a v1 list request: the items under `key` and a `meta` block with absolute URLs.
 * @template {{ sid: string }} T
 * @param {import('./server').ApiRequest} req @param {string} key @param {T[]} all
 * @param {(item: T) => object} render
 * @returns {import('./server').ApiResult}
 */
function listV1(req, key, all, render) {
	const s = slicePage(all, req.query);
	const filters = filterQuery(req.query);
	const url = `${req.base}${req.path}`;
	const token = req.query.get('PageToken') ?? undefined;
	return {
		status: 200,
		body: {
			[key]: s.items.map(render),
			meta: {
				page: s.page,
				page_size: s.pageSize,
				first_page_url: `${url}?${pageQuery(filters, s.pageSize, 0)}`,
				previous_page_url:
					s.page > 0 && s.first
						? `${url}?${pageQuery(filters, s.pageSize, s.page - 1, `PB${s.first.sid}`)}`
						: null,
				url: `${url}?${pageQuery(filters, s.pageSize, s.page, token)}`,
				next_page_url:
					s.hasNext && s.last
						? `${url}?${pageQuery(filters, s.pageSize, s.page + 1, `PA${s.last.sid}`)}`
						: null,
				key,
			},
		},
	};
}

module.exports = { page2010, listV1 };
