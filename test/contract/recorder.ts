import nock from 'nock';
import { contractViolations, type RecordedRequest } from './openapi';

/**
 * Every request nock answers in a test is recorded; `expectAllRequestsMatchTwilioSpec()` in an
 * afterEach checks them all against Twilio's OpenAPI specs.
 */
const recorded: RecordedRequest[] = [];

export function twilioNock(baseUrl: string): nock.Scope {
	const scope = nock(baseUrl);
	scope.on(
		'request',
		(
			req: { method?: string; path: string; getHeader(name: string): unknown },
			interceptor: { method: string },
			body: string,
		) => {
			recorded.push({
				method: req.method ?? interceptor.method,
				path: req.path,
				body: body || undefined,
				contentType: req.getHeader('content-type') as string | undefined,
			});
		},
	);
	return scope;
}

export function recordedRequests(): RecordedRequest[] {
	return [...recorded];
}

export function expectAllRequestsMatchTwilioSpec(): void {
	const requests = recorded.splice(0);
	const problems = requests.flatMap(contractViolations);
	expect(problems).toEqual([]);
}
