// What the marks on the screens mean, for the help overlay: the one place they are explained.

/** Beside a container with a recent Warning event; the details under the table say which. */
export const warningMark = '⚠';

export type LegendEntry = {mark: string; where: string; meaning: string};

export const legend: LegendEntry[] = [
	{mark: '✗ !', where: 'pods', meaning: 'the doctor found an error / a warning in the pod (x tells what)'},
	{mark: 'main*', where: 'containers', meaning: 'the default container: kubectl logs and exec use it when -c is not given'},
	{mark: warningMark, where: 'containers', meaning: 'a recent Warning event about the container (its text is under the table)'},
	{mark: '● ◐', where: 'containers', meaning: 'running and ready / running, not ready'},
	{mark: '✓ ✗ …', where: 'containers', meaning: 'exited 0 / exited with an error / waiting (the reason follows)'},
	{mark: '✓ name', where: 'containers', meaning: 'marked with space: l opens the marked containers side by side'},
];
