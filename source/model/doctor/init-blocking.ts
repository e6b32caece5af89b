import {clean, entries, eventEvidence, exitText, lastExit, listNames, logEvidence, type Rule} from './types.js';

// Init containers run one at a time and must succeed: one that keeps failing holds every
// later init container and the whole app back, however healthy they are.

export const initBlocking: Rule = {
	id: 'init-blocking',
	check(input) {
		const all = entries(input.pod);
		const inits = all.filter(entry => entry.role === 'init' || entry.role === 'sidecar');
		const blocker = inits.find(entry => {
			const waiting = entry.status?.state?.waiting?.reason;
			const exit = lastExit(entry.status);
			return (waiting !== undefined && waiting !== 'PodInitializing') || (entry.status?.state?.terminated && exit?.exitCode !== 0);
		});
		if (!blocker) return [];
		const blocked = all.filter(
			entry => entry !== blocker && entry.role !== 'ephemeral' && (inits.indexOf(entry) > inits.indexOf(blocker) || entry.role === 'main'),
		);
		const exit = lastExit(blocker.status);
		const reason = blocker.status?.state?.waiting?.reason ?? exit?.reason ?? 'failing';
		const logs = logEvidence(input, blocker.name, 'previous', 3);
		const evidence = [
			`${blocker.statusPath}.state.waiting.reason: ${clean(blocker.status?.state?.waiting?.reason ?? '-')}`,
			`${blocker.statusPath}.restartCount: ${blocker.status?.restartCount ?? 0}`,
			...(exit ? [`${blocker.statusPath}.${exit.path}: ${exitText(exit)}`] : []),
			...logs,
			...eventEvidence(input, blocker, /BackOff|Failed/),
			...blocked.map(entry => `${entry.statusPath}.state.waiting.reason: ${clean(entry.status?.state?.waiting?.reason ?? 'not started')}`),
		];
		const lastLine = logs.at(-1)?.replace(/^log [^:]+: /, '');
		return [
			{
				id: 'init-blocking',
				severity: 'error',
				title: `init container ${clean(blocker.name)} keeps failing (${clean(reason)}${exit ? `, ${exitText(exit)}` : ''}) and blocks ${listNames(blocked.map(entry => clean(entry.name)))}`,
				evidence,
				fix: `Fix what ${clean(blocker.name)} needs${lastLine ? ` (its last words: "${lastLine}")` : ''}; the pod stays Init:${clean(reason)} until it exits 0. If the step is optional, make it not fail (or move it into the app).`,
				container: blocker.name,
			},
		];
	},
};
