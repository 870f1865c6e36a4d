// @ts-check
// n8n-core writes its instance settings under N8N_USER_FOLDER; each test file gets a throwaway
// folder (removed by test/teardown.js), unless the caller chose one.
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

if (!process.env.N8N_USER_FOLDER || process.env.N8N_USER_FOLDER_IS_TEMPORARY) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-twilio-test-'));
	process.env.N8N_USER_FOLDER_IS_TEMPORARY = '1';
}
