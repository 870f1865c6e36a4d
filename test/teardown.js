// @ts-check
/// <reference types="jest" />
// Removes the test file's temporary n8n folder made by test/setup-env.js.
const { rmSync } = require('fs');

afterAll(() => {
	const folder = process.env.N8N_USER_FOLDER;
	if (process.env.N8N_USER_FOLDER_IS_TEMPORARY && folder)
		rmSync(folder, { recursive: true, force: true });
});
