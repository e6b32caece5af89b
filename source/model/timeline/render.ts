import {humanDuration} from '../duration.js';
import {visibleWidth} from '../sanitize.js';
import {fit, truncate, wrapWords} from '../text.js';
import {detailLine, stateLabel, type Tone} from './labels.js';
import {columnWidths} from './layout.js';
import {seconds, timelineStory} from './story.js';
import type {Instance, Timeline, TimelineRow} from './timeline.js';

// The timeline as text at any width from 60 columns up: one bar per container on a shared
// axis, a detail line per container, then the story wrapped to the width. Views colour it by
// cell kind; the CLI prints it. Nothing a user needs is cut with "…": the state column and
// the names are sized from their text, reasons abbreviated only when they would crowd out
// the bars, and every row's detail line says it all in full.

export type Cell = 'ready' | 'probing' | 'running' | 'down' | 'restart' | 'failed' | 'done' | 'none';
export const cellChars: Record<Cell, string> = {ready: '█', probing: '▒', running: '▓', down: '░', restart: '↻', failed: '✗', done: '✓', none: ' '};
export const legend = '█ ready  ▒ probe wait  ▓ running  ░ backing off  ↻ restart  ✗ failed  ✓ done';
/** Shown when some runs are inferred: the API keeps two runs at most (runs.ts). */
const inferredNote =
	'runs the API no longer keeps are placed from restartCount, the Started event and the kubelet back-off (10 s doubling to 5m), times approximate';

/** One container's bar. `above`: its name on lines of its own when too long for the name column. `approx`: cells of inferred runs. */
export type RenderedRow = {role: string; name: string; above: string[]; cells: Cell[]; approx: boolean[]; state: string; tone: Tone};
export type RenderedTimeline = {axis: string; rows: RenderedRow[]; labelWidth: number; barWidth: number; stateWidth: number};

export const roleWidth = 8;

export function roleText(row: TimelineRow): string {
	if (row.role === 'init') return `init ${row.index ?? ''}`.trim();
	return row.role === 'ephemeral' ? 'ephem' : row.role;
}

/** Ready after its ready moment; waiting for a probe before it (at least during the initial delay); else running. */
function phase(row: TimelineRow, instance: Instance, at: number): Cell {
	if (instance.readyAt !== undefined && instance.readyAt < at) return 'ready';
	if (!row.gate) return 'running';
	// A past run's ready moment is unknown unless seen live; one killed by its startupProbe never got past it.
	const waiting = instance.readyAt !== undefined || instance.end === undefined || row.killedInStartup || at <= instance.start + row.gate.delayMs;
	return waiting ? 'probing' : 'running';
}

function cellsOf(row: TimelineRow, origin: number, step: number, width: number): {cells: Cell[]; approx: boolean[]} {
	const cells: Cell[] = [];
	const approx: boolean[] = [];
	const lastInferred = row.instances.findLast(instance => instance.inferred);
	const knownFrom = row.instances.find(instance => !instance.inferred)?.start ?? Infinity;
	const last = row.instances.at(-1);
	for (let column = 0; column < width; column++) {
		const from = origin + column * step;
		const to = from + step;
		let cell: Cell = row.firstStart !== undefined && row.firstStart < to ? 'down' : 'none';
		const live = row.instances.filter(instance => instance.start < to && (instance.end ?? Infinity) >= from);
		const current = live.at(-1);
		if (current) cell = phase(row, current, Math.min(to, current.end ?? to));
		for (const instance of row.instances) {
			if (instance.end !== undefined && instance.end >= from && instance.end < to) cell = instance.exitCode === 0 ? 'done' : 'failed';
		}
		for (const [index, instance] of row.instances.entries()) {
			const isRestart = index > 0 || (row.firstStart !== undefined && instance.start > row.firstStart);
			if (isRestart && instance.start >= from && instance.start < to) cell = 'restart';
		}
		// Before the first start of a completed container nothing ran; after its end, nothing runs.
		if (last?.end !== undefined && from > last.end && !row.waiting && !row.restartable && (cell === 'down' || cell === 'none')) cell = 'none';
		cells.push(cell);
		approx.push(lastInferred !== undefined && from < knownFrom && cell !== 'none');
	}
	return {cells, approx};
}

const tickSteps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21_600, 43_200, 86_400].map(value => value * 1000);

/** Labels at round times ("+10s", "+1m"), about one every ten columns. */
function axisText(span: number, width: number): string {
	const chars = Array.from({length: width}, () => ' ');
	const step = tickSteps.find(candidate => (candidate / span) * width >= 10) ?? tickSteps.at(-1)!;
	for (let at = 0; at <= span; at += step) {
		const column = Math.round((at / span) * width);
		const label = at === 0 ? '0s' : `+${humanDuration(at)}`;
		if (column + label.length > width) break;
		if (column > 0 && chars[column - 1] !== ' ') continue;
		for (let index = 0; index < label.length; index++) chars[column + index] = label[index]!;
	}
	return chars.join('');
}

/** `text` in pieces of at most `width` columns, cut between characters (for names with no spaces). */
export function chunks(text: string, width: number): string[] {
	const pieces: string[] = [];
	let piece = '';
	for (const char of text) {
		if (piece && visibleWidth(piece + char) > Math.max(1, width)) {
			pieces.push(piece);
			piece = '';
		}
		piece += char;
	}
	return [...pieces, piece];
}

export function renderTimeline(timeline: Timeline, width: number): RenderedTimeline {
	const full = timeline.rows.map(row => stateLabel(row, false));
	const short = timeline.rows.map(row => stateLabel(row, true));
	const widths = columnWidths({
		width,
		roleWidth,
		names: timeline.rows.map(row => visibleWidth(row.name)),
		states: full.map(label => visibleWidth(label.state)),
		shortStates: short.map(label => visibleWidth(label.state)),
	});
	const labels = widths.short ? short : full;
	const span = Math.max(1000, timeline.end - timeline.origin);
	const step = span / widths.bar;
	const labelWidth = roleWidth + widths.name + 1;
	const rows = timeline.rows.map((row, index): RenderedRow => {
		const role = roleText(row);
		const fits = visibleWidth(row.name) <= widths.name;
		const above = fits ? [] : chunks(row.name, width - roleWidth);
		return {role, name: fits ? row.name : '', above, ...cellsOf(row, timeline.origin, step, widths.bar), ...labels[index]!};
	});
	return {axis: axisText(span, widths.bar), rows, labelWidth, barWidth: widths.bar, stateWidth: widths.state};
}

/** Greedy word wrap to `width` columns, the bullet hanging over the following lines. */
export function wrap(text: string, width: number, bullet = '• '): string[] {
	return wrapWords(text, width, bullet, ' '.repeat(visibleWidth(bullet)));
}

/** Word wrap that splits a word wider than the line instead of cutting it: nothing is lost. */
export function wrapAll(text: string, width: number, first = '', rest = ''): string[] {
	const room = Math.max(1, width - Math.max(visibleWidth(first), visibleWidth(rest)));
	const words = text.split(' ').flatMap(word => (visibleWidth(word) > room ? chunks(word, room) : [word]));
	return wrapWords(words.join(' '), width, first, rest);
}

/** Everything a view shows, in order: the header, the chart, one detail line per row, the legend and the story. */
export type TimelineParts = {header: string[]; chart: RenderedTimeline; details: string[]; legend: string[]; story: string[]};

export function timelineParts(timeline: Timeline, width: number, now: number): TimelineParts {
	const chart = renderTimeline(timeline, width);
	const span =
		timeline.settledAt !== undefined
			? `settled after ${seconds(timeline.settledAt - timeline.origin)}, scheduled ${humanDuration(now - timeline.origin)} ago`
			: `${humanDuration(timeline.end - timeline.origin)} since scheduled`;
	const header = wrapAll(`${timeline.pod} · ${timeline.status} · ${span}`, width);
	const details = timeline.rows.flatMap(row => wrapAll(detailLine(row, now), width, '', '    '));
	const inferred = timeline.rows.some(row => row.instances.some(instance => instance.inferred));
	const legendLines = [...wrap(legend, width, ''), ...(inferred ? wrapAll(inferredNote, width) : [])];
	const story = timelineStory(timeline, now).flatMap(sentence => wrapAll(sentence, width, '• ', '  '));
	return {header, chart, details, legend: legendLines, story};
}

/** A chart row as text: the name's own lines when it is long, then role, name, bar and state. */
export function rowLines(row: RenderedRow, chart: RenderedTimeline): {above: string[]; label: string; bar: string; state: string} {
	const above = row.above.map((piece, index) => `${index === 0 ? fit(row.role, roleWidth) : ' '.repeat(roleWidth)}${piece}`);
	const label = row.above.length > 0 ? ' '.repeat(chart.labelWidth) : fit(row.role, roleWidth) + fit(row.name, chart.labelWidth - roleWidth);
	return {above, label, bar: row.cells.map(cell => cellChars[cell]).join(''), state: row.state};
}

/** The whole timeline as plain lines, each exactly `width` columns or less. */
export function timelineText(timeline: Timeline, width: number, now: number): string[] {
	const parts = timelineParts(timeline, width, now);
	const {chart} = parts;
	const lines = [...parts.header, '', `${' '.repeat(chart.labelWidth)}${chart.axis}`.trimEnd()];
	for (const row of chart.rows) {
		const {above, label, bar, state} = rowLines(row, chart);
		lines.push(...above, truncate(`${label}${bar} ${state}`, width).trimEnd());
	}
	lines.push(...parts.details, '', ...parts.legend, '', ...parts.story);
	return lines;
}
