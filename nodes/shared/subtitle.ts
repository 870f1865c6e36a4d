import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { CHANNEL_LABELS } from './domain';

/** Option labels by value, for an expression that shows labels instead of raw values. */
function optionLabels(options: INodeProperties['options']): Record<string, string> {
	return Object.fromEntries(
		(options as INodePropertyOptions[]).map((option) => [String(option.value), option.name]),
	);
}

/**
 * The action node's subtitle as n8n's own nodes read: "Send: SMS" for the Send operation (the channel
 * tells more than the resource), "Get Many: Message" for the others, built from the labels the
 * panel shows.
 */
export function actionSubtitle(resources: INodeProperties, properties: INodeProperties[]): string {
	const resourceLabels = optionLabels(resources.options);
	const labels: Record<string, string> = {};
	for (const property of properties) {
		if (property.name !== 'operation' || property.type !== 'options') continue;
		for (const resource of property.displayOptions?.show?.resource ?? []) {
			for (const [value, name] of Object.entries(optionLabels(property.options))) {
				labels[`${String(resource)}:${value}`] = `${name}: ${resourceLabels[String(resource)]}`;
			}
		}
	}
	return (
		'={{ $parameter["resource"] === "message" && $parameter["operation"] === "send" ' +
		`? "Send: " + ${JSON.stringify(CHANNEL_LABELS)}[$parameter["channel"]] ` +
		`: ${JSON.stringify(labels)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`
	);
}

/** The trigger's subtitle: the labels of the chosen events, "Inbound Message, Message Status Update". */
export function eventsSubtitle(properties: INodeProperties[]): string {
	const labels = optionLabels(properties.find((property) => property.name === 'events')?.options);
	return `={{ $parameter["events"].map(event => (${JSON.stringify(labels)})[event]).join(", ") }}`;
}
