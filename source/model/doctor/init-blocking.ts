import {probeKills} from './probe-facts.js';
import {sidecarHasStarted} from './sidecar-crash.js';
import {clean, entries, eventEvidence, exitText, lastExit, listNames, logEvidence, type Rule} from './types.js';

// Init containers run one at a time and must succeed: one that keeps failing holds every
// later init container and the whole app back, however healthy they are. A native sidecar
// holds them back only until it has started once; after that its crashes are the sidecar-crash
// rule's, and a sidecar killed by its startup probe is the startup-probe rule's.

export const initBlocking: Rule = {
	id: 'init-blocking',
	check(input) {
		const all = entries(input.pod);
		const inits = all.filter(entry => entry.role === 'init' || entry.role === 'sidecar');
		const blocker = inits.find(entry => {
			if (entry.role === 'sidecar' && (sidecarHasStarted(input.pod, all, entry) || probeKills(input, entry, 'startup').length > 0)) return false;
			const waiting = entry.status?.state?.waiting?.reason;
			const exit = lastExit(entry.status);
			return (waiting !== undefined && waiting !== 'PodInitializing') || (entry.status?.state?.terminated && exit?.exitCode !== 0);
		});
		if (!blocker) return [];
		const sidecar = blocker.role === 'sidecar';
		const blocked = all.filter(
			entry => entry !== blocker && entry.role !== 'ephemeral' && (inits.indexOf(entry) > inits.indexOf(blocker) || entry.role === 'main'),
		);
		const exit = lastExit(blocker.status);
		const reason = blocker.status?.state?.waiting?.reason ?? exit?.reason ?? 'failing';
		const logs = logEvidence(input, blocker.name, 'previous', 3);
		const evidence = [
			...(sidecar ? [`${blocker.path}.restartPolicy: Always (a native sidecar that has not started yet)`] : []),
			`${blocker.statusPath}.state.waiting.reason: ${clean(blocker.status?.state?.waiting?.reason ?? '-')}`,
			`${blocker.statusPath}.restartCount: ${blocker.status?.restartCount ?? 0}`,
			...(exit ? [`${blocker.statusPath}.${exit.path}: ${exitText(exit)}`] : []),
			...logs,
			...eventEvidence(input, blocker, /BackOff|Failed/),
			...blocked.map(entry => `${entry.statusPath}.state.waiting.reason: ${clean(entry.status?.state?.waiting?.reason ?? 'not started')}`),
		];
		const lastLine = logs.at(-1)?.replace(/^log [^:]+: /, '');
		const needs = `Fix what ${clean(blocker.name)} needs${lastLine ? ` (its last words: "${lastLine}")` : ''}`;
		return [
			{
				id: 'init-blocking',
				severity: 'error',
				title: `${sidecar ? 'native sidecar' : 'init container'} ${clean(blocker.name)} keeps failing (${clean(reason)}${exit ? `, ${exitText(exit)}` : ''}) ${sidecar ? 'before it ever started, ' : ''}and blocks ${listNames(blocked.map(entry => clean(entry.name)))}`,
				evidence,
				fix: sidecar
					? `${needs}; ${listNames(blocked.map(entry => clean(entry.name)))} start${blocked.length === 1 ? 's' : ''} only once it has started (running, and past its startupProbe if it has one), and then it must keep running.`
					: `${needs}; the pod stays Init:${clean(reason)} until it exits 0. If the step is optional, make it not fail (or move it into the app).`,
				container: blocker.name,
			},
		];
	},
};
