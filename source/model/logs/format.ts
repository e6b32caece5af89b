import {type JsonMode, jsonRows} from './json.js';
import {wrapCells} from './layout.js';
import type {Matcher} from './matcher.js';
import type {PaneLine} from './source.js';
import {sanitizeLine, stripSgr, visibleWidth} from '../sanitize.js';

// A log line as rows of styled segments, exactly `width` cells each: the merged view's
// coloured `container │` prefix, the time, the text (JSON pretty-printed or reduced, colours
// kept or stripped, search matches marked), cut or wrapped. Styles are names the view maps to
// colours; no terminal markup is made here beyond the SGR the container itself wrote.

export type SegmentStyle = 'text' | 'match' | 'marker' | 'time' | 'prefix' | 'pad';
export type Segment = {text: string; style: SegmentStyle; color?: number};
export type Row = Segment[];

export type FormatOptions = {
	width: number;
	wrap: boolean;
	timestamps: boolean;
	json: JsonMode;
	fields?: readonly string[];
	stripColors: boolean;
	search?: Matcher;
	/** Merged view: the source's label and colour before each line, labels padded to `labelWidth`. */
	prefix?: {label: string; color: number; labelWidth: number};
};

const two = (value: number) => String(value).padStart(2, '0');

/** Local wall-clock time with milliseconds: short enough for a narrow column. */
export function clockTime(ms: number): string {
	const date = new Date(ms);
	return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function fitLabel(label: string, width: number): string {
	const cells = visibleWidth(label);
	if (cells <= width) return label + ' '.repeat(width - cells);
	return wrapCells(label, width - 1, 1)[0] + '…';
}

/** Split a row of text into plain and matched segments. */
function highlight(text: string, search: Matcher | undefined, style: SegmentStyle): Segment[] {
	if (!search || style === 'marker') return [{text, style}];
	const plain = text.includes('\x1b') ? stripSgr(text) : text;
	const ranges = search.ranges(plain);
	if (ranges.length === 0) return [{text, style}];
	const segments: Segment[] = [];
	let at = 0;
	for (const [start, end] of ranges) {
		if (start > at) segments.push({text: plain.slice(at, start), style});
		segments.push({text: plain.slice(start, end), style: 'match'});
		at = end;
	}
	if (at < plain.length) segments.push({text: plain.slice(at), style});
	return segments;
}

/** Lay segments into rows of `width` cells, continuation rows indented by `indent`. */
function layRows(segments: Segment[], width: number, indent: number, wrap: boolean, lead: Segment[]): Row[] {
	const rows: Row[] = [];
	let row: Row = [...lead];
	let used = lead.reduce((sum, segment) => sum + visibleWidth(segment.text), 0);
	const newRow = () => {
		rows.push(row);
		row = indent > 0 ? [{text: ' '.repeat(indent), style: 'pad'}] : [];
		used = indent;
	};
	for (const segment of segments) {
		let text = segment.text;
		while (text !== '') {
			const room = width - used;
			if (room <= 0) {
				if (!wrap) return finish([...rows, row], width);
				newRow();
				continue;
			}
			const pieces = wrapCells(text, Math.max(1, width - indent), 2, room);
			const piece = pieces[0] ?? '';
			if (piece === '' && used > indent) {
				if (!wrap) return finish([...rows, row], width);
				newRow();
				continue;
			}
			row.push({...segment, text: piece});
			used += visibleWidth(piece);
			text = pieces.length > 1 ? text.slice(sliceLength(text, piece)) : '';
			if (text !== '' && !wrap) return finish([...rows, row], width);
			if (text !== '') newRow();
		}
	}
	return finish([...rows, row], width);
}

// How much of `text` a cut piece consumed: the piece may end with an added SGR reset.
function sliceLength(text: string, piece: string): number {
	const bare = piece.endsWith('\x1b[0m') && !text.startsWith(piece) ? piece.slice(0, -4) : piece;
	let length = bare.length;
	// A continuation piece may start with a reopened colour that is not in the source text.
	while (length > 0 && !text.startsWith(bare.slice(0, length))) length--;
	return length;
}

function finish(rows: Row[], width: number): Row[] {
	for (const row of rows) {
		const used = row.reduce((sum, segment) => sum + visibleWidth(segment.text), 0);
		if (used < width) row.push({text: ' '.repeat(width - used), style: 'pad'});
	}
	return rows;
}

export function formatLine(line: PaneLine, options: FormatOptions): Row[] {
	const {width} = options;
	if (width <= 0) return [[]];
	const lead: Segment[] = [];
	if (options.prefix) {
		lead.push({text: `${fitLabel(options.prefix.label, options.prefix.labelWidth)} │ `, style: 'prefix', color: options.prefix.color});
	}
	if (options.timestamps) lead.push({text: `${line.stamp ? clockTime(line.ms) : ' '.repeat(12)} `, style: 'time'});
	const indent = options.wrap ? lead.reduce((sum, segment) => sum + visibleWidth(segment.text), 0) : 0;
	const style: SegmentStyle = line.marker ? 'marker' : 'text';
	const texts = line.marker ? [line.text] : jsonRows(line.text, options.json, options.fields).map(text => (text === line.text ? text : sanitizeLine(text)));
	const rows: Row[] = [];
	texts.forEach((text, index) => {
		const body = options.stripColors ? stripSgr(text) : text;
		const first = index === 0 ? lead : indent > 0 ? [{text: ' '.repeat(indent), style: 'pad' as const}] : [];
		rows.push(...layRows(highlight(body, options.search, style), width, indent, options.wrap, first));
	});
	return rows;
}

/** How many rows a line takes, without building them when it cannot wrap. */
export function rowCount(line: PaneLine, options: FormatOptions): number {
	if (!options.wrap && (options.json !== 'pretty' || line.marker)) return 1;
	return formatLine(line, options).length;
}
