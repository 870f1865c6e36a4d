// @ts-check
'use strict';

const fs = require('fs');
const path = require('path');
const { selectors } = require('playwright-core');
const { waitFor: poll } = require('../../e2e/lib/processes');

/** @param {string} what @param {() => Promise<unknown>} check @param {number} timeoutMs */
const waitFor = (what, check, timeoutMs) => poll(what, check, { timeoutMs, intervalMs: 200 });

// n8n's editor marks its elements with data-test-id.
selectors.setTestIdAttribute('data-test-id');

/** Long enough for the editor's first load and an execution on a loaded 2-core machine. */
const TIMEOUT = Number(process.env.BROWSER_TIMEOUT_MS || 60000);

/** What a person does in n8n's editor, in the editor's own terms. */
class Editor {
	/** @param {import('playwright-core').Page} page @param {string} screenshotDir */
	constructor(page, screenshotDir) {
		this.page = page;
		this.screenshotDir = screenshotDir;
		this.shots = 0;
		page.setDefaultTimeout(TIMEOUT);
		fs.mkdirSync(screenshotDir, { recursive: true });
	}

	/** @param {string} name */
	async screenshot(name) {
		this.shots += 1;
		const file = path.join(
			this.screenshotDir,
			`${String(this.shots).padStart(2, '0')}-${name}.png`,
		);
		await this.page.screenshot({ path: file }).catch(() => undefined);
		return file;
	}

	/** @param {{ email: string, password: string }} owner */
	async signIn(owner) {
		await this.page.goto('/signin');
		await this.page.locator('#emailOrLdapLoginId').fill(owner.email);
		await this.page.locator('#password').fill(owner.password);
		await this.page.getByTestId('form-submit-button').click();
		await this.page.waitForURL((url) => !url.pathname.includes('/signin'));
	}

	/** @param {string} id */
	async openWorkflow(id) {
		await this.page.goto(`/workflow/${id}`);
		await this.page.getByTestId('canvas-node').first().waitFor();
	}

	/** @param {string} name */
	canvasNode(name) {
		return this.page.getByTestId('canvas-node').filter({ hasText: name });
	}

	/**
	 * Adds an action of a node after `after` through the nodes panel: the + on its output, a
	 * search, the node, the action.
	 * @param {string} after @param {string} search @param {string} action
	 */
	async addNodeAfter(after, search, action) {
		const node = this.canvasNode(after);
		await node.hover();
		await this.page.getByTestId('canvas-handle-plus').last().click();
		const creator = this.page.getByTestId('node-creator');
		await this.page.getByTestId('node-creator-search-bar').fill(search);
		await creator.getByTestId('item-iterator-item').filter({ hasText: search }).first().click();
		await creator
			.getByTestId('item-iterator-item')
			.filter({ has: this.page.getByText(action, { exact: true }) })
			.first()
			.click();
		await this.ndv.waitFor();
	}

	get ndv() {
		return this.page.getByTestId('ndv');
	}

	/** @param {string} name */
	parameter(name) {
		return this.ndv.getByTestId(`parameter-input-${name}`);
	}

	/** The currently shown option of an options parameter. @param {string} name */
	async optionValue(name) {
		return await this.parameter(name).locator('input').first().inputValue();
	}

	/** Opens the list of an options parameter and clicks the entry `label`. @param {string} name @param {string} label */
	async clickListEntry(name, label) {
		await this.parameter(name).click();
		await this.page
			.locator('.el-select-dropdown__item:visible')
			.filter({ hasText: label })
			.first()
			.click();
	}

	/** Picks an option of an options parameter by its label. @param {string} name @param {string} label */
	async choose(name, label) {
		await this.clickListEntry(name, label);
		await this.page.waitForFunction(
			([testId, expected]) => {
				const input = document.querySelector(
					`[data-test-id="ndv"] [data-test-id="${testId}"] input`,
				);
				return input instanceof HTMLInputElement && input.value === expected;
			},
			[`parameter-input-${name}`, label],
		);
	}

	/** Adds an option to a multi-options parameter by its label. @param {string} name @param {string} label */
	async addOption(name, label) {
		await this.clickListEntry(name, label);
		await this.parameter(name).getByText(label).waitFor();
		// Closes the list the way a person does, by clicking beside it.
		await this.ndv.getByText('Respond', { exact: true }).first().click();
	}

	/** Picks an entry of a resource locator's list. @param {string} name @param {string} text */
	async pickFromList(name, text) {
		await this.parameter(name).getByTestId('rlc-input').click();
		await this.page.getByTestId('rlc-item').filter({ hasText: text }).first().click();
		await this.page.waitForFunction(
			([testId, expected]) => {
				const input = document.querySelector(
					`[data-test-id="ndv"] [data-test-id="${testId}"] [data-test-id="rlc-input"]`,
				);
				return input instanceof HTMLInputElement && input.value.includes(expected);
			},
			[`parameter-input-${name}`, text],
		);
	}

	/** The text a resource locator shows for its value ('' when nothing is chosen). @param {string} name */
	async locatorValue(name) {
		return await this.parameter(name).getByTestId('rlc-input').inputValue();
	}

	/** Whether a parameter is in Expression mode. @param {string} name */
	async isExpression(name) {
		const toggle = this.ndv
			.getByTestId(`${name}-parameter-input-options-container`)
			.getByTestId('radio-button-expression');
		return (await toggle.getAttribute('aria-checked')) === 'true';
	}

	/** Puts a string parameter back to Fixed mode and empties it. @param {string} name */
	async clearText(name) {
		if (await this.isExpression(name)) {
			await this.parameter(name).hover();
			await this.ndv
				.getByTestId(`${name}-parameter-input-options-container`)
				.getByTestId('radio-button-fixed')
				.click();
		}
		const field = this.parameter(name).locator('textarea, input').first();
		await field.fill('');
		await this.page.waitForFunction((testId) => {
			const input = document.querySelector(
				`[data-test-id="ndv"] [data-test-id="${testId}"] textarea, [data-test-id="ndv"] [data-test-id="${testId}"] input`,
			);
			return input instanceof HTMLTextAreaElement || input instanceof HTMLInputElement
				? input.value === ''
				: false;
		}, `parameter-input-${name}`);
		return field;
	}

	/** Types into a string parameter key by key, as a person does. @param {string} name @param {string} text */
	async typeText(name, text) {
		const field = await this.clearText(name);
		await field.click();
		await this.page.keyboard.type(text, { delay: 15 });
	}

	/** Pastes into a string parameter with Ctrl+V from the clipboard. @param {string} name @param {string} text */
	async pasteText(name, text) {
		const field = await this.clearText(name);
		await this.page.evaluate((value) => navigator.clipboard.writeText(value), text);
		await field.click();
		await this.page.keyboard.press('Control+V');
	}

	/** Sets a string parameter at once, as locator.fill does (like a paste or an autofill). @param {string} name @param {string} text */
	async fillText(name, text) {
		const field = await this.clearText(name);
		await field.fill(text);
	}

	/** Leaves the field so the editor stores its value. */
	async blur() {
		await this.ndv.getByTestId('tab-params').click();
	}

	/**
	 * Waits until a string parameter's mode and text stop changing: the editor may switch a field
	 * to Expression mode and re-render it after a paste, and commits its value a moment later.
	 * @param {string} name
	 */
	async settle(name) {
		let last = '';
		let same = 0;
		await waitFor(
			`${name} to settle`,
			async () => {
				const field = this.parameter(name);
				const code = field.locator('.cm-content');
				const text = (await code.count())
					? await code.first().innerText()
					: await field.locator('textarea, input').first().inputValue();
				const now = `${await this.isExpression(name)}|${text}`;
				same = now === last ? same + 1 : 0;
				last = now;
				return same >= 3;
			},
			TIMEOUT,
		);
	}

	/**
	 * Execute step; waits until `done` holds (for example: the sandbox's ledger has the message)
	 * or the output panel shows an error. Returns the error's text, or undefined.
	 * @param {() => Promise<unknown>} done
	 */
	async executeStep(done) {
		const error = this.ndv.getByTestId('output-panel').getByTestId('node-error-message');
		await this.ndv.getByTestId('node-execute-button').click();
		await waitFor(
			'the step to run',
			async () => (await done()) || (await error.isVisible()),
			TIMEOUT,
		);
		return (await error.isVisible()) ? (await error.innerText()).trim() : undefined;
	}

	async closeNdv() {
		await this.ndv.getByTestId('ndv-close-button').click();
		await this.ndv.waitFor({ state: 'hidden' });
	}

	/** The labels of the options a collection parameter offers under "Add option". @param {string} name */
	async collectionChoices(name) {
		const add = this.ndv
			.getByTestId(`parameter-input-${name}`)
			.getByTestId('collection-parameter-add')
			.or(this.ndv.getByTestId('collection-parameter-add'))
			.first();
		await add.scrollIntoViewIfNeeded();
		await add.click();
		const list = this.page.locator('.el-select-dropdown__item:visible');
		await list.first().waitFor();
		const labels = (await list.allInnerTexts()).map((label) => label.trim()).filter(Boolean);
		await this.page.keyboard.press('Escape');
		await list.first().waitFor({ state: 'hidden' });
		return labels;
	}

	/**
	 * Drags a field of the input panel's schema view onto a parameter, the way mapping works.
	 * @param {string} field @param {string} parameter
	 */
	async dragInputField(field, parameter) {
		const source = this.ndv
			.getByTestId('ndv-input-panel')
			.getByTestId('run-data-schema-item')
			.filter({ hasText: field })
			.first();
		const pill = source
			.locator('[data-test-id="run-data-schema-node-name"], .pill, span')
			.filter({ hasText: field })
			.first();
		const target = this.parameter(parameter);
		const from = await pill.boundingBox();
		const to = await target.boundingBox();
		if (!from || !to)
			throw new Error(`cannot drag ${field} onto ${parameter}: one of them is not visible`);
		await this.page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
		await this.page.mouse.down();
		await this.page.mouse.move(from.x + from.width / 2 + 30, from.y + from.height / 2 + 10, {
			steps: 5,
		});
		await this.page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 20 });
		await this.page.mouse.up();
	}
}

/** The credential modal opened from the node panel. */
class CredentialModal {
	/** @param {Editor} editor */
	constructor(editor) {
		this.editor = editor;
		this.root = editor.page.getByTestId('editCredential-modal');
	}

	/** Opens "Create new credential" from the node's credential select. */
	async openNew() {
		const { page, ndv } = this.editor;
		// Without any credential of the type n8n offers a button; with some, a select.
		const connect = ndv.getByRole('button', { name: /^Connect to / });
		const select = ndv.getByTestId('node-credentials-select');
		await connect.or(select).first().waitFor();
		if (await connect.isVisible()) {
			await connect.click();
		} else {
			await select.click();
			await page.getByText('Create new credential').first().click();
		}
		await this.root.waitFor();
	}

	/** @param {Record<string, string>} fields by parameter name */
	async fill(fields) {
		for (const [name, value] of Object.entries(fields)) {
			const input = this.root
				.getByTestId(`parameter-input-${name}`)
				.locator('input, textarea')
				.first();
			await input.fill(value);
		}
	}

	/**
	 * Saves, which makes n8n test the credential, and waits for the test's answer. Returns the
	 * failure message the modal shows, or undefined when the test passed.
	 */
	async saveAndTest() {
		const { page } = this.editor;
		const tested = page.waitForResponse((response) =>
			response.url().includes('/rest/credentials/test'),
		);
		await this.root.getByTestId('credential-save-button').click();
		const result = (await (await tested).json()).data;
		if (result?.status === 'OK') return undefined;
		// The modal shows the message under "Couldn’t connect with these settings", folded at first.
		const details = this.root.getByText('More details');
		await this.root.getByText('Couldn’t connect with these settings').waitFor();
		if (await details.isVisible()) await details.click();
		await waitFor(
			'the modal to show the test result',
			async () => (await this.root.innerText()).includes(String(result?.message ?? '')),
			TIMEOUT,
		);
		const text = await this.root.innerText();
		const start = text.indexOf('Couldn’t connect with these settings');
		// Up to the first field's label, on a line of its own.
		return text
			.slice(start)
			.split(/\n\s*Account SID/)[0]
			.replace(/\s+/g, ' ')
			.trim();
	}

	async close() {
		if (await this.root.isVisible()) {
			await this.root.locator('.el-dialog__close').first().click();
			await this.root.waitFor({ state: 'hidden' });
		}
	}
}

module.exports = { Editor, CredentialModal, TIMEOUT };
