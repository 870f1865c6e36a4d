import Ajv, { type ValidateFunction } from 'ajv';
import { readFileSync } from 'fs';
import { join } from 'path';

/**
 * Checks requests against Twilio's official OpenAPI specs (specs/twilio-oai): the operation exists,
 * path parameters, query parameters and form fields are ones Twilio defines, with the right types,
 * patterns and enums. This keeps the nodes from drifting away from Twilio's API.
 */
const SPEC_DIR = process.env.TWILIO_OAI_DIR ?? join(__dirname, '..', '..', 'specs', 'twilio-oai');
const SPEC_FILES = ['twilio_api_v2010.json', 'twilio_content_v1.json', 'twilio_messaging_v1.json'];

/** Documented by Twilio (bulk messaging tags) but not yet in the spec snapshot. */
const DOCUMENTED_EXTRAS: Record<string, Record<string, object>> = {
	'POST /2010-04-01/Accounts/{AccountSid}/Messages.json': { Tags: { type: 'string' } },
};

interface Operation {
	spec: string;
	method: string;
	template: string;
	pattern: RegExp;
	pathParams: string[];
	parameters: Array<{ name: string; in: string; required?: boolean; schema: object }>;
	formSchema?: { properties: Record<string, SchemaNode>; required?: string[] };
	jsonBody: boolean;
}

type SchemaNode = { type?: string; items?: SchemaNode; $ref?: string; [key: string]: unknown };

interface Spec {
	paths: Record<string, Record<string, unknown>>;
	components: { schemas: Record<string, SchemaNode> };
}

const specs = new Map<string, Spec>();
const operations: Operation[] = [];
const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });

for (const file of SPEC_FILES) {
	const spec = JSON.parse(readFileSync(join(SPEC_DIR, file), 'utf8')) as Spec;
	specs.set(file, spec);
	ajv.addSchema({ $id: file, components: spec.components }, file);
	for (const [template, item] of Object.entries(spec.paths)) {
		const pathParams: string[] = [];
		const pattern = new RegExp(
			'^' +
				template.replace(/[.]/g, '\\.').replace(/\{([^}]+)\}/g, (_, name: string) => {
					pathParams.push(name);
					return '([^/]+)';
				}) +
				'$',
		);
		for (const method of ['get', 'post', 'delete']) {
			const op = item[method] as
				| {
						parameters?: Operation['parameters'];
						requestBody?: { content: Record<string, { schema: Operation['formSchema'] }> };
				  }
				| undefined;
			if (!op) continue;
			const content = op.requestBody?.content ?? {};
			operations.push({
				spec: file,
				method: method.toUpperCase(),
				template,
				pattern,
				pathParams,
				parameters: [
					...((item.parameters as Operation['parameters']) ?? []),
					...(op.parameters ?? []),
				],
				formSchema: content['application/x-www-form-urlencoded']?.schema,
				jsonBody: 'application/json' in content,
			});
		}
	}
}

const validators = new Map<string, ValidateFunction>();
function validatorFor(spec: string, schema: object): ValidateFunction {
	const key = `${spec}:${JSON.stringify(schema)}`;
	let validate = validators.get(key);
	if (!validate) {
		// Twilio's $refs point at '#/components/…' of their own file.
		const rebased = JSON.parse(
			JSON.stringify(schema).replace(/"#\/components\//g, `"${spec}#/components/`),
		) as object;
		validate = ajv.compile(rebased);
		validators.set(key, validate);
	}
	return validate;
}

function resolve(spec: string, schema: SchemaNode): SchemaNode {
	if (schema.$ref) {
		const name = schema.$ref.split('/').pop()!;
		return specs.get(spec)!.components.schemas[name];
	}
	return schema;
}

/** Form and query values arrive as text; turn them into what the schema types say. */
function coerce(spec: string, schema: SchemaNode, values: string[]): unknown {
	const resolved = resolve(spec, schema);
	if (resolved.type === 'array')
		return values.map((value) => coerce(spec, resolved.items ?? {}, [value]));
	if (values.length !== 1) return values;
	const [value] = values;
	if (resolved.type === 'integer' || resolved.type === 'number')
		return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
	if (resolved.type === 'boolean')
		return value === 'true' ? true : value === 'false' ? false : value;
	return value;
}

export interface RecordedRequest {
	method: string;
	/** Path and query, e.g. /2010-04-01/Accounts/AC…/Messages.json?PageSize=50 */
	path: string;
	body?: string;
	contentType?: string;
}

/** Returns the list of contract violations of one request (empty when it matches the spec). */
export function contractViolations(request: RecordedRequest): string[] {
	const url = new URL(request.path, 'http://twilio.test');
	const candidates = operations.filter(
		(op) => op.method === request.method.toUpperCase() && op.pattern.test(url.pathname),
	);
	// Prefer the most specific template (fewest parameters) when several match.
	candidates.sort((a, b) => a.pathParams.length - b.pathParams.length);
	const op = candidates[0];
	if (!op) return [`${request.method} ${url.pathname} is not an operation of Twilio's API`];
	const where = `${op.method} ${op.template}`;
	const problems: string[] = [];
	const check = (label: string, schema: object, value: unknown) => {
		const validate = validatorFor(op.spec, schema);
		if (!validate(value))
			problems.push(
				`${where}: ${label} = ${JSON.stringify(value)} ${ajv.errorsText(validate.errors)}`,
			);
	};

	const pathValues = op.pattern.exec(url.pathname)!.slice(1);
	op.pathParams.forEach((name, index) => {
		const parameter = op.parameters.find((p) => p.in === 'path' && p.name === name);
		if (parameter) check(`path ${name}`, parameter.schema, decodeURIComponent(pathValues[index]));
	});

	for (const name of new Set(url.searchParams.keys())) {
		const parameter = op.parameters.find((p) => p.in === 'query' && p.name === name);
		if (!parameter) {
			problems.push(`${where}: unknown query parameter ${name}`);
			continue;
		}
		check(
			`query ${name}`,
			parameter.schema,
			coerce(op.spec, parameter.schema as SchemaNode, url.searchParams.getAll(name)),
		);
	}

	if (request.body && op.formSchema) {
		const form = new URLSearchParams(request.body);
		const extras = DOCUMENTED_EXTRAS[where] ?? {};
		for (const name of new Set(form.keys())) {
			const schema = op.formSchema.properties[name] ?? extras[name];
			if (!schema) {
				problems.push(`${where}: unknown form field ${name}`);
				continue;
			}
			check(`form ${name}`, schema, coerce(op.spec, schema as SchemaNode, form.getAll(name)));
		}
		for (const name of op.formSchema.required ?? []) {
			if (!form.has(name)) problems.push(`${where}: required form field ${name} is missing`);
		}
	} else if (request.body && !op.jsonBody) {
		problems.push(`${where}: takes no request body`);
	}
	return problems;
}
