// A port of Go's text/tabwriter as kubectl's describers configure it (minwidth 0, tabwidth 8,
// padding 2, padchar ' ', no flags). Its column blocks are what make describe's layout: a
// column is aligned only across consecutive lines that all have a cell in it, so a line
// without a tab (a section title) starts the alignment afresh. Copying the algorithm, not
// approximating it, is what lets the output match kubectl byte for byte.

const padding = 2;
const minWidth = 0;

// Go counts a cell's width in runes, not terminal columns; so do we, to agree with kubectl.
const runeCount = (text: string): number => {
	let count = 0;
	for (const _ of text) count++;
	return count;
};

type Line = string[];

export class TabWriter {
	private buffer = '';
	private output = '';

	write(text: string): void {
		this.buffer += text;
	}

	/** Format what was written so far on its own: later lines never widen these columns. */
	flush(): void {
		const lines: Line[] = this.buffer.split('\n').map(line => line.split('\t'));
		const out: string[] = [];
		format(lines, [], 0, lines.length, out);
		this.output += out.join('');
		this.buffer = '';
	}

	toString(): string {
		this.flush();
		return this.output;
	}
}

function format(lines: Line[], widths: number[], line0: number, line1: number, out: string[]): void {
	const column = widths.length;
	for (let index = line0; index < line1; index++) {
		if (column >= lines[index]!.length - 1) continue;
		// A cell in this column: the lines before it are done, a new column block begins.
		writeLines(lines, widths, line0, index, out);
		line0 = index;
		let width = minWidth;
		for (; index < line1; index++) {
			const line = lines[index]!;
			if (column >= line.length - 1) break;
			width = Math.max(width, runeCount(line[column]!) + padding);
		}
		widths.push(width);
		format(lines, widths, line0, index, out);
		widths.pop();
		line0 = index;
	}
	writeLines(lines, widths, line0, line1, out);
}

function writeLines(lines: Line[], widths: number[], line0: number, line1: number, out: string[]): void {
	for (let index = line0; index < line1; index++) {
		const line = lines[index]!;
		line.forEach((cell, column) => {
			out.push(cell);
			if (column < widths.length) out.push(' '.repeat(Math.max(0, widths[column]! - runeCount(cell))));
		});
		// The text after the last newline is an unterminated line: no newline of its own.
		if (index + 1 < lines.length) out.push('\n');
	}
}
