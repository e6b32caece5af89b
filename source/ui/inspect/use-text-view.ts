import {useMemo, useRef} from 'react';
import type {SessionController} from '../../session/controller.js';
import type {Command} from '../keymap.js';
import type {Line} from './lines.js';
import {useScrollKeys} from './use-scroll-keys.js';
import {layoutLines, lineAt, shiftLine} from './wrap-lines.js';

// A scrolled text screen whose long lines wrap (the default, as k9s's describe), or, after w,
// are cut and scroll sideways with ←/→ (h/l). Scrolling, search and the screen's own commands
// as useScrollKeys has them; offsets and matches count rows, lines are the screen's.

type Options = {
	controller: SessionController;
	lines: readonly Line[];
	/** The same lines with a search's matches marked (same texts, so the same rows). */
	styled?: (query: string) => readonly Line[];
	/** The text's width: the panel's inside. */
	width: number;
	rows: number;
	/** Where a wrapped line's continuation rows start. */
	indentOf?: (line: Line) => number;
	commands?: Command[];
	/** Lines (not rows) that match a query, for search; omit to offer no search. */
	matches?: (query: string) => number[];
	onCommand?: (command: Command) => void;
};

const own: Command[] = ['inspect-wrap', 'inspect-left', 'inspect-right'];

export function useTextView({controller, lines, styled, width, rows, indentOf, commands = [], matches, onCommand}: Options) {
	const wrapRef = useRef(true);
	const xRef = useRef(0);
	const wrap = wrapRef.current;
	const laid = useMemo(() => layoutLines(lines, width, wrap, indentOf), [lines, width, wrap, indentOf]);
	const maxX = Math.max(0, laid.widest - width);
	xRef.current = wrap ? 0 : Math.min(xRef.current, maxX);
	const step = Math.max(4, Math.floor(width / 4));
	const {offset, search} = useScrollKeys({
		controller,
		total: laid.rows.length,
		rows,
		commands: [...commands, ...own],
		...(matches ? {matches: (query: string) => matches(query).map(line => laid.starts[line]!)} : {}),
		onCommand: (command, current) => {
			if (command === 'inspect-wrap') {
				// The line at the top stays at the top.
				const top = lineAt(laid.starts, current);
				wrapRef.current = !wrapRef.current;
				xRef.current = 0;
				return layoutLines(lines, width, wrapRef.current, indentOf).starts[top];
			}
			if (command === 'inspect-left' || command === 'inspect-right') {
				if (!wrapRef.current) xRef.current = Math.max(0, Math.min(maxX, xRef.current + (command === 'inspect-left' ? -step : step)));
				return undefined;
			}
			onCommand?.(command);
			return undefined;
		},
	});
	const x = xRef.current;
	const query = search?.query ?? '';
	const marked = useMemo(() => (query && styled ? layoutLines(styled(query), width, wrap, indentOf) : laid), [query, styled, width, wrap, indentOf, laid]);
	const shown = useMemo(() => (x > 0 ? marked.rows.map(row => shiftLine(row, x)) : marked.rows), [marked, x]);
	return {rows: shown, offset, search, wrap, x};
}

/** The title's note of the view: where sideways scrolling is, when lines are cut. */
export const sideways = (view: {wrap: boolean; x: number}) => (view.wrap ? '' : view.x > 0 ? ` (not wrapped, from column ${view.x + 1})` : ' (not wrapped)');
