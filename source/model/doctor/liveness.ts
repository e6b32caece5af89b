import {eventLine, isTerminal} from './pod-facts.js';
import {failureText, killExit, probeAdvice, probeFailures, probeKills, probeText} from './probe-facts.js';
import {clean, entries, exitText, lastExit, type Rule} from './types.js';

// A liveness probe that keeps failing: the kubelet kills the container ("Container app failed
// liveness probe, will be restarted") and starts it again with back-off, however healthy the
// process thinks it is. The exit code is the process's answer to SIGTERM (0 when it exits
// cleanly), so the crash-loop rule's reading of the exit would blame the wrong thing.

export const livenessRestarts: Rule = {
	id: 'liveness-restarts',
	check(input) {
		if (isTerminal(input.pod)) return [];
		return entries(input.pod).flatMap(entry => {
			const probe = entry.spec.livenessProbe;
			const kills = probeKills(input, entry, 'liveness');
			if (!probe || kills.length === 0 || (entry.status?.restartCount ?? 0) === 0) return [];
			const failures = probeFailures(input, entry, 'Liveness');
			const text = failureText(failures.at(-1));
			const exit = lastExit(entry.status);
			const restarts = entry.status?.restartCount ?? 0;
			const backOff = entry.status?.state?.waiting?.reason === 'CrashLoopBackOff';
			// Up and ready again: it is killed now and then, not right now.
			const recovered = entry.status?.state?.running !== undefined && entry.status.ready;
			return [
				{
					id: 'liveness-restarts',
					severity: recovered ? ('warning' as const) : ('error' as const),
					title: `${clean(entry.name)} ${recovered ? 'was' : 'is'} killed by its liveness probe and restarted (${restarts} restart${restarts === 1 ? '' : 's'}${backOff ? ', now in CrashLoopBackOff' : ''})${text ? `: ${clean(text)}` : ''}`,
					evidence: [
						`${entry.path}.livenessProbe: ${probeText(probe)}`,
						`${entry.statusPath}.restartCount: ${restarts}`,
						...(exit ? [`${entry.statusPath}.${exit.path}: ${exitText(exit)}, ${killExit(exit.exitCode)}`] : []),
						...(failures.length > 0 ? [eventLine(failures.at(-1)!)] : []),
						eventLine(kills.at(-1)!),
					],
					fix: `${probeAdvice(input.pod.metadata.name, entry, 'Liveness', probe, text)} If the app is only slow to start, give it a startupProbe rather than a longer initialDelaySeconds.`,
					container: entry.name,
				},
			];
		});
	},
};
