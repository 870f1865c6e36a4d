// @ts-check
/** The formatting of n8n-nodes-starter and n8n's own code: tabs, single quotes, 100 columns. */
/** @type {import('prettier').Config} */
module.exports = {
	semi: true,
	trailingComma: 'all',
	bracketSpacing: true,
	useTabs: true,
	tabWidth: 2,
	arrowParens: 'always',
	singleQuote: true,
	quoteProps: 'as-needed',
	endOfLine: 'lf',
	printWidth: 100,
	// JSON (package.json, workflows as n8n exports them) and YAML keep two spaces.
	overrides: [{ files: ['*.json', '*.yml'], options: { useTabs: false } }],
};
