import {useMemo} from 'react';
import {computeTimeline} from '../../model/timeline/timeline.js';
import {type Cell, cellChars, legend, renderTimeline, wrap} from '../../model/timeline/render.js';
import {timelineStory} from '../../model/timeline/story.js';
import {fit} from '../../model/text.js';
import type {ScreenProps} from '../screens.js';
import type {Theme} from '../theme.js';
import {type Line, plain} from './lines.js';
import {ScrollView, viewRows} from './ScrollView.js';
import {usageLines} from './usage-lines.js';
import {useInspect} from './use-inspect.js';
import {useScrollKeys} from './use-scroll-keys.js';

// The startup timeline, live: the bars grow as the pod runs, restarts and ready moments seen
// while the screen is open are added to what the API keeps. Usage follows below.

const roleWidth = 8;

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
		const rendered = renderTimeline(timeline, inner);
		const result: Line[] = [plain(`${timeline.status}`, {bold: true}), plain(`${' '.repeat(rendered.labelWidth)}${rendered.axis}`, {dim: true})];
		for (const row of rendered.rows) {
			// Runs of one kind become one segment: fewer Text nodes per frame.
			const segments: Line = [{text: fit(row.role, roleWidth), dim: true}, {text: fit(row.name, rendered.labelWidth - roleWidth), bold: true}];
			for (const cell of row.cells) {
				const last = segments.at(-1)!;
				const color = cellColor(theme, cell);
				if (last.color === color && segments.length > 2) last.text += cellChars[cell];
				else segments.push({text: cellChars[cell], color});
			}
			segments.push({text: ` ${row.state}`, color: toneColor(theme, row.tone)});
			result.push(segments);
		}
		result.push(...wrap(legend, inner, '').map(text => plain(text, {dim: true})), []);
		for (const sentence of timelineStory(timeline, now)) result.push(...wrap(sentence, inner).map(text => plain(text)));
		result.push([], ...usageLines(pod, snapshot.usage, inner, theme));
		return result;
	}, [pod, snapshot, now, inner, theme, entry]);
	const {offset} = useScrollKeys({controller, total: lines.length, rows: viewRows(height, true)});
	return <ScrollView title={`timeline ${entry.pod}`} lines={lines} offset={offset} width={width} height={height} theme={theme} footer={plain('live · history grows while this screen is open', {dim: true})} />;
}
