/** Twilio accepts SendAt between 15 minutes and 35 days ahead (error 35114 otherwise). */
const SCHEDULE_MIN_LEAD_MS = 15 * 60 * 1000;
const SCHEDULE_MAX_LEAD_MS = 35 * 24 * 60 * 60 * 1000;

export type ScheduleResult = { ok: true; sendAt: string } | { ok: false; reason: string };

/** Checks a Send At value against Twilio's window and returns it as ISO 8601 UTC. */
export function validateSendAt(value: unknown, now: Date = new Date()): ScheduleResult {
	const date =
		value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
	if (date === undefined || Number.isNaN(date.getTime())) {
		return {
			ok: false,
			reason: `"${String(value)}" is not a date and time (use ISO 8601, e.g. 2026-12-24T09:00:00Z)`,
		};
	}
	const lead = date.getTime() - now.getTime();
	if (lead < SCHEDULE_MIN_LEAD_MS) {
		return {
			ok: false,
			reason: `${date.toISOString()} is less than 15 minutes ahead; Twilio needs at least 15 minutes`,
		};
	}
	if (lead > SCHEDULE_MAX_LEAD_MS) {
		return {
			ok: false,
			reason: `${date.toISOString()} is more than 35 days ahead; Twilio schedules at most 35 days ahead`,
		};
	}
	return { ok: true, sendAt: date.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}
