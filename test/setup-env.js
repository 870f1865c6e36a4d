// n8n-core writes its instance settings under N8N_USER_FOLDER; keep every test run in a throwaway folder.
const { mkdtempSync } = require('fs');
const { tmpdir } = require('os');
const { join } = require('path');

if (!process.env.N8N_USER_FOLDER) {
	process.env.N8N_USER_FOLDER = mkdtempSync(join(tmpdir(), 'n8n-twilio-test-'));
}
