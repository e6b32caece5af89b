// What the marks on the screens mean, for the help overlay: the one place they are explained.

/** Beside a container with a recent Warning event; the details under the table say which. */
export const warningMark = '⚠';

export type LegendEntry = {mark: string; where: string; meaning: string};

// Each meaning fits the help's 80-column layout (about 50 cells).
export const legend: LegendEntry[] = [
	{mark: '✗ !', where: 'pods', meaning: 'the doctor found an error / a warning (x: what)'},
	{mark: 'main*', where: 'containers', meaning: 'the default container: logs, exec without -c'},
	{mark: warningMark, where: 'containers', meaning: 'a recent Warning event (its text under the table)'},
	{mark: '● ◐', where: 'containers', meaning: 'running and ready / running, not ready'},
	{mark: '✓ ✗ …', where: 'containers', meaning: 'exited 0 / exited with an error / waiting'},
	{mark: '✓name', where: 'containers', meaning: 'marked with space: l opens the marked ones'},
];
