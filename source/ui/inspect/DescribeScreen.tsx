import {useCallback, useMemo} from 'react';
import {describePod} from '../../model/describe/pod.js';
import type {ScreenProps} from '../screens.js';
import {highlight, type Line, plain} from './lines.js';
import {ScrollView, viewRows} from './ScrollView.js';
import {useInspect} from './use-inspect.js';
import {sideways, useTextView} from './use-text-view.js';
import {valueIndent} from './wrap-lines.js';

// kubectl describe pod's text, live (pod from the browser's watch, events from their own),
// scrollable and searchable with /, n and N; long lines wrap, or scroll sideways (w).

export function DescribeScreen({controller, entry, width, height, theme}: ScreenProps) {
	const {pod, snapshot, now} = useInspect(controller, entry, {events: true});
	const text = useMemo(() => (pod ? describePod(pod, snapshot.events, now) : `pod ${entry.namespace}/${entry.pod} is gone (deleted, or not in this namespace any more)\n`), [pod, snapshot.events, now, entry]);
	const raw = useMemo(() => text.replace(/\n$/, '').split('\n'), [text]);
	const styled = useCallback(
		(query: string): Line[] =>
			raw.map(line => {
				// Section titles stand out; Warning events too.
				const style = /^\S[^:]*:$/.test(line) || /^(Init Containers|Containers|Conditions|Volumes|Events):/.test(line) ? {bold: true} : /^ {2}Warning\s/.test(line) ? {color: theme.warn} : {};
				return highlight(line, query, style);
			}),
		[raw, theme],
	);
	const lines = useMemo(() => styled(''), [styled]);
	const view = useTextView({
		controller,
		lines,
		styled,
		width: Math.max(1, width - 2),
		rows: viewRows(height, true),
		indentOf: valueIndent,
		matches: query => (query ? raw.flatMap((line, index) => (line.toLowerCase().includes(query.toLowerCase()) ? [index] : [])) : []),
	});
	const {search} = view;
	const query = search?.query ?? '';
	const count = query ? raw.filter(line => line.toLowerCase().includes(query.toLowerCase())).length : 0;
	const footer: Line = search?.typing
		? [{text: `/${search.query}`, color: theme.accent}, {text: '▏'}]
		: search
			? plain(`/${search.query}: ${count} ${count === 1 ? 'match' : 'matches'} · n/N next/previous · esc clear`, {dim: true})
			: plain(`live · ${snapshot.events.length} events · / search · w ${view.wrap ? 'cut long lines' : 'wrap'}`, {dim: true});
	return <ScrollView title={`describe ${entry.pod}${sideways(view)}`} lines={view.rows} offset={view.offset} width={width} height={height} theme={theme} footer={footer} />;
}
