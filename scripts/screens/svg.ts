// A grid of terminal cells (scripts/screens/ansi.ts) drawn as an SVG picture for the README.
// Every cell has a fixed place on a monospace grid: text is placed word by word at its column
// (and stretched to its cells with textLength, whatever font the viewer has), box-drawing lines
// and shade blocks are drawn as shapes so borders join and the timeline's bars have no gaps.
// Pure: no I/O. The text came from the cluster, so all of it is XML-escaped.
import type {Cell, Color, Grid, Style} from './ansi.ts';
import {blockShape, boxSegments, isRounded} from './glyphs.ts';

export type Palette = {foreground: string; background: string; ansi: string[]};

/** GitHub's dark terminal colours, so the pictures sit well on a README. */
export const githubDark: Palette = {
	foreground: '#c9d1d9',
	background: '#0d1117',
	ansi: ['#484f58', '#ff7b72', '#3fb950', '#d29922', '#58a6ff', '#bc8cff', '#39c5cf', '#b1bac4'].concat([
		'#6e7681',
		'#ffa198',
		'#56d364',
		'#e3b341',
		'#79c0ff',
		'#d2a8ff',
		'#56d4dd',
		'#f0f6fc',
	]),
};

export type SvgOptions = {title: string; palette?: Palette; fontSize?: number};

const fontFamily = "ui-monospace,SFMono-Regular,Menlo,Consolas,'DejaVu Sans Mono','Liberation Mono',monospace";
const padding = 12;

/** The picture of a screen. */
export function renderSvg(grid: Grid, options: SvgOptions): string {
	const palette = options.palette ?? githubDark;
	const fontSize = options.fontSize ?? 14;
	const metrics = {cell: round(fontSize * 0.6), line: round(fontSize * 1.3), fontSize};
	const width = round(grid.columns * metrics.cell + 2 * padding);
	const height = round(grid.rows * metrics.line + 2 * padding);
	const layers = {backgrounds: [] as string[], shapes: [] as string[], texts: [] as string[], lines: new LineSet()};
	for (const [y, row] of grid.cells.entries()) drawRow(row, y, palette, metrics, layers);
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(options.title)}">`,
		`<title>${escapeXml(options.title)}</title>`,
		`<rect width="${width}" height="${height}" rx="6" fill="${palette.background}"/>`,
		`<g transform="translate(${padding} ${padding})">`,
		...layers.backgrounds,
		...layers.shapes,
		...layers.lines.paths(),
		`<g font-family="${fontFamily}" font-size="${fontSize}" fill="${palette.foreground}" xml:space="preserve">`,
		...layers.texts,
		'</g>',
		'</g>',
		'</svg>',
		'',
	].join('\n');
}

type Metrics = {cell: number; line: number; fontSize: number};
type Layers = {backgrounds: string[]; shapes: string[]; texts: string[]; lines: LineSet};
type Colors = {fg: string; bg: string | undefined; opacity: number};

function drawRow(row: Cell[], y: number, palette: Palette, metrics: Metrics, layers: Layers): void {
	const top = y * metrics.line;
	// Backgrounds: one rectangle per run of cells with the same colour.
	forEachRun(
		row,
		cell => colorsOf(cell.style, palette).bg ?? '',
		(bg, start, end) => {
			if (bg)
				layers.backgrounds.push(
					`<rect x="${round(start * metrics.cell)}" y="${top}" width="${round((end - start) * metrics.cell)}" height="${metrics.line}" fill="${bg}"/>`,
				);
		},
	);
	drawBlocks(row, top, palette, metrics, layers);
	// Words: runs of same-styled text cells, placed at their column.
	forEachRun(
		row,
		cell => (isText(cell) ? styleKey(cell.style) : ''),
		(key, start, end) => {
			if (key) drawWords(row, start, end, top, palette, metrics, layers);
		},
	);
	for (const [x, cell] of row.entries()) drawBox(cell, x, top, palette, metrics, layers);
}

function drawWords(row: Cell[], start: number, end: number, top: number, palette: Palette, metrics: Metrics, layers: Layers): void {
	const style = row[start]!.style;
	const colors = colorsOf(style, palette);
	if (style.underline || style.strike) {
		const at = style.underline ? top + metrics.line - 2 : top + metrics.line / 2;
		layers.lines.add(colors.fg, colors.opacity, 1, 'h', at, start * metrics.cell, end * metrics.cell);
	}
	if (style.hidden) return;
	const baseline = round(top + (metrics.line + metrics.fontSize * 0.7) / 2);
	let x = start;
	while (x < end) {
		if (isBlank(row[x]!)) {
			x++;
			continue;
		}
		let stop = x;
		while (stop < end && !isBlank(row[stop]!)) stop++;
		const text = row
			.slice(x, stop)
			.map(cell => cell.text)
			.join('');
		const stretch = stop - x > 1 ? ` textLength="${round((stop - x) * metrics.cell)}"` : '';
		const attributes = [
			colors.fg === palette.foreground ? '' : ` fill="${colors.fg}"`,
			colors.opacity < 1 ? ` fill-opacity="${colors.opacity}"` : '',
			style.bold ? ' font-weight="bold"' : '',
			style.italic ? ' font-style="italic"' : '',
		].join('');
		layers.texts.push(`<text x="${round(x * metrics.cell)}" y="${baseline}"${stretch}${attributes}>${escapeXml(text)}</text>`);
		x = stop;
	}
}

/** A box-drawing character as lines from the cell's centre (a rounded corner as a curve). */
function drawBox(cell: Cell, x: number, top: number, palette: Palette, metrics: Metrics, layers: Layers): void {
	const segments = boxSegments(cell.text);
	if (!segments || cell.style.hidden) return;
	const colors = colorsOf(cell.style, palette);
	const left = x * metrics.cell;
	const middle = {x: left + metrics.cell / 2, y: top + metrics.line / 2};
	if (isRounded(cell.text)) {
		// From the end of one arm to the end of the other, bent at the centre.
		const [a, b] = segments.map(({direction}) => armEnd(direction, left, top, metrics));
		const faded = colors.opacity < 1 ? ` stroke-opacity="${colors.opacity}"` : '';
		layers.shapes.push(`<path d="M${a}Q${round(middle.x)} ${round(middle.y)} ${b}" stroke="${colors.fg}"${faded} fill="none"/>`);
		return;
	}
	for (const {direction, weight} of segments) {
		const [from, to] = direction === 'left' || direction === 'up' ? [0, 0.5] : [0.5, 1];
		if (direction === 'left' || direction === 'right') {
			layers.lines.add(colors.fg, colors.opacity, weight, 'h', middle.y, left + from * metrics.cell, left + to * metrics.cell);
		} else {
			layers.lines.add(colors.fg, colors.opacity, weight, 'v', middle.x, top + from * metrics.line, top + to * metrics.line);
		}
	}
}

/** Block elements: a run of the same full-width block in one colour is one rectangle (no seams between cells). */
function drawBlocks(row: Cell[], top: number, palette: Palette, metrics: Metrics, layers: Layers): void {
	const keyOf = (cell: Cell) => {
		const block = blockShape(cell.text);
		return block && !cell.style.hidden ? `${cell.text}|${JSON.stringify(colorsOf(cell.style, palette))}` : '';
	};
	forEachRun(row, keyOf, (key, start, end) => {
		if (!key) return;
		const cell = row[start]!;
		const block = blockShape(cell.text)!;
		const colors = colorsOf(cell.style, palette);
		const opacity = round(block.opacity * colors.opacity);
		// A partial block repeats cell by cell; a full-width one spans the run.
		const spans = block.width === 1 ? [[start, end - start]] : Array.from({length: end - start}, (_, index) => [start + index, block.width]);
		for (const [column, width] of spans) {
			layers.shapes.push(
				`<rect x="${round((column! + block.x) * metrics.cell)}" y="${round(top + block.y * metrics.line)}" width="${round(width! * metrics.cell)}" height="${round(block.height * metrics.line)}" fill="${colors.fg}"${opacity < 1 ? ` fill-opacity="${opacity}"` : ''}/>`,
			);
		}
	});
}

/** A space ends a word; a wide character's second half does not. */
function isBlank(cell: Cell): boolean {
	return cell.width > 0 && cell.text.trim() === '';
}

/** Where an arm of a box character meets the cell's edge, as `x y`. */
function armEnd(direction: string, left: number, top: number, metrics: Metrics): string {
	const x = {left, right: left + metrics.cell}[direction] ?? left + metrics.cell / 2;
	const y = {up: top, down: top + metrics.line}[direction] ?? top + metrics.line / 2;
	return `${round(x)} ${round(y)}`;
}

function isText(cell: Cell): boolean {
	return cell.width > 0 && !boxSegments(cell.text) && !blockShape(cell.text);
}

/** Call `draw` for each maximal run of cells with the same key (wide characters' second halves join their run). */
function forEachRun(row: Cell[], keyOf: (cell: Cell) => string, draw: (key: string, start: number, end: number) => void): void {
	let start = 0;
	while (start < row.length) {
		const key = keyOf(row[start]!);
		let end = start + 1;
		while (end < row.length && (row[end]!.width === 0 || keyOf(row[end]!) === key)) end++;
		draw(key, start, end);
		start = end;
	}
}

function styleKey(style: Style): string {
	return JSON.stringify(style);
}

/** The colours a cell is drawn in: inverse swaps them, dim fades the text. */
export function colorsOf(style: Style, palette: Palette): Colors {
	let fg = resolve(style.fg, palette) ?? palette.foreground;
	let bg = resolve(style.bg, palette);
	if (style.inverse) [fg, bg] = [bg ?? palette.background, fg];
	return {fg, bg, opacity: style.dim ? 0.6 : 1};
}

/** A palette index or `#rrggbb` as a CSS colour; the 256-colour cube and grey ramp as xterm has them. */
export function resolve(color: Color, palette: Palette): string | undefined {
	if (color === undefined || typeof color === 'string') return color;
	if (color < 16) return palette.ansi[color];
	if (color < 232) {
		const steps = [0, 95, 135, 175, 215, 255];
		const index = color - 16;
		return hex(steps[Math.floor(index / 36)]!, steps[Math.floor(index / 6) % 6]!, steps[index % 6]!);
	}
	const grey = 8 + (color - 232) * 10;
	return hex(grey, grey, grey);
}

function hex(...channels: number[]): string {
	return `#${channels.map(value => value.toString(16).padStart(2, '0')).join('')}`;
}

/** Text as XML character data or an attribute value; characters XML cannot hold at all become U+FFFD. */
export function escapeXml(text: string): string {
	return text
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd')
		.replaceAll('&', '&amp;')
		.replaceAll('<', '&lt;')
		.replaceAll('>', '&gt;')
		.replaceAll('"', '&quot;')
		.replaceAll("'", '&apos;');
}

function round(value: number): number {
	return Math.round(value * 100) / 100;
}

/**
 * Straight lines by colour and weight, joined where they touch: a border drawn cell by cell
 * becomes one line, with no seams between rows whatever the line height.
 */
class LineSet {
	private readonly groups = new Map<string, Map<string, Array<[number, number]>>>();

	add(color: string, opacity: number, weight: number, axis: 'h' | 'v', at: number, from: number, to: number): void {
		const key = `${color}|${opacity}|${weight}`;
		const group = this.groups.get(key) ?? new Map<string, Array<[number, number]>>();
		this.groups.set(key, group);
		const lineKey = `${axis}${round(at)}`;
		group.set(lineKey, [...(group.get(lineKey) ?? []), [round(from), round(to)]]);
	}

	paths(): string[] {
		return [...this.groups].map(([key, group]) => {
			const [color, opacity, weight] = key.split('|');
			const commands: string[] = [];
			for (const [lineKey, spans] of group) {
				const axis = lineKey[0];
				const at = lineKey.slice(1);
				for (const [from, to] of merge(spans)) commands.push(axis === 'h' ? `M${from} ${at}H${to}` : `M${at} ${from}V${to}`);
			}
			const faded = Number(opacity) < 1 ? ` stroke-opacity="${opacity}"` : '';
			return `<path d="${commands.join('')}" stroke="${color}" stroke-width="${weight}"${faded} fill="none"/>`;
		});
	}
}

function merge(spans: Array<[number, number]>): Array<[number, number]> {
	const sorted = [...spans].sort((a, b) => a[0] - b[0]);
	const merged: Array<[number, number]> = [];
	for (const [from, to] of sorted) {
		const last = merged.at(-1);
		if (last && from <= last[1] + 0.01) last[1] = Math.max(last[1], to);
		else merged.push([from, to]);
	}
	return merged;
}
