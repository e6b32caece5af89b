import {useMemo} from 'react';
import {diagnose} from '../../model/doctor/index.js';
import {findingLines} from '../../model/doctor/text.js';
import type {ScreenProps} from '../screens.js';
import {type Line, plain} from './lines.js';
import {ScrollView, viewRows} from './ScrollView.js';
import {useInspect} from './use-inspect.js';
import {sideways, useTextView} from './use-text-view.js';

// The doctor's findings for the pod, re-examined as the pod, its events, log tails and
// memory peaks change; long lines wrap, or scroll sideways (w).

/** A wrapped finding continues under its text: after "✗ error   ", "    · " or "    → ". */
const findingIndent = (line: Line) => /^(?:\S \S+\s+|\s+[·→] )/.exec(line.map(segment => segment.text).join(''))?.[0].length ?? 0;

export function DoctorScreen({controller, entry, width, height, theme}: ScreenProps) {
	const {pod, snapshot, now} = useInspect(controller, entry, {events: true, metrics: true, logs: true, nodes: true});
	const inner = Math.max(1, width - 2);
	const lines = useMemo((): Line[] => {
		if (!pod) return [plain(`pod ${entry.namespace}/${entry.pod} is gone`, {dim: true})];
		const findings = diagnose({
			pod,
			events: snapshot.events,
			logs: snapshot.logs,
			peakMemory: snapshot.usage.peakMemory,
			...(snapshot.nodes ? {nodes: snapshot.nodes} : {}),
			now,
		});
		const color = {error: theme.error, warning: theme.warn, info: theme.accent};
		// Unwrapped: the view wraps them to the width, or scrolls them sideways (w).
		return findingLines(findings, Number.MAX_SAFE_INTEGER, entry.pod).map(line => {
			if (line.kind === 'title') return plain(line.text, {color: color[line.severity!], bold: line.severity !== 'info'});
			if (line.kind === 'evidence') return plain(line.text, {dim: true});
			if (line.kind === 'fix') return plain(line.text, {color: theme.ok});
			return plain(line.text, {bold: line.kind === 'summary'});
		});
	}, [pod, snapshot, now, theme, entry]);
	const view = useTextView({controller, lines, width: inner, rows: viewRows(height, true), indentOf: findingIndent});
	const footer = plain(`${snapshot.logs ? 'live · log tails refresh every 10 s' : 'live · reading log tails…'} · w ${view.wrap ? 'cut long lines' : 'wrap'}`, {dim: true});
	return <ScrollView title={`doctor ${entry.pod}${sideways(view)}`} lines={view.rows} offset={view.offset} width={width} height={height} theme={theme} footer={footer} />;
}
