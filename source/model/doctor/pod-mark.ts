import {severityRank} from './index.js';
import type {Finding, Severity} from './types.js';

// What the pod list shows of a pod's diagnosis: the worst finding and how many errors and
// warnings there are. Kept in the app state for every pod, so it must stay small.

export type PodMark = {severity: Severity; title: string; container?: string; errors: number; warnings: number};

/** The mark of a pod from its findings (diagnose's order: worst first); none when it has none. */
export function podMark(findings: Finding[]): PodMark | undefined {
	const worst = findings[0];
	if (!worst) return undefined;
	const mark: PodMark = {
		severity: worst.severity,
		title: worst.title,
		errors: findings.filter(finding => finding.severity === 'error').length,
		warnings: findings.filter(finding => finding.severity === 'warning').length,
	};
	if (worst.container) mark.container = worst.container;
	return mark;
}

/** The list's one-column mark: ✗ error, ! warning (as the doctor prints them), nothing for notes. */
export const markChar = (mark: PodMark | undefined): string => (mark?.severity === 'error' ? '✗' : mark?.severity === 'warning' ? '!' : ' ');

export function sameMarks(a: Record<string, PodMark>, b: Record<string, PodMark>): boolean {
	const keys = Object.keys(a);
	if (keys.length !== Object.keys(b).length) return false;
	return keys.every(key => {
		const x = a[key]!;
		const y = b[key];
		return (
			y !== undefined && x.severity === y.severity && x.title === y.title && x.errors === y.errors && x.warnings === y.warnings && x.container === y.container
		);
	});
}

/** The namespace report's order: errors, then warnings, then notes, then clean pods; the list's order within each. */
export function worstFirst<T>(items: T[], markOf: (item: T) => PodMark | undefined): T[] {
	const severity = (item: T) => {
		const mark = markOf(item);
		return mark ? severityRank[mark.severity] : 3;
	};
	return items
		.map((item, order) => ({item, order, severity: severity(item)}))
		.sort((a, b) => a.severity - b.severity || a.order - b.order)
		.map(entry => entry.item);
}
