import { configs as communityNodes } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const n8nBaseRules = (names) =>
	Object.fromEntries(
		names.flatMap((set) => Object.entries(n8nNodesBase.configs[set].rules)),
	);

export default [
	{ ignores: ['dist/**', 'node_modules/**', 'bench/**', 'sandbox/**', 'e2e/**', 'scripts/**', 'examples/**', 'coverage/**', '*.js', '*.mjs'] },
	{
		files: ['**/*.ts'],
		languageOptions: { parser: tseslint.parser, parserOptions: { sourceType: 'module' } },
	},
	{
		// typescript-estree reads .json files as one object expression, which the package.json rules expect.
		files: ['package.json'],
		languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts', 'package.json'],
		...communityNodes.recommendedWithoutN8nCloudSupport,
		rules: {
			...communityNodes.recommendedWithoutN8nCloudSupport.rules,
			// The package runs on self-hosted n8n and needs handlebars (inline templates) and twilio
			// (webhook signature checks and TwiML) at run time.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
	},
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		plugins: { 'n8n-nodes-base': n8nNodesBase },
		rules: {
			...n8nBaseRules(['community', 'credentials', 'nodes']),
			// These three older rules demand the opposite of newer rules that stay on: a camelCase docs slug
			// (n8n's own repository) against community-nodes/credential-documentation-url and
			// n8n-nodes-base/cred-class-field-documentation-url-not-http-url, and 'main' string literals
			// against community-nodes/node-connection-type-literal. No code can satisfy both.
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
		},
	},
];
