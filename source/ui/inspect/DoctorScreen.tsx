import {useMemo} from 'react';
import {diagnose} from '../../model/doctor/index.js';
import {findingLines} from '../../model/doctor/text.js';
import type {ScreenProps} from '../screens.js';
import {type Line, plain} from './lines.js';
import {ScrollView, viewRows} from './ScrollView.js';
import {useInspect} from './use-inspect.js';
import {useScrollKeys} from './use-scroll-keys.js';

// The doctor's findings for the pod, re-examined as the pod, its events, log tails and
// memory peaks change.

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
		return findingLines(findings, inner, entry.pod).map(line => {
			if (line.kind === 'title') return plain(line.text, {color: color[line.severity!], bold: line.severity !== 'info'});
			if (line.kind === 'evidence') return plain(line.text, {dim: true});
			if (line.kind === 'fix') return plain(line.text, {color: theme.ok});
			return plain(line.text, {bold: line.kind === 'summary'});
		});
	}, [pod, snapshot, now, inner, theme, entry]);
	const {offset} = useScrollKeys({controller, total: lines.length, rows: viewRows(height, true)});
	const footer = plain(snapshot.logs ? 'live · log tails refresh every 10 s' : 'live · reading log tails…', {dim: true});
	return <ScrollView title={`doctor ${entry.pod}`} lines={lines} offset={offset} width={width} height={height} theme={theme} footer={footer} />;
}
