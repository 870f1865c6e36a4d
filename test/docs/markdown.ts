import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');

/** The documentation a reader sees: the README, docs/ and the READMEs next to the code they describe. */
export function documentationFiles(): string[] {
	const inDocs = (dir: string): string[] =>
		fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
			const relative = path.join(dir, entry.name);
			if (entry.isDirectory()) return inDocs(relative);
			return entry.name.endsWith('.md') ? [relative] : [];
		});
	return [
		'README.md',
		'CHANGELOG.md',
		'sandbox/README.md',
		'bench/README.md',
		'specs/twilio-oai/README.md',
		...inDocs('docs'),
	];
}

export interface CodeBlock {
	file: string;
	line: number;
	/** The first word of the fence's info string ('' when there is none). */
	language: string;
	text: string;
}

export interface Markdown {
	file: string;
	blocks: CodeBlock[];
	/** The text outside fenced blocks. */
	prose: string;
	headings: string[];
}

export function readMarkdown(file: string): Markdown {
	const lines = fs.readFileSync(path.join(ROOT, file), 'utf8').split('\n');
	const blocks: CodeBlock[] = [];
	const prose: string[] = [];
	const headings: string[] = [];
	let open: { fence: string; language: string; line: number; body: string[] } | undefined;
	lines.forEach((line, index) => {
		const fence = /^\s*(`{3,}|~{3,})\s*([^\s`]*)/.exec(line);
		if (open) {
			if (fence && fence[1].startsWith(open.fence) && line.trim() === fence[1]) {
				blocks.push({ file, line: open.line, language: open.language, text: open.body.join('\n') });
				open = undefined;
			} else {
				open.body.push(line);
			}
			return;
		}
		if (fence) {
			open = { fence: fence[1], language: fence[2], line: index + 1, body: [] };
			return;
		}
		prose.push(line);
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
		if (heading) headings.push(heading[1]);
	});
	if (open) throw new Error(`${file}:${open.line}: the code block is never closed`);
	return { file, blocks, prose: prose.join('\n'), headings };
}

/** GitHub's anchors for a file's headings, numbered as GitHub numbers repeated ones. */
export function anchors(headings: string[]): Set<string> {
	const seen = new Map<string, number>();
	const result = new Set<string>();
	for (const heading of headings) {
		const text = heading
			.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
			.replace(/[`*]/g, '')
			.trim()
			.toLowerCase();
		const slug = text.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		result.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return result;
}

/** Relative links and images of the prose: `[text](target)`. */
export function links(prose: string): string[] {
	const withoutInlineCode = prose.replace(/`[^`\n]*`/g, '');
	return [...withoutInlineCode.matchAll(/!?\[(?:[^\]]|\][^(])*?\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)]
		.map((match) => match[1])
		.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The inline code spans of the prose. */
export function inlineCode(prose: string): string[] {
	return [...prose.matchAll(/(?<!`)`([^`\n]+)`(?!`)/g)].map((match) => match[1]);
}

/**
 * A shell script's simple commands, as word lists with quotes removed: lines joined at a trailing
 * backslash, comments dropped, split at `&&`, `||`, `;` and `|`. Enough for the commands docs show.
 */
export function shellCommands(script: string): string[][] {
	const commands: string[][] = [];
	let words: string[] = [];
	let word: string | undefined;
	const endWord = () => {
		if (word !== undefined) words.push(word);
		word = undefined;
	};
	const endCommand = () => {
		endWord();
		if (words.length > 0) commands.push(words);
		words = [];
	};
	const text = script.replace(/\\\n/g, ' ');
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (c === "'" || c === '"') {
			const end = text.indexOf(c, i + 1);
			if (end < 0) throw new Error(`unclosed ${c} in: ${script}`);
			word = (word ?? '') + text.slice(i + 1, end);
			i = end;
		} else if (c === '\\') {
			word = (word ?? '') + text[++i];
		} else if (c === '#' && word === undefined) {
			i = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i) - 1;
		} else if (c === '\n' || c === ';' || c === '|' || (c === '&' && text[i + 1] === '&')) {
			if (c === '&' || (c === '|' && text[i + 1] === '|')) i++;
			endCommand();
		} else if (c === ' ' || c === '\t') {
			endWord();
		} else {
			word = (word ?? '') + c;
		}
	}
	endCommand();
	return commands;
}
