// Characters a terminal draws as shapes rather than letters: box-drawing lines (borders) and
// block elements (the timeline's bars, usage gauges). Drawn as SVG lines and rectangles they
// join across cells; as font glyphs they would leave seams wherever the viewer's font is not
// exactly the grid's height.

export type Direction = 'left' | 'right' | 'up' | 'down';
export type Segment = {direction: Direction; weight: number};

// Each box character: the arms it draws from the cell's centre (l r u d), light, heavy or
// double. Double lines are drawn as one heavy line.
const arms: Record<string, string> = {
	'─': 'lr',
	'│': 'ud',
	'┌': 'rd',
	'┐': 'ld',
	'└': 'ru',
	'┘': 'lu',
	'├': 'urd',
	'┤': 'uld',
	'┬': 'lrd',
	'┴': 'lru',
	'┼': 'lrud',
	'╭': 'rd',
	'╮': 'ld',
	'╯': 'lu',
	'╰': 'ru',
	'╴': 'l',
	'╵': 'u',
	'╶': 'r',
	'╷': 'd',
};
const heavy: Record<string, string> = {'━': '─', '┃': '│', '┏': '┌', '┓': '┐', '┗': '└', '┛': '┘', '┣': '├', '┫': '┤', '┳': '┬', '┻': '┴', '╋': '┼'};
const double: Record<string, string> = {'═': '─', '║': '│', '╔': '┌', '╗': '┐', '╚': '└', '╝': '┘', '╠': '├', '╣': '┤', '╦': '┬', '╩': '┴', '╬': '┼'};
const directions: Record<string, Direction> = {l: 'left', r: 'right', u: 'up', d: 'down'};

/** The lines a box-drawing character is made of, or undefined for any other character. */
export function boxSegments(text: string): Segment[] | undefined {
	const light = arms[text] !== undefined;
	const base = light ? text : (heavy[text] ?? double[text]);
	if (base === undefined) return undefined;
	const weight = light ? 1 : 2;
	return [...arms[base]!].map(arm => ({direction: directions[arm]!, weight}));
}

const rounded = new Set(['╭', '╮', '╯', '╰']);

/** A rounded corner (Ink's round border): its two arms join in a curve, not at a right angle. */
export function isRounded(text: string): boolean {
	return rounded.has(text);
}

/** A rectangle in cell units (0–1 of the cell's width and height), with the opacity of a shade. */
export type Block = {x: number; y: number; width: number; height: number; opacity: number};

const eighths = ' ▁▂▃▄▅▆▇█';
const leftEighths = ' ▏▎▍▌▋▊▉█';

const blocks: Record<string, Block> = {
	'░': {x: 0, y: 0, width: 1, height: 1, opacity: 0.25},
	'▒': {x: 0, y: 0, width: 1, height: 1, opacity: 0.5},
	'▓': {x: 0, y: 0, width: 1, height: 1, opacity: 0.75},
	'▀': {x: 0, y: 0, width: 1, height: 0.5, opacity: 1},
	'▐': {x: 0.5, y: 0, width: 0.5, height: 1, opacity: 1},
	'▔': {x: 0, y: 0, width: 1, height: 0.125, opacity: 1},
	'▕': {x: 0.875, y: 0, width: 0.125, height: 1, opacity: 1},
};
for (let index = 1; index <= 8; index++) {
	blocks[eighths[index]!] = {x: 0, y: 1 - index / 8, width: 1, height: index / 8, opacity: 1};
	blocks[leftEighths[index]!] ??= {x: 0, y: 0, width: index / 8, height: 1, opacity: 1};
}

/** The rectangle a block element fills, or undefined for any other character. */
export function blockShape(text: string): Block | undefined {
	return blocks[text];
}
