import type { FormFieldsParameter, IDataObject } from 'n8n-workflow';
import { tryToParseJsonToFormFields } from 'n8n-workflow';

export type FormField = FormFieldsParameter[number];

/** Field types a response form renders; n8n's file and custom HTML elements are not among them. */
const RENDERED_TYPES = new Set([
	'text',
	'textarea',
	'email',
	'number',
	'password',
	'date',
	'dropdown',
	'checkbox',
	'radio',
	'hiddenField',
]);
const WITH_CHOICES = new Set(['dropdown', 'checkbox', 'radio']);

/** Free Text is n8n's one required textarea, answered as `text`. */
export const FREE_TEXT_FIELDS: FormField[] = [
	{ fieldLabel: 'Response', fieldType: 'textarea', requiredField: true },
];

/**
 * The Custom Form's fields from Form Elements or from JSON, checked so a form that cannot be
 * rendered fails the node before the message goes out (the form is only built when opened).
 */
export function customFormFields(
	defineForm: string,
	fieldsParameter: unknown,
	jsonParameter: unknown,
): { ok: true; fields: FormField[] } | { ok: false; reason: string } {
	let fields: FormField[];
	if (defineForm === 'json') {
		try {
			fields = tryToParseJsonToFormFields(jsonParameter);
		} catch (error) {
			return { ok: false, reason: `Form Fields (JSON) are not valid: ${(error as Error).message}` };
		}
	} else {
		fields = (fieldsParameter as FormField[] | undefined) ?? [];
	}
	if (fields.length === 0)
		return { ok: false, reason: 'The custom form has no fields: add at least one form element' };
	const labels = new Set<string>();
	for (const [index, field] of fields.entries()) {
		const label = String(field.fieldLabel ?? '').trim();
		const type = field.fieldType ?? 'text';
		if (!label) return { ok: false, reason: `Form element ${index + 1} has no field name` };
		if (labels.has(label))
			return {
				ok: false,
				reason: `Two form elements are named "${label}": each answer needs its own name`,
			};
		labels.add(label);
		if (!RENDERED_TYPES.has(type))
			return {
				ok: false,
				reason: `Form element "${label}" is of type "${type}", which a response form opened from a message does not offer`,
			};
		if (
			WITH_CHOICES.has(type) &&
			!(field.fieldOptions?.values ?? []).some((choice) => String(choice.option ?? '').trim())
		) {
			return { ok: false, reason: `Form element "${label}" (${type}) has no options` };
		}
	}
	return { ok: true, fields };
}

function escapeHtml(value: unknown): string {
	return String(value ?? '').replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

const PAGE_STYLE =
	'body{font-family:system-ui,sans-serif;background:#f6f7f9;margin:0;padding:16px;color:#222}main{max-width:480px;margin:0 auto;background:#fff;border:1px solid #dde1e7;border-radius:8px;padding:20px}' +
	'h1{font-size:20px;margin:0 0 8px}p{white-space:pre-wrap}label{display:block;font-weight:600;margin:16px 0 6px}input[type=text],input[type=email],input[type=number],input[type=password],input[type=date],textarea,select{width:100%;box-sizing:border-box;padding:10px;font-size:16px;border:1px solid #c8ccd3;border-radius:6px}' +
	'textarea{min-height:120px}.choice{font-weight:400;margin:6px 0}button{margin-top:20px;width:100%;padding:12px;font-size:16px;border:0;border-radius:6px;background:#f22f46;color:#fff}.error{color:#b00020;font-weight:600}';

/** A small self-contained page: no scripts, no outside resources. */
export function page(title: string, content: string): string {
	return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><style>${PAGE_STYLE}</style></head><body><main>${content}</main></body></html>`;
}

/** n8n's "Got it, thanks" page after an answer. */
export const ACTION_RECORDED_PAGE = page(
	'Action recorded',
	'<h1>Got it, thanks</h1><p>This page can be closed now</p>',
);

/** Headers that keep the pages inert: no scripts, posting only back to the same link. */
export const PAGE_HEADERS = {
	'content-type': 'text/html; charset=utf-8',
	'content-security-policy':
		"default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
	'cache-control': 'no-store',
};

function renderField(field: FormField, index: number): string {
	const name = `field-${index}`;
	const type = field.fieldType ?? 'text';
	const required = field.requiredField ? ' required' : '';
	const label = `<label for="${name}">${escapeHtml(field.fieldLabel)}${field.requiredField ? ' *' : ''}</label>`;
	const placeholder = field.placeholder ? ` placeholder="${escapeHtml(field.placeholder)}"` : '';
	const options = (field.fieldOptions?.values ?? [])
		.map((choice) => String(choice.option ?? ''))
		.filter((option) => option.trim());
	switch (type) {
		case 'hiddenField':
			return `<input type="hidden" name="${name}" value="${escapeHtml(field.fieldValue)}">`;
		case 'textarea':
			return `${label}<textarea id="${name}" name="${name}"${placeholder}${required}></textarea>`;
		case 'dropdown': {
			const multiple = field.multiselect ? ' multiple' : '';
			const blank = field.multiselect ? '' : '<option value=""></option>';
			return `${label}<select id="${name}" name="${name}"${multiple}${required}>${blank}${options.map((option) => `<option>${escapeHtml(option)}</option>`).join('')}</select>`;
		}
		case 'checkbox':
		case 'radio': {
			const inputType = type === 'checkbox' ? 'checkbox' : 'radio';
			const radioRequired = type === 'radio' ? required : '';
			const choices = options.map(
				(option) =>
					`<label class="choice"><input type="${inputType}" name="${name}" value="${escapeHtml(option)}"${radioRequired}> ${escapeHtml(option)}</label>`,
			);
			return `<fieldset style="border:0;padding:0"><legend>${label}</legend>${choices.join('')}</fieldset>`;
		}
		default:
			return `${label}<input type="${type}" id="${name}" name="${name}"${placeholder}${required}>`;
	}
}

/** The response form: posts `field-0`, `field-1`, … back to the link it was opened from. */
export function renderForm(form: {
	title: string;
	description: string;
	buttonLabel: string;
	fields: FormField[];
	error?: string;
}): string {
	const heading = form.title ? `<h1>${escapeHtml(form.title)}</h1>` : '';
	const description = form.description ? `<p>${escapeHtml(form.description)}</p>` : '';
	const error = form.error ? `<p class="error">${escapeHtml(form.error)}</p>` : '';
	const fields = form.fields.map(renderField).join('');
	return page(
		form.title || 'Response',
		`${heading}${description}${error}<form method="post" enctype="application/x-www-form-urlencoded">${fields}<button type="submit">${escapeHtml(form.buttonLabel)}</button></form>`,
	);
}

function values(raw: unknown): string[] {
	if (raw === undefined || raw === null) return [];
	if (Array.isArray(raw)) return raw.map(String);
	return [String(raw)];
}

/**
 * The answers of a posted form, named and typed as n8n's forms give them: text and email trimmed,
 * numbers as numbers, checkboxes and multiple choices as lists, an unanswered field as null.
 * A required field left empty, or a choice the form did not offer, is refused.
 */
export function formAnswers(
	fields: FormField[],
	body: IDataObject,
): { ok: true; answers: IDataObject } | { ok: false; reason: string } {
	const answers: IDataObject = {};
	for (const [index, field] of fields.entries()) {
		const label = String(field.fieldLabel);
		const type = field.fieldType ?? 'text';
		const posted = values(body[`field-${index}`]).filter((value) => value.trim() !== '');
		if (type === 'hiddenField') {
			answers[label] = field.fieldValue ?? null;
			continue;
		}
		if (posted.length === 0) {
			if (field.requiredField) return { ok: false, reason: `"${label}" is required` };
			answers[label] = null;
			continue;
		}
		if (WITH_CHOICES.has(type)) {
			const offered = (field.fieldOptions?.values ?? []).map((choice) =>
				String(choice.option ?? ''),
			);
			const unknown = posted.find((value) => !offered.includes(value));
			if (unknown !== undefined)
				return { ok: false, reason: `"${unknown}" is not an option of "${label}"` };
			answers[label] = type === 'checkbox' || field.multiselect ? posted : posted[0];
			continue;
		}
		if (posted.length > 1) return { ok: false, reason: `"${label}" was answered more than once` };
		const [value] = posted;
		if (type === 'number') {
			const number = Number(value);
			if (!Number.isFinite(number)) return { ok: false, reason: `"${label}" must be a number` };
			answers[label] = number;
		} else {
			answers[label] = type === 'text' || type === 'email' ? value.trim() : value;
		}
	}
	return { ok: true, answers };
}
