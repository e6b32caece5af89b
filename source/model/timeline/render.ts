import {humanDuration} from '../duration.js';
import {fit, truncate, wrapWords} from '../text.js';
import type {Timeline, TimelineRow} from './timeline.js';
import {seconds, timelineStory} from './story.js';
import {visibleWidth} from '../sanitize.js';

// The timeline as text at any width from 60 columns up: one bar per container on a shared
// axis, then the story wrapped to the width. Views colour it by cell kind; the CLI prints it.

export type Cell = 'ready' | 'running' | 'down' | 'restart' | 'failed' | 'done' | 'none';
export const cellChars: Record<Cell, string> = {ready: '█', running: '▓', down: '░', restart: '↻', failed: '✗', done: '✓', none: ' '};
export const legend = '█ ready  ▓ running  ░ backing off  ↻ restart  ✗ failed  ✓ done';

export type RenderedRow = {role: string; name: string; cells: Cell[]; state: string; tone: 'ok' | 'warn' | 'error' | 'dim'};
export type RenderedTimeline = {axis: string; rows: RenderedRow[]; labelWidth: number; barWidth: number; stateWidth: number};

const roleWidth = 8;
const stateWidth = 14;

export function roleText(row: TimelineRow): string {
	if (row.role === 'init') return `init ${row.index ?? ''}`.trim();
	return row.role === 'ephemeral' ? 'ephem' : row.role;
}

function stateOf(row: TimelineRow): {state: string; tone: RenderedRow['tone']} {
	const last = row.instances.at(-1);
	if (row.waiting) {
		const bad = /BackOff|Err|Invalid/.test(row.waiting);
		return {state: `${bad ? '✗' : '…'} ${row.waiting}`, tone: bad ? 'error' : 'warn'};
	}
	if (last && last.end === undefined) return row.readyAt ? {state: '● ready', tone: 'ok'} : {state: '◐ not ready', tone: 'warn'};
	if (last?.end !== undefined) return last.exitCode === 0 ? {state: '✓ exit 0', tone: 'ok'} : {state: `✗ exit ${last.exitCode ?? '?'}`, tone: 'error'};
	return {state: '· not started', tone: 'dim'};
}

function cellsOf(row: TimelineRow, origin: number, step: number, width: number): Cell[] {
	const cells: Cell[] = [];
	for (let column = 0; column < width; column++) {
		const from = origin + column * step;
		const to = from + step;
		let cell: Cell = row.firstStart !== undefined && row.firstStart < to ? 'down' : 'none';
		const live = row.instances.filter(instance => instance.start < to && (instance.end ?? Infinity) >= from);
		if (live.length > 0) {
			const current = live.at(-1)!;
			const ready = row.readyAt && row.readyAt.at < to && row.readyAt.at >= current.start && current.end === undefined;
			cell = ready ? 'ready' : 'running';
		}
		for (const instance of row.instances) {
			if (instance.end !== undefined && instance.end >= from && instance.end < to) cell = instance.exitCode === 0 ? 'done' : 'failed';
		}
		for (const [index, instance] of row.instances.entries()) {
			const isRestart = index > 0 || (row.firstStart !== undefined && instance.start > row.firstStart);
			if (isRestart && instance.start >= from && instance.start < to) cell = 'restart';
		}
		// Before the first start of a completed container nothing ran; after its end, nothing runs.
		const last = row.instances.at(-1);
		if (last?.end !== undefined && from > last.end && !row.waiting && (cell === 'down' || cell === 'none')) cell = 'none';
		cells.push(cell);
	}
	return cells;
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

export function renderTimeline(timeline: Timeline, width: number): RenderedTimeline {
	const longest = Math.max(4, ...timeline.rows.map(row => visibleWidth(row.name)));
	const nameWidth = Math.min(longest, Math.max(8, Math.floor(width / 5)));
	const labelWidth = roleWidth + nameWidth + 1;
	const barWidth = Math.max(10, width - labelWidth - 1 - stateWidth);
	const span = Math.max(1000, timeline.end - timeline.origin);
	const step = span / barWidth;
	const rows = timeline.rows.map(row => ({
		role: roleText(row),
		name: truncate(row.name, nameWidth),
		cells: cellsOf(row, timeline.origin, step, barWidth),
		...stateOf(row),
	}));
	return {axis: axisText(span, barWidth), rows, labelWidth, barWidth, stateWidth};
}

/** Greedy word wrap to `width` columns, the bullet hanging over the following lines. */
export function wrap(text: string, width: number, bullet = '• '): string[] {
	return wrapWords(text, width, bullet, ' '.repeat(visibleWidth(bullet)));
}

/** The whole timeline as plain lines, each exactly `width` columns or less. */
export function timelineText(timeline: Timeline, width: number, now: number): string[] {
	const rendered = renderTimeline(timeline, width);
	const span =
		timeline.settledAt !== undefined
			? `settled after ${seconds(timeline.settledAt - timeline.origin)}, scheduled ${humanDuration(now - timeline.origin)} ago`
			: `${humanDuration(timeline.end - timeline.origin)} since scheduled`;
	const header = `${timeline.pod} · ${timeline.status} · ${span}`;
	const lines = [truncate(header, width), '', `${' '.repeat(rendered.labelWidth)}${rendered.axis}`.trimEnd()];
	for (const row of rendered.rows) {
		const label = fit(row.role, roleWidth) + fit(row.name, rendered.labelWidth - roleWidth);
		lines.push(truncate(`${label}${row.cells.map(cell => cellChars[cell]).join('')} ${row.state}`, width).trimEnd());
	}
	lines.push('', ...wrap(legend, width, ''), '');
	for (const sentence of timelineStory(timeline, now)) lines.push(...wrap(sentence, width));
	return lines;
}
