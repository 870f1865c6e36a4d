// Removes the test file's temporary n8n folder made by test/setup-env.js.
const { rmSync } = require('fs');

afterAll(() => {
	if (process.env.N8N_USER_FOLDER_IS_TEMPORARY) rmSync(process.env.N8N_USER_FOLDER, { recursive: true, force: true });
});
