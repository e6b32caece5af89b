import {useCallback, useMemo, useState} from 'react';
import {eventRows} from '../../model/events.js';
import {fit} from '../../model/text.js';
import {visibleWidth} from '../../model/sanitize.js';
import type {ScreenProps} from '../screens.js';
import {type Line, plain} from './lines.js';
import {ScrollView, viewRows} from './ScrollView.js';
import {useInspect} from './use-inspect.js';
import {sideways, useTextView} from './use-text-view.js';

// The pod's events, live and newest first; Warnings stand out, and W shows only them. Long
// messages wrap under MESSAGE, or scroll sideways (w).

const cap = (values: string[], header: string, most: number) => Math.min(most, Math.max(header.length, ...values.map(value => visibleWidth(value))));

export function EventsScreen({controller, entry, width, height, theme}: ScreenProps) {
	const {snapshot, now} = useInspect(controller, entry, {events: true});
	const [warningsOnly, setWarningsOnly] = useState(false);
	const all = useMemo(() => eventRows(snapshot.events, now), [snapshot.events, now]);
	const rows = warningsOnly ? all.filter(row => row.warning) : all;
	const inner = Math.max(1, width - 2);
	const typeWidth = 7;
	const reasonWidth = cap(rows.map(row => row.reason), 'REASON', 20);
	const ageWidth = cap(rows.map(row => row.age), 'AGE', 18);
	const fromWidth = cap(rows.map(row => row.source), 'FROM', inner >= 120 ? 24 : 12);
	const containerWidth = inner >= 120 ? cap(rows.map(row => row.container ?? ''), 'CONTAINER', 20) : 0;
	const cell = (text: string, size: number) => (size > 0 ? `${fit(text, size)} ` : '');
	const header: Line = plain(`${cell('TYPE', typeWidth)}${cell('REASON', reasonWidth)}${cell('AGE', ageWidth)}${cell('FROM', fromWidth)}${cell('CONTAINER', containerWidth)}MESSAGE`, {bold: true});
	const lines: Line[] = [
		header,
		...rows.map(row => [
			{text: cell(row.type, typeWidth), color: row.warning ? theme.error : undefined, bold: row.warning},
			{text: `${cell(row.reason, reasonWidth)}${cell(row.age, ageWidth)}${cell(row.source, fromWidth)}${cell(row.container ?? '', containerWidth)}`, color: row.warning ? theme.warn : undefined},
			{text: row.message, color: row.warning ? theme.warn : undefined},
		]),
	];
	if (rows.length === 0) lines.push(plain(warningsOnly ? 'no Warning events' : snapshot.eventsState.phase === 'connecting' ? 'loading events…' : 'no events', {dim: true}));
	// A wrapped message continues under MESSAGE, or nearer the left when that column is narrow.
	const messageColumn = [typeWidth, reasonWidth, ageWidth, fromWidth, containerWidth].reduce((sum, size) => sum + (size > 0 ? size + 1 : 0), 0);
	const indentOf = useCallback(() => (inner - messageColumn >= 30 ? messageColumn : 4), [inner, messageColumn]);
	const view = useTextView({
		controller,
		lines,
		width: inner,
		rows: viewRows(height, true),
		indentOf,
		commands: ['inspect-warnings'],
		onCommand: command => {
			if (command === 'inspect-warnings') setWarningsOnly(value => !value);
		},
	});
	const state = snapshot.eventsState.phase === 'live' ? 'live' : snapshot.eventsState.phase === 'connecting' ? 'connecting' : `${snapshot.eventsState.phase}: ${'error' in snapshot.eventsState ? snapshot.eventsState.error : ''}`;
	const warnings = all.filter(row => row.warning).length;
	const footer = plain(`${state} · ${all.length} ${all.length === 1 ? 'event' : 'events'}, ${warnings} ${warnings === 1 ? 'warning' : 'warnings'} · W ${warningsOnly ? 'all events' : 'warnings only'} · w ${view.wrap ? 'cut' : 'wrap'}`, {dim: true});
	return <ScrollView title={`events ${entry.pod}${warningsOnly ? ' (warnings)' : ''}${sideways(view)}`} lines={view.rows} offset={view.offset} width={width} height={height} theme={theme} footer={footer} />;
}
