import {useMemo} from 'react';
import {computeTimeline} from '../../model/timeline/timeline.js';
import {type Cell, cellChars, roleWidth, rowLines, timelineParts} from '../../model/timeline/render.js';
import type {ScreenProps} from '../screens.js';
import type {Theme} from '../theme.js';
import {type Line, plain} from './lines.js';
import {ScrollView, viewRows} from './ScrollView.js';
import {usageLines} from './usage-lines.js';
import {useInspect} from './use-inspect.js';
import {useScrollKeys} from './use-scroll-keys.js';

// The startup timeline, live: the bars grow as the pod runs, restarts and ready moments seen
// while the screen is open are added to what the API keeps. The same parts as the CLI's text
// (model/timeline/render.ts), coloured; runs inferred from events are dimmed. Usage follows below.

function cellColor(theme: Theme, cell: Cell): string | undefined {
	if (cell === 'ready' || cell === 'done') return theme.ok;
	if (cell === 'running') return theme.accent;
	if (cell === 'failed') return theme.error;
	return cell === 'none' ? undefined : theme.warn;
}

const toneColor = (theme: Theme, tone: string) => (tone === 'ok' ? theme.ok : tone === 'warn' ? theme.warn : tone === 'error' ? theme.error : undefined);

export function TimelineScreen({controller, entry, width, height, theme}: ScreenProps) {
	const {pod, snapshot, now} = useInspect(controller, entry, {events: true, metrics: true});
	const inner = Math.max(1, width - 2);
	const lines = useMemo((): Line[] => {
		if (!pod) return [plain(`pod ${entry.namespace}/${entry.pod} is gone`, {dim: true})];
		const timeline = computeTimeline(pod, snapshot.events, now, snapshot.history);
		const parts = timelineParts(timeline, inner, now);
		const {chart} = parts;
		const result: Line[] = [...parts.header.map(text => plain(text, {bold: true})), plain(`${' '.repeat(chart.labelWidth)}${chart.axis}`, {dim: true})];
		for (const row of chart.rows) {
			const {above, label} = rowLines(row, chart);
			result.push(...above.map(text => plain(text, {bold: true})));
			// Runs of one kind become one segment: fewer Text nodes per frame.
			const segments: Line = [
				{text: label.slice(0, roleWidth), dim: true},
				{text: label.slice(roleWidth), bold: true},
			];
			row.cells.forEach((cell, index) => {
				const last = segments.at(-1)!;
				const color = cellColor(theme, cell);
				const dim = row.approx[index] ?? false;
				if (segments.length > 2 && last.color === color && (last.dim ?? false) === dim) last.text += cellChars[cell];
				else segments.push({text: cellChars[cell], color, dim});
			});
			segments.push({text: ` ${row.state}`, color: toneColor(theme, row.tone)});
			result.push(segments);
		}
		result.push(...parts.details.map(text => plain(text)), [], ...parts.legend.map(text => plain(text, {dim: true})), []);
		result.push(...parts.story.map(text => plain(text)));
		result.push([], ...usageLines(pod, snapshot.usage, inner, theme));
		return result;
	}, [pod, snapshot, now, inner, theme, entry]);
	const {offset} = useScrollKeys({controller, total: lines.length, rows: viewRows(height, true)});
	return <ScrollView title={`timeline ${entry.pod}`} lines={lines} offset={offset} width={width} height={height} theme={theme} footer={plain('live · history grows while this screen is open', {dim: true})} />;
}
