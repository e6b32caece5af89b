import {describe, expect, it} from 'vitest';
import type {Finding, Severity} from '../../../source/model/doctor/index.js';
import type {PodSummary} from '../../../source/model/doctor/pod-summary.js';
import {findingCell, podTable} from '../../../source/model/doctor/pod-table.js';
import {visibleWidth} from '../../../source/model/sanitize.js';

// `podscope doctor` over many pods prints kubectl get's table: columns three spaces apart,
// the last one unpadded, and only FINDING cut to the terminal.

const finding = (severity: Severity, title: string): Finding => ({id: 'x', severity, title, evidence: [], fix: ''});

function summary(name: string, status: string, findings: Finding[], namespace = 'default'): PodSummary {
	const counts = {error: 0, warning: 0, info: 0};
	for (const item of findings) counts[item.severity]++;
	return {namespace, name, status, counts, findings, ...(findings[0] ? {worst: findings[0]} : {})};
}

const pods = [
	summary('crashloop', 'CrashLoopBackOff', [finding('error', 'payments is in CrashLoopBackOff: last exit 2 (Error)'), finding('warning', 'no probes')]),
	summary('best-practice', 'Running', []),
	summary('web', 'Running', [finding('info', 'web has no memory limit')], 'shop'),
];

describe('the doctor table', () => {
	it('lays the columns out as kubectl get does', () => {
		expect(podTable(pods)).toBe(
			[
				'NAME            STATUS             ERRORS   WARNINGS   FINDING',
				'crashloop       CrashLoopBackOff   1        1          ✗ payments is in CrashLoopBackOff: last exit 2 (Error)',
				'best-practice   Running            0        0          -',
				'web             Running            0        0          i web has no memory limit',
				'',
			].join('\n'),
		);
	});

	it('-A puts NAMESPACE first', () => {
		const lines = podTable(pods, {allNamespaces: true}).split('\n');
		expect(lines[0]).toBe('NAMESPACE   NAME            STATUS             ERRORS   WARNINGS   FINDING');
		expect(lines[3]).toBe('shop        web             Running            0        0          i web has no memory limit');
	});

	it('cuts only FINDING to the width, with an ellipsis', () => {
		const long = summary('a-pod-with-a-rather-long-name', 'CreateContainerConfigError', [finding('warning', 'word '.repeat(40).trim())]);
		const lines = podTable([long], {width: 100}).trimEnd().split('\n');
		expect(lines[1]).toMatch(/^a-pod-with-a-rather-long-name {3}CreateContainerConfigError {3}0 {8}1 {10}! word word/);
		expect(lines[1]!.endsWith('…')).toBe(true);
		expect(visibleWidth(lines[1]!)).toBe(100);
		// The header's FINDING fits: it is not cut.
		expect(lines[0]!.endsWith('FINDING')).toBe(true);
		// No width (a pipe): nothing is cut.
		expect(podTable([long]).split('\n')[1]!.endsWith('word word')).toBe(true);
	});

	it('keeps a few columns of FINDING when the other columns fill the terminal', () => {
		const line = podTable([summary('x'.repeat(70), 'Running', [finding('error', 'the container cannot start at all')])], {width: 80}).split('\n')[1]!;
		expect(line.endsWith('✗ the conta…')).toBe(true);
	});

	it('marks the worst finding and makes cluster text safe', () => {
		expect(findingCell(pods[0]!)).toBe('✗ payments is in CrashLoopBackOff: last exit 2 (Error)');
		expect(findingCell(summary('p', 'Running', [finding('warning', 'w')]))).toBe('! w');
		expect(findingCell(summary('p', 'Running', []))).toBe('-');
		const hostile = summary('evil\x1b]0;owned\x07', 'Err\x1b[2J', [finding('error', 'line one\nline two \x1b[31mred')]);
		const table = podTable([hostile]);
		expect(table).not.toMatch(/\x1b|\x07/);
		expect(table.split('\n')[1]).toBe('evil␛]0;owned␇   Err␛[2J   1        0          ✗ line one line two ␛[31mred');
	});
});
