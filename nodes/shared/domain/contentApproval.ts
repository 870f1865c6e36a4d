/** WhatsApp approval of Content Templates, as the Content API reports it. */

export const WHATSAPP_APPROVAL_STATUSES = [
	'unsubmitted',
	'received',
	'pending',
	'approved',
	'rejected',
	'paused',
	'disabled',
] as const;
export type WhatsappApprovalStatus = (typeof WHATSAPP_APPROVAL_STATUSES)[number];

export const WHATSAPP_APPROVAL_LABELS: Record<WhatsappApprovalStatus, string> = {
	unsubmitted: 'Not Submitted',
	received: 'Received',
	pending: 'Pending',
	approved: 'Approved',
	rejected: 'Rejected',
	paused: 'Paused',
	disabled: 'Disabled',
};

export interface WhatsappApproval {
	status?: string;
	name?: string;
	category?: string;
	rejection_reason?: string;
	[key: string]: unknown;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The WhatsApp part of an approval answer. `/v1/Content/{sid}/ApprovalRequests` nests it under
 * `whatsapp`; `/v1/ContentAndApprovals` gives it directly as `approval_requests`.
 */
export function whatsappApprovalOf(approvalRequests: unknown): WhatsappApproval | undefined {
	if (!isObject(approvalRequests)) return undefined;
	if (isObject(approvalRequests.whatsapp)) return approvalRequests.whatsapp as WhatsappApproval;
	return 'status' in approvalRequests ? (approvalRequests as WhatsappApproval) : undefined;
}

/** The approval status in lower case, or undefined when Twilio reports none. */
export function whatsappApprovalStatus(approvalRequests: unknown): string | undefined {
	const status = whatsappApprovalOf(approvalRequests)?.status;
	return typeof status === 'string' && status !== '' ? status.toLowerCase() : undefined;
}
