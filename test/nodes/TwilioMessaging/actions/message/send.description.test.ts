import { NodeHelpers, type INodeParameters } from 'n8n-workflow';
import { TwilioMessaging } from '../../../../../nodes/TwilioMessaging/TwilioMessaging.node';
import { sendParameters } from '../../../../helpers/send';

const { description } = new TwilioMessaging();

/** The parameters n8n keeps for these values: what the editor shows and the node can read. */
function shown(values: INodeParameters): INodeParameters {
	return NodeHelpers.getNodeParameters(
		description.properties,
		values,
		true,
		false,
		{ typeVersion: 1 },
		description,
	)!;
}

describe('Send: the Content Variables panel', () => {
	const template = (value: string) =>
		sendParameters({
			channel: 'whatsapp',
			templateType: 'text',
			contentSid: { __rl: true, mode: 'list', value },
		});

	it('is hidden until a template is chosen, so it cannot ask to map or retry with nothing to load', () => {
		expect(shown(template(''))).not.toHaveProperty('contentVariables');
		expect(shown(template('HX0123456789abcdef0123456789abcdef'))).toHaveProperty(
			'contentVariables',
		);
	});
});
