import type {Pod} from '../../model/k8s.js';
import {fit} from '../../model/text.js';
import {type Amount, containerUsage, podTotals, sparkline, type UsageHistory, usageBar} from '../../model/usage.js';
import {formatBytes, formatCpu} from '../../model/usage-format.js';
import type {Theme} from '../theme.js';
import {type Line, plain} from './lines.js';

// Per-container CPU and memory against requests and limits, a bar and a sparkline each,
// and the pod's totals as Kubernetes counts them. "metrics unavailable" is a state, not an error.

function amountLine(amount: Amount, format: (value: number | undefined) => string, theme: Theme, sparkWidth: number, barWidth: number): Line {
	const scale = amount.limit ?? amount.request;
	const share = amount.usage !== undefined && scale ? amount.usage / scale : undefined;
	const color = share === undefined ? undefined : share >= 0.9 ? theme.error : share >= 0.7 ? theme.warn : theme.ok;
	const against = `${format(amount.request)}/${format(amount.limit)}`;
	return [
		{text: fit(format(amount.usage), 6)},
		{text: usageBar(amount.usage, scale, barWidth), color},
		{text: ` ${fit(against, 12)}`, dim: true},
		...(sparkWidth > 0 ? [{text: ` ${sparkline(amount.series, sparkWidth)}`, color: theme.accent}] : []),
	];
}

export function usageLines(pod: Pod, usage: UsageHistory, width: number, theme: Theme): Line[] {
	if (usage.unavailable && usage.samples.length === 0) return [plain('usage: metrics unavailable', {dim: true})];
	if (usage.samples.length === 0) return [plain('usage: waiting for metrics…', {dim: true})];
	const nameWidth = Math.min(16, Math.max(6, ...pod.spec.containers.map(container => container.name.length)));
	const half = Math.floor((width - nameWidth - 3) / 2);
	const barWidth = Math.max(4, Math.min(10, half - 6 - 13 - 8));
	const sparkWidth = Math.max(0, Math.min(20, half - 6 - barWidth - 13 - 2));
	const header = plain(`${fit('usage', nameWidth)}   ${fit('cpu (req/lim)', half)}memory (req/lim)`, {bold: true});
	const row = (name: string, cpu: Amount, memory: Amount, bold = false): Line => [
		{text: fit(name, nameWidth), bold},
		{text: '   '},
		...amountLine(cpu, formatCpu, theme, sparkWidth, barWidth),
		{text: ' '.repeat(Math.max(0, half - (6 + barWidth + 13 + (sparkWidth > 0 ? sparkWidth + 1 : 0))))},
		...amountLine(memory, formatBytes, theme, sparkWidth, barWidth),
	];
	const rows = containerUsage(pod, usage).filter(item => item.role !== 'init' || item.cpu.usage !== undefined);
	const totals = podTotals(pod, usage);
	return [
		header,
		...rows.map(item => row(item.name, item.cpu, item.memory)),
		row('pod', totals.cpu, totals.memory, true),
		plain('pod requests count init containers as the scheduler does', {dim: true}),
	];
}
