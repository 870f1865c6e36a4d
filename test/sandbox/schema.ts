import { readFileSync } from 'fs';
import { join } from 'path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const SPEC_DIR = process.env.TWILIO_OAI_DIR ?? join(__dirname, '..', '..', 'specs', 'twilio-oai');

type SpecName = 'twilio_api_v2010' | 'twilio_content_v1' | 'twilio_messaging_v1';

const RFC_2822 =
	/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('date-time-rfc-2822', RFC_2822);
// The 2010 API links with relative URIs, the v1 APIs with absolute URLs: both are "uri" in the specs.
// An unset webhook URL of a phone number is "", as in the spec's own examples.
ajv.addFormat('uri', /^(https?:\/\/[^\s]+|\/[^\s]*|)$/);
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
ajv.addFormat('currency', /^[A-Z]{3}$/);
ajv.addFormat('http-method', /^(GET|POST)$/);
for (const loose of ['phone-number', 'uri-map', 'phone-number-capabilities'])
	ajv.addFormat(loose, true);

/**
 * Makes a resource schema exact: every property the spec names must be present and nothing
 * else may be, so a missing or invented field fails.
 */
function exact(schema: any): void {
	if (!schema || typeof schema !== 'object' || !schema.properties) return;
	schema.required = Object.keys(schema.properties);
	schema.additionalProperties = false;
	for (const property of Object.values<any>(schema.properties)) if (!property.$ref) exact(property);
}

const loaded = new Set<SpecName>();
const specs: Partial<Record<SpecName, any>> = {};

function spec(name: SpecName): any {
	if (!loaded.has(name)) {
		const doc = JSON.parse(readFileSync(join(SPEC_DIR, `${name}.json`), 'utf8'));
		for (const [key, schema] of Object.entries<any>(doc.components.schemas)) {
			if (/^(api\.v2010|content\.v1|messaging\.v1)\./.test(key)) exact(schema);
		}
		ajv.addSchema({ $id: `${name}.json`, components: doc.components });
		specs[name] = doc;
		loaded.add(name);
	}
	return specs[name];
}

function withRefsTo(name: SpecName, schema: any): any {
	return JSON.parse(
		JSON.stringify(schema).replace(/"#\/components\//g, `"${name}.json#/components/`),
	);
}

/** Asserts a response body against the spec's response schema of an operation. */
export function expectSchema(
	name: SpecName,
	path: string,
	method: string,
	status: string,
	body: unknown,
): void {
	const operation = spec(name).paths[path]?.[method];
	if (!operation) throw new Error(`no operation ${method} ${path} in ${name}`);
	const schema = JSON.parse(
		JSON.stringify(operation.responses[status].content['application/json'].schema),
	);
	if (!schema.$ref) exact(schema);
	const validate = ajv.compile(withRefsTo(name, schema));
	if (!validate(body))
		throw new Error(
			`${method.toUpperCase()} ${path} ${status}: ${ajv.errorsText(validate.errors)}`,
		);
}

/** Asserts a content template's `types` object against the spec's per-type schemas. */
export function expectContentTypes(types: unknown): void {
	spec('twilio_content_v1');
	const validate = ajv.getSchema('twilio_content_v1.json#/components/schemas/types');
	if (!validate) throw new Error('types schema missing');
	if (!validate(types)) throw new Error(`content types: ${ajv.errorsText(validate.errors)}`);
}
