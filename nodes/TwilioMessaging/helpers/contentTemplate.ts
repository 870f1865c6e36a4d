import type { IDataObject } from 'n8n-workflow';
import { isSid } from '../../shared/domain';
import { twilioRequest, type TwilioContext } from '../../shared/transport';

/**
 * The Content SID as given, checked before any request. `fail` turns a reason into the error that
 * names the field and the item; `ifEmpty` tells the user what to do about an empty one.
 */
export function checkedContentSid(
	sid: string,
	ifEmpty: string,
	fail: (reason: string) => Error,
): string {
	if (!sid) throw fail(`is empty: ${ifEmpty}`);
	if (!isSid('content', sid))
		throw fail(`"${sid}" is not a Content SID (HX followed by 32 hex characters)`);
	return sid;
}

/** The Content Template resource: its types, variables and their samples. */
export async function readContentTemplate(
	context: TwilioContext,
	sid: string,
	itemIndex?: number,
): Promise<IDataObject> {
	return await twilioRequest<IDataObject>(context, {
		method: 'GET',
		product: 'content',
		path: `/v1/Content/${sid}`,
		action: `reading Content Template ${sid}`,
		itemIndex,
	});
}
