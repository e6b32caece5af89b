// What a reader of the flood stand-in's log got (rotation.test.ts): its lines are numbered
// ("flood line 000000042 xxx…"), so gaps, repeats and where a file begins can be read off.

const numbers = (text: string): number[] =>
	text
		.split('\n')
		.map(line => /^flood line (\d{9}) /.exec(line)?.[1])
		.filter((number): number is string => number !== undefined)
		.map(Number);

/** A follow of the whole log: how much came, what is missing (as [from, to] ranges), what came twice. */
export function followSummary(text: string, total: number): {delivered: number; gaps: Array<[number, number]>; duplicates: number; complete: boolean} {
	const seen = numbers(text);
	const gaps: Array<[number, number]> = [];
	let expected = 1;
	let duplicates = 0;
	for (const number of seen) {
		if (number < expected) duplicates += 1;
		else {
			if (number > expected) gaps.push([expected, number - 1]);
			expected = number + 1;
		}
	}
	if (expected <= total) gaps.push([expected, total]);
	return {delivered: seen.length, gaps, duplicates, complete: gaps.length === 0 && duplicates === 0};
}

export type LogLines = {first?: number; last?: number; count: number; contiguous: boolean};

/** One read of a log file: its first and last line, and whether every line between is there once. */
export function logLines(text: string): LogLines {
	const seen = numbers(text);
	const contiguous = seen.every((number, index) => index === 0 || number === seen[index - 1]! + 1);
	return {first: seen[0], last: seen.at(-1), count: seen.length, contiguous};
}
