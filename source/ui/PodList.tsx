import {Text} from 'ink';
import {useRef} from 'react';
import {type AppState, listRows, podKey, selectedIndex, selectedRowIndex, visiblePods} from '../model/app-state.js';
import {markChar, type PodMark} from '../model/doctor/pod-mark.js';
import type {Pod} from '../model/k8s.js';
import {ownerText} from '../model/owner.js';
import {type GroupRow, groupSummary, groupTitle, type ListRow} from '../model/pod-groups.js';
import {podRestarts, podRow} from '../model/pod-status.js';
import {visibleWidth} from '../model/sanitize.js';
import {safe} from '../model/text.js';
import {layoutColumns, renderRow} from './columns.js';
import {podColumns} from './pod-columns.js';
import {Panel} from './Panel.js';
import {statusColor, type Theme} from './theme.js';

// The pod table. Only the rows that fit are rendered, so 5,000 pods cost what 20 do. Beside
// each name, the doctor's mark (✗ error, ! warning), so problems show before anyone asks.
// Grouped (o), a workload's row comes first with its worst status, its pods indented under it.

type Props = {state: AppState; width: number; height: number; theme: Theme; now: number};

/** A workload's mark: its worst pod's. */
function groupMark(group: GroupRow, marks: Record<string, PodMark> | undefined): PodMark | undefined {
	let worst: PodMark | undefined;
	for (const pod of group.pods) {
		const mark = marks?.[podKey(pod)];
		if (mark && (!worst || (mark.severity === 'error' && worst.severity !== 'error') || (mark.severity === 'warning' && worst.severity === 'info'))) worst = mark;
	}
	return worst;
}

const groupWidths = new WeakMap<readonly ListRow[], {name: number; status: number}>();

/** NAME and STATUS of the grouped list's own cells: workload titles, and pods indented under them; once per rows array. */
function groupContent(rows: readonly ListRow[]): {name: number; status: number} {
	const known = groupWidths.get(rows);
	if (known) return known;
	let name = 0;
	let status = 0;
	for (const row of rows) {
		if (row.kind === 'group') {
			name = Math.max(name, visibleWidth(safe(groupTitle(row))));
			status = Math.max(status, visibleWidth(safe(groupSummary(row).status)));
		} else if (row.inGroup) name = Math.max(name, 2 + visibleWidth(safe(row.pod.metadata.name)));
	}
	groupWidths.set(rows, {name, status});
	return {name, status};
}

export function PodList({state, width, height, theme, now}: Props) {
	const pods = visiblePods(state);
	const rows: ListRow[] = state.grouped ? listRows(state) : [];
	const count = state.grouped ? rows.length : pods.length;
	const selected = state.grouped ? selectedRowIndex(state, rows) : selectedIndex(state, pods);
	const rowsHigh = Math.max(1, height - 3);
	const top = useRef(0);
	if (selected >= 0) {
		if (selected < top.current) top.current = selected;
		if (selected >= top.current + rowsHigh) top.current = selected - rowsHigh + 1;
	}
	top.current = Math.max(0, Math.min(top.current, Math.max(0, count - rowsHigh)));
	const all = state.session.allNamespaces;
	// Sized to the rows shown, as k9s does: a filtered list gets its names whole. Workload rows
	// and the indent of their pods take room in NAME and STATUS too.
	const columns = layoutColumns(podColumns(state.grouped ? state.pods : pods, all, now, state.grouped ? groupContent(rows) : {}), width - 4);
	const restartsCut = (text: string, count: number) => (visibleWidth(text) > (columns.find(column => column.title === 'RESTARTS')?.width ?? 0) ? String(count) : text);
	const podCells = (pod: Pod, indent: string) => {
		const [name, ready, status, restarts, age, , node] = podRow(pod, now, true);
		const byTitle: Record<string, string> = {
			NAMESPACE: safe(pod.metadata.namespace),
			NAME: indent + safe(name),
			READY: ready!,
			STATUS: safe(status),
			RESTARTS: restartsCut(restarts!, podRestarts(pod, now).count),
			AGE: age!,
			NODE: safe(node),
			OWNER: safe(ownerText(pod)),
		};
		return {cells: columns.map(column => byTitle[column.title] ?? ''), status: status!, mark: state.podMarks?.[podKey(pod)]};
	};
	const groupCells = (group: GroupRow) => {
		const {ready, status} = groupSummary(group);
		const byTitle: Record<string, string> = {NAMESPACE: safe(group.namespace), NAME: safe(groupTitle(group)), READY: ready, STATUS: safe(status)};
		return {cells: columns.map(column => byTitle[column.title] ?? ''), status, mark: groupMark(group, state.podMarks)};
	};
	const filterLabel = state.filter || state.filtering ? ` /${state.filter}${state.filtering ? '▏' : ''}` : '';
	const title = `Pods (${pods.length}${state.filter ? ` of ${state.pods.length}` : ''})${state.grouped ? ' by owner' : ''}${filterLabel}`;
	const shown: Array<{key: string; cells: ReturnType<typeof podCells>; group: boolean}> = state.grouped
		? rows
				.slice(top.current, top.current + rowsHigh)
				.map(row => ({key: row.key, cells: row.kind === 'group' ? groupCells(row) : podCells(row.pod, row.inGroup ? '  ' : ''), group: row.kind === 'group'}))
		: pods.slice(top.current, top.current + rowsHigh).map(pod => ({key: podKey(pod), cells: podCells(pod, ''), group: false}));
	const statusIndex = columns.findIndex(column => column.title === 'STATUS');
	return (
		<Panel title={title} width={width} height={height} focused={state.focus === 'pods'} borderColor={theme.accent}>
			<Text bold wrap="truncate">
				{'  ' + renderRow(columns, columns.map(column => column.title))}
			</Text>
			{shown.map(({key, cells: {cells, status, mark}, group}, offset) => {
				const isSelected = top.current + offset === selected;
				const before = renderRow(columns.slice(0, statusIndex), cells.slice(0, statusIndex));
				const statusCell = renderRow([columns[statusIndex]!], [cells[statusIndex]!]);
				const after = renderRow(columns.slice(statusIndex + 1), cells.slice(statusIndex + 1));
				return (
					<Text key={key} wrap="truncate" inverse={isSelected && state.focus === 'pods'} bold={isSelected || group}>
						{isSelected ? '▸' : ' '}
						<Text color={mark?.severity === 'error' ? theme.error : theme.warn}>{markChar(mark)}</Text>
						{before} <Text color={statusColor(theme, status)}>{statusCell}</Text> {after}
					</Text>
				);
			})}
		</Panel>
	);
}
