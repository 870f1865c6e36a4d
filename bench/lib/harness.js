// @ts-check
'use strict';
/**
 * The tests' engine harness, run by the bench too: test/harness/engine.ts (n8n-core's
 * WorkflowExecute with encrypted credentials), test/harness/webhookNode.ts (requests through
 * n8n-core's WebhookContext) and the Twilio webhook fixtures, bundled by esbuild into
 * bench/.work/harness.js (git-ignored) at every start. Packages stay outside the bundle, so the
 * harness uses the n8n-core and n8n-workflow lib/env.js points every require at, as the nodes do.
 * The bundle must not contain any of this package's nodes: the bench measures a build (dist/).
 */
require('./env');
const path = require('path');

const ROOT = path.join(__dirname, '..', '..');
const OUT = path.join(__dirname, '..', '.work', 'harness.js');
const ENTRY = `
export * from './test/harness/engine';
export * from './test/harness/webhookNode';
export { standInDescription } from './test/harness/nodeTypes';
export { twilioFormRequest } from './test/harness/twilioWebhook';
export { forMessage, inboundSms, statusCallback } from './test/fixtures/twilioWebhooks';
`;

/** @type {typeof import('esbuild')} */
const esbuild = require(require.resolve('esbuild', { paths: [ROOT] }));
const { metafile } = esbuild.buildSync({
	stdin: { contents: ENTRY, resolveDir: ROOT, loader: 'ts', sourcefile: 'bench-harness.ts' },
	bundle: true,
	packages: 'external',
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	outfile: OUT,
	metafile: true,
	logLevel: 'warning',
});
const product = Object.keys(metafile.inputs).filter((input) =>
	/^(nodes|credentials)\//.test(input),
);
if (product.length)
	throw new Error(
		`bench: the harness bundle would contain the package's own code (${product.join(', ')}); the bench measures dist/`,
	);

/** @type {typeof import('../../test/harness/engine') & typeof import('../../test/harness/webhookNode') & Pick<typeof import('../../test/harness/nodeTypes'), 'standInDescription'> & Pick<typeof import('../../test/harness/twilioWebhook'), 'twilioFormRequest'> & Pick<typeof import('../../test/fixtures/twilioWebhooks'), 'forMessage' | 'inboundSms' | 'statusCallback'>} */
module.exports = require(OUT);
