import {sanitizeName, visibleWidth} from '../sanitize.js';
import {truncate} from '../text.js';
import type {PodSummary} from './pod-summary.js';
import {severityMark} from './text.js';

// `podscope doctor` over many pods: one line per pod, laid out as kubectl get prints a table.
// kubectl's printers use text/tabwriter with padding 3 and the last column unpadded
// (k8s.io/cli-runtime/pkg/printers/tabwriter.go; its minwidth 6 never binds: every header is
// longer); cells are measured in terminal columns here, so a wide character in a status does
// not push the columns after it out of line.

const padding = 3;
/** FINDING keeps at least this many columns, however narrow the terminal: a mark and a few words. */
const minFindingWidth = 12;

export type PodTableOptions = {
	/** -A: a NAMESPACE column first, as kubectl get --all-namespaces prints. */
	allNamespaces?: boolean;
	/** Cut FINDING so each line fits this many columns; undefined: never cut (a pipe). */
	width?: number;
};

/** The worst finding as the table shows it: its mark and title on one line, or "-" when the pod has none. */
export function findingCell(summary: Pick<PodSummary, 'worst'>): string {
	const worst = summary.worst;
	return worst ? `${severityMark[worst.severity]} ${sanitizeName(worst.title.replace(/\s+/g, ' ').trim())}` : '-';
}

export function podTableRows(summaries: PodSummary[], options: PodTableOptions = {}): string[][] {
	const header = [...(options.allNamespaces ? ['NAMESPACE'] : []), 'NAME', 'STATUS', 'ERRORS', 'WARNINGS', 'FINDING'];
	const rows = summaries.map(summary => [
		...(options.allNamespaces ? [sanitizeName(summary.namespace)] : []),
		sanitizeName(summary.name),
		sanitizeName(summary.status),
		String(summary.counts.error),
		String(summary.counts.warning),
		findingCell(summary),
	]);
	return [header, ...rows];
}

/** The table's lines, each ending in a newline; only FINDING is ever cut (with "…"). */
export function podTable(summaries: PodSummary[], options: PodTableOptions = {}): string {
	const rows = podTableRows(summaries, options);
	const last = rows[0]!.length - 1;
	const widths = rows[0]!.slice(0, last).map((_, column) => Math.max(...rows.map(row => visibleWidth(row[column]!) + padding)));
	const before = widths.reduce((sum, width) => sum + width, 0);
	const findingWidth = options.width === undefined ? undefined : Math.max(minFindingWidth, options.width - before);
	return rows
		.map(row => {
			const cells = row.slice(0, last).map((cell, column) => cell + ' '.repeat(widths[column]! - visibleWidth(cell)));
			const finding = row[last]!;
			return `${cells.join('')}${findingWidth === undefined ? finding : truncate(finding, findingWidth)}\n`;
		})
		.join('');
}
