// @ts-check
'use strict';

const util = require('util');

/** Prints `ok - …` / `FAIL - …` lines and counts them. */
class Checks {
	constructor() {
		this.passed = 0;
		this.failed = 0;
	}

	/** @param {string} description @param {unknown} condition @param {unknown} [detail] shown on failure */
	check(description, condition, detail) {
		if (condition) {
			this.passed += 1;
			console.log(`ok - ${description}`);
		} else {
			this.failed += 1;
			console.log(`FAIL - ${description}`);
			if (detail !== undefined)
				console.log(
					indent(
						typeof detail === 'string'
							? detail
							: util.inspect(detail, { depth: 6, breakLength: 120 }),
					),
				);
		}
		return Boolean(condition);
	}

	/**
	 * Runs a step whose errors count as one failure, so one broken scenario does not hide the
	 * others. Returns the step's value, or undefined when it threw.
	 * @template T @param {string} description @param {() => Promise<T>} step
	 */
	async step(description, step) {
		try {
			return await step();
		} catch (error) {
			this.check(description, false, /** @type {Error} */ (error).stack ?? String(error));
			return undefined;
		}
	}

	summary() {
		return `${this.passed} passed, ${this.failed} failed`;
	}
}

/** @param {string} text */
function indent(text) {
	return text
		.split('\n')
		.map((line) => `    ${line}`)
		.join('\n');
}

module.exports = { Checks };
