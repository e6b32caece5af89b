import {truncate, wrapWords} from '../text.js';
import {type Finding, type Severity, severityCounts} from './index.js';

// Findings as text for the terminal: severity, title, evidence, fix, wrapped to the width.

export const severityMark: Record<Severity, string> = {error: '✗', warning: '!', info: 'i'};

const wrap = wrapWords;

export type FindingLine = {text: string; severity?: Severity; kind: 'title' | 'evidence' | 'fix' | 'summary' | 'blank'};

export function findingLines(findings: Finding[], width: number, pod: string): FindingLine[] {
	const counts = severityCounts(findings);
	const count = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	const summary =
		findings.length === 0
			? `${pod}: no findings`
			: `${pod}: ${count(counts.error, 'error')}, ${count(counts.warning, 'warning')}, ${count(counts.info, 'note')}`;
	const lines: FindingLine[] = [{text: truncate(summary, width), kind: 'summary'}];
	for (const finding of findings) {
		lines.push({text: '', kind: 'blank'});
		const head = `${severityMark[finding.severity]} ${finding.severity.padEnd(7)} `;
		for (const text of wrap(finding.title, width, head, ' '.repeat(head.length))) lines.push({text, severity: finding.severity, kind: 'title'});
		for (const item of finding.evidence) for (const text of wrap(item, width, '    · ', '      ')) lines.push({text, kind: 'evidence'});
		for (const text of wrap(`fix: ${finding.fix}`, width, '    → ', '      ')) lines.push({text, kind: 'fix'});
	}
	return lines;
}
