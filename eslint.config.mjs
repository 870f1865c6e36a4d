// @ts-check
// The rule set of `n8n-node lint`: the `config` export of `@n8n/node-cli/eslint` (0.48.3, the variant
// with n8n Cloud support), written out with the same plugins pinned in package.json, because
// @n8n/node-cli itself depends on a native module (isolated-vm) that does not build on Node 20.
// n8n's rules apply to what the package ships (nodes/, credentials/, package.json); the tests and the
// JavaScript tooling around it (sandbox, bench, e2e, browser, scripts) get the plain recommended rules.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import { globalIgnores } from 'eslint/config';
import globals from 'globals';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importPlugin from 'eslint-plugin-import-x';
import n8nNodesBasePlugin from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const communityNodesRecommended = n8nCommunityNodesPlugin.configs.recommended;
// `_name` and the names left out by a rest pattern (`const { links: _links, ...rest } = x`) are unused on purpose.
const unusedVars = { argsIgnorePattern: '^_', ignoreRestSiblings: true };

export default tseslint.config(
	globalIgnores([
		'dist',
		'coverage',
		'.n8n-dev',
		'.cache',
		'.scan',
		'bench/node_modules',
		'bench/results',
		'bench/.work',
		'e2e/.work',
		'browser/.work',
		'examples',
		'specs',
	]),
	{
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		extends: [
			js.configs.recommended,
			tseslint.configs.recommended,
			communityNodesRecommended,
			importPlugin.configs['flat/recommended'],
		],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
		},
	},
	{
		files: ['test/**/*.ts', 'types/**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended],
		rules: { '@typescript-eslint/no-unused-vars': ['error', unusedVars] },
	},
	{
		// The sandbox's tests read JSON answers and Twilio's OpenAPI documents, whose shape their assertions check.
		files: ['test/sandbox/**/*.ts', 'test/sandbox-workflows/**/*.ts'],
		rules: { '@typescript-eslint/no-explicit-any': 'off' },
	},
	{
		files: ['**/*.js', '**/*.mjs'],
		extends: [js.configs.recommended],
		languageOptions: { globals: globals.node },
		rules: { 'no-unused-vars': ['error', unusedVars] },
	},
	{
		files: ['test/**/*.js'],
		languageOptions: { globals: globals.jest },
	},
	{
		// Playwright callbacks that run in the page.
		files: ['browser/**/*.js'],
		languageOptions: { globals: globals.browser },
	},
	{
		files: ['sandbox/phone-ui/**/*.js'],
		languageOptions: { sourceType: 'module', globals: globals.browser },
	},
	{
		plugins: { 'n8n-nodes-base': n8nNodesBasePlugin },
		settings: {
			'import-x/resolver-next': [createTypeScriptImportResolver()],
		},
	},
	{
		files: ['package.json'],
		extends: [communityNodesRecommended],
		rules: {
			...n8nNodesBasePlugin.configs.community.rules,
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: {
				extraFileExtensions: ['.json'],
			},
		},
	},
	{
		files: ['./credentials/**/*.ts'],
		rules: {
			...n8nNodesBasePlugin.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['./nodes/**/*.ts'],
		rules: {
			...n8nNodesBasePlugin.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
