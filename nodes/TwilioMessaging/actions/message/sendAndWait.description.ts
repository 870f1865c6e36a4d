import type { INodeProperties } from 'n8n-workflow';
import { SEND_AND_WAIT_OPERATION } from 'n8n-workflow';
import { contentTemplateLocator, optionsCollection } from '../../../shared/properties';
import { forOperation } from '../../helpers/fields';
import { addressFields } from './address.description';
import { contentVariablesField } from './send.description';

const TEMPLATE = { sendWith: ['contentTemplate'] };
const FORM_RESPONSE = { responseType: ['freeText', 'customForm'] };

/** n8n's Limit Wait Time option, with the same names and defaults. */
const limitWaitTimeOption: INodeProperties = {
	displayName: 'Limit Wait Time',
	name: 'limitWaitTime',
	type: 'fixedCollection',
	description:
		'Whether to limit the time this node should wait for a user response before execution resumes',
	default: { values: { limitType: 'afterTimeInterval', resumeAmount: 45, resumeUnit: 'minutes' } },
	options: [
		{
			displayName: 'Values',
			name: 'values',
			values: [
				{
					displayName: 'Limit Type',
					name: 'limitType',
					type: 'options',
					default: 'afterTimeInterval',
					description:
						'Sets the condition for the execution to resume. Can be a specified date or after some time.',
					options: [
						{
							name: 'After Time Interval',
							description: 'Waits for a certain amount of time',
							value: 'afterTimeInterval',
						},
						{
							name: 'At Specified Time',
							description: 'Waits until the set date and time to continue',
							value: 'atSpecifiedTime',
						},
					],
				},
				{
					displayName: 'Amount',
					name: 'resumeAmount',
					type: 'number',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
					typeOptions: { minValue: 0, numberPrecision: 2 },
					default: 1,
					description: 'The time to wait',
				},
				{
					displayName: 'Unit',
					name: 'resumeUnit',
					type: 'options',
					displayOptions: { show: { limitType: ['afterTimeInterval'] } },
					options: [
						{ name: 'Minutes', value: 'minutes' },
						{ name: 'Hours', value: 'hours' },
						{ name: 'Days', value: 'days' },
					],
					default: 'hours',
					description: 'Unit of the interval value',
				},
				{
					displayName: 'Max Date and Time',
					name: 'maxDateAndTime',
					type: 'dateTime',
					displayOptions: { show: { limitType: ['atSpecifiedTime'] } },
					default: '',
					description: 'Continue execution after the specified date and time',
				},
			],
		},
	],
};

const FIELD_TYPES = [
	{ name: 'Checkboxes', value: 'checkbox' },
	{ name: 'Date', value: 'date' },
	{ name: 'Dropdown', value: 'dropdown' },
	{ name: 'Email', value: 'email' },
	{ name: 'Hidden Field', value: 'hiddenField' },
	{ name: 'Number', value: 'number' },
	{ name: 'Password', value: 'password' },
	{ name: 'Radio Buttons', value: 'radio' },
	{ name: 'Text Input', value: 'text' },
	{ name: 'Textarea', value: 'textarea' },
];

const WITH_CHOICES = { fieldType: ['dropdown', 'checkbox', 'radio'] };

/** n8n's Form fields (Define Form, Form Elements, JSON), for the field types a phone form needs. */
const customFormFields: INodeProperties[] = [
	{
		displayName: 'Define Form',
		name: 'defineForm',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Using Fields Below', value: 'fields' },
			{ name: 'Using JSON', value: 'json' },
		],
		default: 'fields',
	},
	{
		displayName: 'Form Fields',
		name: 'jsonOutput',
		type: 'json',
		typeOptions: { rows: 5 },
		default:
			'[\n  {\n    "fieldLabel": "Reason",\n    "fieldType": "textarea",\n    "requiredField": true\n  }\n]',
		description:
			"The form's fields as n8n's Form node takes them in JSON (fieldLabel, fieldType, placeholder, requiredField, fieldOptions)",
		displayOptions: { show: { defineForm: ['json'] } },
	},
	{
		displayName: 'Form Elements',
		name: 'formFields',
		placeholder: 'Add Form Element',
		type: 'fixedCollection',
		default: {},
		typeOptions: { multipleValues: true, sortable: true },
		displayOptions: { show: { defineForm: ['fields'] } },
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Element Type',
						name: 'fieldType',
						type: 'options',
						default: 'text',
						options: FIELD_TYPES,
						description: 'The type of field to add to the form',
					},
					{
						displayName: 'Field Name',
						name: 'fieldLabel',
						type: 'string',
						default: '',
						placeholder: 'e.g. What is your name?',
						description:
							'Label that appears above the input field; also the name of the answer in the output',
						required: true,
					},
					{
						displayName: 'Field Options',
						name: 'fieldOptions',
						placeholder: 'Add Field Option',
						type: 'fixedCollection',
						default: { values: [{ option: '' }] },
						required: true,
						displayOptions: { show: WITH_CHOICES },
						typeOptions: { multipleValues: true, sortable: true },
						options: [
							{
								displayName: 'Values',
								name: 'values',
								values: [{ displayName: 'Option', name: 'option', type: 'string', default: '' }],
							},
						],
					},
					{
						displayName: 'Field Value',
						name: 'fieldValue',
						type: 'string',
						default: '',
						description: 'The value the hidden field submits',
						displayOptions: { show: { fieldType: ['hiddenField'] } },
					},
					{
						displayName: 'Multiple Choice',
						name: 'multiselect',
						type: 'boolean',
						default: false,
						description:
							'Whether to allow the user to select multiple options from the dropdown list',
						displayOptions: { show: { fieldType: ['dropdown'] } },
					},
					{
						displayName: 'Placeholder',
						name: 'placeholder',
						type: 'string',
						default: '',
						displayOptions: {
							hide: { fieldType: ['dropdown', 'checkbox', 'radio', 'hiddenField'] },
						},
					},
					{
						displayName: 'Required Field',
						name: 'requiredField',
						type: 'boolean',
						default: false,
						description:
							'Whether to require the user to enter a value for this field before submitting the form',
						displayOptions: { hide: { fieldType: ['hiddenField'] } },
					},
				],
			},
		],
	},
];

const fields: INodeProperties[] = [
	...addressFields,
	{
		displayName: 'Send With',
		name: 'sendWith',
		type: 'options',
		default: 'text',
		options: [
			{
				name: 'Text',
				value: 'text',
				description:
					"The message and the links as text; WhatsApp delivers it only within 24 hours of the person's last message",
			},
			{
				name: 'Content Template',
				value: 'contentTemplate',
				description:
					'An approved Call to Action or Card template whose URL button ends in a variable; the button opens the response link',
			},
		],
		description: 'WhatsApp outside the 24-hour session only delivers approved templates',
		displayOptions: { show: { channel: ['whatsapp'] } },
	},
	contentTemplateLocator({
		name: 'contentSid',
		description:
			'A Call to Action or Card template with a URL button such as https://your-n8n.example.com/webhook-waiting/{{1}}: the node puts the response link into that variable',
		displayOptions: { show: TEMPLATE },
	}),
	{
		...contentVariablesField,
		description:
			"Values for the template's other variables, sent as text; the link buttons' variables are filled by the node",
		displayOptions: { show: { ...TEMPLATE, contentSid: [{ _cnd: { exists: true } }] } },
	},
	{
		displayName: 'Message',
		name: 'message',
		type: 'string',
		default: '',
		required: true,
		typeOptions: { rows: 4 },
		description:
			'The text the person gets before the links. Keep it short: on SMS every 153 characters (67 with emoji or non-Latin letters) is one more segment.',
		displayOptions: { hide: TEMPLATE },
	},
	{
		displayName: 'Response Type',
		name: 'responseType',
		type: 'options',
		default: 'approval',
		options: [
			{
				name: 'Approval',
				value: 'approval',
				description: 'User can approve/disapprove from within the message',
			},
			{
				name: 'Free Text',
				value: 'freeText',
				description: 'User can submit a response via a form',
			},
			{
				name: 'Custom Form',
				value: 'customForm',
				description: 'User can submit a response via a custom form',
			},
		],
	},
	...customFormFields.map((property) => ({
		...property,
		displayOptions: { show: { ...property.displayOptions?.show, responseType: ['customForm'] } },
	})),
	{
		displayName: 'Approval Options',
		name: 'approvalOptions',
		type: 'fixedCollection',
		placeholder: 'Add option',
		default: {},
		options: [
			{
				displayName: 'Values',
				name: 'values',
				values: [
					{
						displayName: 'Type of Approval',
						name: 'approvalType',
						type: 'options',
						placeholder: 'Add option',
						default: 'single',
						options: [
							{ name: 'Approve Only', value: 'single' },
							{ name: 'Approve and Disapprove', value: 'double' },
						],
					},
					{
						displayName: 'Approve Button Label',
						name: 'approveLabel',
						type: 'string',
						default: 'Approve',
						displayOptions: { show: { approvalType: ['single', 'double'] } },
					},
					{
						displayName: 'Disapprove Button Label',
						name: 'disapproveLabel',
						type: 'string',
						default: 'Decline',
						displayOptions: { show: { approvalType: ['double'] } },
					},
				],
			},
		],
		displayOptions: { show: { responseType: ['approval'] } },
	},
	optionsCollection([limitWaitTimeOption], { show: { responseType: ['approval'] } }),
	optionsCollection(
		[
			{
				displayName: 'Message Button Label',
				name: 'messageButtonLabel',
				type: 'string',
				default: 'Respond',
			},
			{
				displayName: 'Response Form Title',
				name: 'responseFormTitle',
				description: 'Title of the form that the user can access to provide their response',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Response Form Description',
				name: 'responseFormDescription',
				description: 'Description of the form that the user can access to provide their response',
				type: 'string',
				default: '',
			},
			{
				displayName: 'Response Form Button Label',
				name: 'responseFormButtonLabel',
				type: 'string',
				default: 'Submit',
			},
			limitWaitTimeOption,
		],
		{ show: FORM_RESPONSE },
	),
];

export const description = forOperation('message', SEND_AND_WAIT_OPERATION, fields);
