import {Box, Text} from 'ink';
import type {AppState} from '../model/app-state.js';
import type {KubeEvent} from '../model/k8s.js';
import {refKey, selectedGroup, selectedPod} from '../model/app-state.js';
import {type ContainerRow, containerRows, stateText} from '../model/containers.js';
import {humanDuration} from '../model/duration.js';
import {type EventRow, lastWarningByContainer} from '../model/events.js';
import {podReady, podStatusReason} from '../model/pod-status.js';
import {startOrder} from '../model/start-order.js';
import {type Amount, containerUsage, type ContainerUsage, podTotals, sparkline, type UsageHistory, usageBar} from '../model/usage.js';
import {formatBytes, formatCpu} from '../model/usage-format.js';
import {fit, safe, truncate} from '../model/text.js';
import {visibleWidth} from '../model/sanitize.js';
import {type ColumnSpec, contentWidth, layoutColumns, renderRow} from './columns.js';
import {warningMark} from './legend.js';
import {lastResult} from './memo.js';
import {Panel} from './Panel.js';
import type {Theme} from './theme.js';

// The selected pod's containers in start order, grouped by role, and the details of the
// selected container: what `kubectl describe` spreads over a page, in a few lines.

type Props = {state: AppState; width: number; height: number; theme: Theme; now: number};

/** `interleaved`: the pod has both init containers and native sidecars, so their positions tell the start order. */
export function roleLabel(row: ContainerRow, interleaved = false): string {
	switch (row.role) {
		case 'init':
			return `init ${row.index ?? ''}`.trim();
		case 'sidecar':
			return interleaved && row.index !== undefined ? `sidecar ${row.index}` : 'sidecar';
		case 'ephemeral':
			return 'ephemeral';
		default:
			return row.isDefault ? 'main*' : 'main';
	}
}

function stateColor(theme: Theme, row: ContainerRow): string | undefined {
	const state = row.state;
	if (state.kind === 'running') return row.ready ? theme.ok : theme.warn;
	if (state.kind === 'terminated') return state.exitCode === 0 ? theme.ok : theme.error;
	if (state.kind === 'waiting') return /CrashLoopBackOff|Err|Invalid|BackOff/.test(state.reason ?? '') ? theme.error : theme.warn;
	return undefined;
}

const stateCell = (row: ContainerRow, now: number) => `${stateMark(row)} ${safe(stateText(row, now))}`;

/**
 * The container table's columns in `total` cells (the panel's inside): the selection mark, ROLE
 * and the log mark before them, the warning mark after. Each column as wide as its content;
 * STATE and R are never cut while NAME has room to give, CPU and MEM go first when narrow.
 */
function containerTable(rows: ContainerRow[], total: number, now: number, interleaved: boolean): {roleWidth: number; columns: ColumnSpec[]} {
	const roleWidth = contentWidth('ROLE', rows.map(row => roleLabel(row, interleaved).length));
	const specs: ColumnSpec[] = [
		{title: 'NAME', width: contentWidth('NAME', rows.map(row => visibleWidth(safe(row.name)))), min: 8, flex: true},
		{title: 'STATE', width: contentWidth('STATE', rows.map(row => visibleWidth(stateCell(row, now)))), min: 12},
		{title: 'R', width: contentWidth('R', rows.map(row => String(row.restartCount).length), 3), min: 1},
		{title: 'CPU', width: 6, optional: true},
		{title: 'MEM', width: 6, optional: true},
	];
	// 1 for the selection mark, a space and 1 for the log mark, 2 for " ⚠" (right after the row, not across the panel).
	return {roleWidth, columns: layoutColumns(specs, total - 1 - roleWidth - 2 - 2, false)};
}

function stateMark(row: ContainerRow): string {
	const state = row.state;
	if (state.kind === 'running') return row.ready ? '●' : '◐';
	if (state.kind === 'terminated') return state.exitCode === 0 ? '✓' : '✗';
	if (state.kind === 'waiting') return '…';
	return '?';
}

const against = (amount: Amount, format: (value: number | undefined) => string) => {
	const scale = amount.limit ?? amount.request;
	const label = amount.limit !== undefined ? 'limit' : amount.request !== undefined ? 'request' : '';
	return `${format(amount.usage)}${label ? ` of ${format(scale)} ${label}` : ''}`;
};

function usageLines(usage: ContainerUsage | undefined, history: UsageHistory | undefined): string[] {
	if (!history) return [];
	if (history.unavailable) return [`usage   ${history.unavailable}`];
	if (!usage || usage.cpu.usage === undefined) return [];
	const cpu = `cpu     ${against(usage.cpu, formatCpu).padEnd(22)} ${sparkline(usage.cpu.series, 12)}`;
	const memoryScale = usage.memory.limit ?? usage.memory.request;
	const peak = usage.peakMemory !== undefined ? `  peak ${formatBytes(usage.peakMemory)}` : '';
	const memory = `memory  ${against(usage.memory, formatBytes).padEnd(22)} ${usageBar(usage.memory.usage, memoryScale, 12)}${peak}`;
	return [cpu, memory];
}

function details(rows: ContainerRow[], row: ContainerRow, now: number, warning?: EventRow, usage?: ContainerUsage, history?: UsageHistory): string[] {
	const lines = [`image   ${safe(row.image)}`];
	const state = row.state;
	if (state.kind === 'waiting' && state.message) lines.push(`waiting ${safe(state.message)}`);
	// Why the row has its mark, before what may be cut off below.
	if (warning) lines.push(`warning ${warningMark} ${warning.reason}: ${warning.message} (${warning.age} ago)`);
	const order = startOrder(rows, row);
	if (order) lines.push(`order   ${order}`);
	const flags = [`ready ${row.ready ? 'yes' : 'no'}`, `started ${row.started ? 'yes' : 'no'}`, `restarts ${row.restartCount}`];
	// What the * of main* means: the container kubectl logs and exec pick without -c.
	if (row.isDefault) flags.push('default (no -c)');
	lines.push(flags.join('  '));
	if (row.lastTermination) {
		const last = row.lastTermination;
		const when = last.finishedAt === undefined ? '' : ` ${humanDuration(now - last.finishedAt)} ago`;
		lines.push(`last    ${safe(last.reason ?? 'Terminated')} (exit ${last.exitCode})${when}`);
	}
	if (row.ports.length > 0) lines.push(`ports   ${row.ports.map(port => `${port.containerPort}/${port.protocol ?? 'TCP'}`).join(', ')}`);
	const probes = (['startup', 'readiness', 'liveness'] as const).filter(probe => row.probes[probe]);
	lines.push(`probes  ${probes.length ? probes.join(', ') : 'none'}`);
	if (row.targetContainerName) lines.push(`target  ${safe(row.targetContainerName)}`);
	lines.push(...usageLines(usage, history));
	if (row.patternHint) lines.push(`hint    ${row.patternHint}`);
	return lines;
}

// Events are re-read and sorted, usage re-summed, only when they (or the second) change: the
// panel also renders on every key press and every list update.
const warningsOf = lastResult((events: KubeEvent[], second: number) => lastWarningByContainer(events, second * 1000));
const usageOf = lastResult(containerUsage);

export function ContainerPanel({state, width, height, theme, now}: Props) {
	const pod = selectedPod(state);
	const group = selectedGroup(state);
	if (group) {
		// A workload's row: its pods, and what the keys do here.
		return (
			<Panel title={`${safe(group.owner)} ─ ${group.pods.length} pod${group.pods.length === 1 ? '' : 's'}`} width={width} height={height} focused={false}>
				{group.pods.slice(0, Math.max(0, height - 3)).map(item => (
					<Text key={item.metadata.name} wrap="truncate">
						{fit(` ${safe(item.metadata.name)}`, Math.max(1, width - 24))} {fit(safe(podStatusReason(item)), 16)} {podReady(item)}
					</Text>
				))}
				<Text dimColor={theme.dim} wrap="truncate">
					{' ⏎ fold / unfold · l default containers · L every container, following the rollout'}
				</Text>
			</Panel>
		);
	}
	if (!pod) {
		return (
			<Panel title="Containers" width={width} height={height} focused={false}>
				<Text dimColor={theme.dim}> no pod selected</Text>
			</Panel>
		);
	}
	const status = podStatusReason(pod);
	const title = `${safe(pod.metadata.name)} ─ ${safe(status)} ${podReady(pod)}${pod.spec.nodeName ? ` ─ ${safe(pod.spec.nodeName)}` : ''}`;
	const rows = containerRows(pod);
	const interleaved = rows.some(row => row.role === 'init') && rows.some(row => row.role === 'sidecar');
	const focused = state.focus === 'containers';
	const selected = Math.min(state.containerIndex, rows.length - 1);
	const inner = width - 3;
	const marked = new Set(state.marked);
	const markKey = (name: string) => refKey({namespace: pod.metadata.namespace ?? '', pod: pod.metadata.name, container: name});
	const current = rows[selected];
	const live = state.details?.key === `${pod.metadata.namespace ?? ''}/${pod.metadata.name}` ? state.details : undefined;
	const warnings = live ? warningsOf(live.events, Math.floor(now / 1000)) : new Map<string, EventRow>();
	const usage = live ? usageOf(pod, live.usage) : [];
	const usageFor = (name: string) => usage.find(item => item.name === name);
	const totals = live && !live.usage.unavailable && live.usage.samples.length > 0 ? podTotals(pod, live.usage) : undefined;
	const room = Math.max(0, height - 3 - rows.length - 1 - (totals ? 1 : 0));
	const extra = current ? details(rows, current, now, warnings.get(current.name), usageFor(current.name), live?.usage).slice(0, room) : [];
	const table = containerTable(rows, width - 2, now, interleaved);
	const warnMark = (name: string) => (warnings.has(name) ? <Text color={theme.warn}>{` ${warningMark}`}</Text> : null);
	return (
		<Panel title={title} width={width} height={height} focused={focused} borderColor={theme.accent}>
			<Text bold wrap="truncate">
				{` ${fit('ROLE', table.roleWidth)}  ${renderRow(table.columns, table.columns.map(column => column.title))}`}
			</Text>
			{rows.map((row, index) => {
				const isSelected = focused && index === selected;
				// Marked with space for a side-by-side log view (l opens every marked container).
				const isMarked = marked.has(markKey(row.name));
				const cells: Record<string, string> = {NAME: safe(row.name), R: String(row.restartCount), CPU: formatCpu(usageFor(row.name)?.cpu.usage), MEM: formatBytes(usageFor(row.name)?.memory.usage)};
				const at = table.columns.findIndex(column => column.title === 'STATE');
				const cellsOf = (from: number, to?: number) => renderRow(table.columns.slice(from, to), table.columns.slice(from, to).map(column => cells[column.title] ?? ''));
				return (
					<Text key={`${row.role}/${row.name}`} wrap="truncate" inverse={isSelected}>
						{isSelected ? '▸' : ' '}
						<Text dimColor={theme.dim && row.role !== 'main'}>{fit(roleLabel(row, interleaved), table.roleWidth + 1)}</Text>
						<Text color={theme.accent}>{isMarked ? '✓' : ' '}</Text>
						{cellsOf(0, at)}{' '}
						<Text color={stateColor(theme, row)}>{fit(stateCell(row, now), table.columns[at]!.width)}</Text>
						{at + 1 < table.columns.length ? ` ${cellsOf(at + 1)}` : ''}
						{warnMark(row.name)}
					</Text>
				);
			})}
			{totals ? (
				<Text wrap="truncate" dimColor={theme.dim}>
					{'  ' + truncate(`pod total: cpu ${against(totals.cpu, formatCpu)}, memory ${against(totals.memory, formatBytes)}`, inner - 1)}
				</Text>
			) : null}
			{current ? (
				<Box flexDirection="column" marginTop={1}>
					{extra.map((line, index) => (
						<Text key={index} wrap="truncate" dimColor={theme.dim && index > 0}>
							{'  ' + truncate(`${index === 0 ? `${current.name}: ` : ''}${line}`, inner - 1)}
						</Text>
					))}
				</Box>
			) : null}
		</Panel>
	);
}
