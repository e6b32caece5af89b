import type {Pod} from '../k8s.js';
import {condition, eventLine, isTerminal, podEvents} from './pod-facts.js';
import {waitingFor} from './startup-probe.js';
import {clean, type Entry, entries, exitText, isCrashLooping, lastExit, listNames, logEvidence, type Rule} from './types.js';

// A native sidecar (an init container with restartPolicy: Always) that crashes after it has
// started is not an init container that blocks: the pod is Initialized, the app keeps running,
// and the kubelet restarts the sidecar with back-off whatever its exit code
// (kuberuntime_container.go computeInitContainerActions). Meanwhile the app runs without what
// the sidecar provides, and the pod is not Ready (a sidecar counts in readiness).

/** Whether the sidecar has started once, so that what comes after it was let through. */
export function sidecarHasStarted(pod: Pod, all: readonly Entry[], sidecar: Entry): boolean {
	if (sidecar.status?.started) return true;
	if (condition(pod, 'Initialized')?.status === 'True') return true;
	return waitingFor(all, sidecar).some(entry => entry.status?.state?.running || entry.status?.state?.terminated || (entry.status?.restartCount ?? 0) > 0);
}

export const sidecarCrash: Rule = {
	id: 'sidecar-crash',
	check(input) {
		const {pod} = input;
		if (isTerminal(pod)) return [];
		const all = entries(pod);
		return all
			.filter(entry => entry.role === 'sidecar' && isCrashLooping(entry, pod.spec.restartPolicy) && sidecarHasStarted(pod, all, entry))
			.map(entry => {
				const exit = lastExit(entry.status);
				const restarts = entry.status?.restartCount ?? 0;
				const apps = all.filter(item => item.role === 'main');
				const runningApps = apps.filter(item => item.status?.state?.running);
				const logs = logEvidence(input, entry.name, 'previous', 3);
				const backOff = podEvents(input, /^BackOff$/, entry.path).at(-1);
				const ready = condition(pod, 'Ready');
				const cleanExit = exit?.exitCode === 0;
				const lastLine = logs.at(-1)?.replace(/^log [^:]+: /, '');
				return {
					id: 'sidecar-crash',
					severity: 'error' as const,
					title: `native sidecar ${clean(entry.name)} keeps ${cleanExit ? 'exiting' : 'crashing'}${exit ? ` (last ${exitText(exit)})` : ''}, ${restarts} restart${restarts === 1 ? '' : 's'}: the kubelet restarts it with back-off while ${runningApps.length > 0 ? `${listNames(runningApps.map(item => clean(item.name)))} ${runningApps.length === 1 ? 'runs' : 'run'} without it` : 'the app runs without it'}`,
					evidence: [
						`${entry.path}.restartPolicy: Always (a native sidecar)`,
						...(entry.status?.state?.waiting?.reason ? [`${entry.statusPath}.state.waiting.reason: ${clean(entry.status.state.waiting.reason)}`] : []),
						...(exit ? [`${entry.statusPath}.${exit.path}: ${exitText(exit)}`] : []),
						`${entry.statusPath}.restartCount: ${restarts}`,
						...logs,
						...(backOff ? [eventLine(backOff)] : []),
						...(condition(pod, 'Initialized')?.status === 'True'
							? ['status.conditions{Initialized}: True (it started once, so it does not hold the app back)']
							: []),
						...runningApps.map(item => `${item.statusPath}.state: running since ${clean(item.status!.state!.running!.startedAt ?? '?')}`),
						...(ready?.status === 'False' ? [`status.conditions{Ready}: False: ${clean(ready.message ?? ready.reason ?? '')}`] : []),
					],
					fix: cleanExit
						? `${clean(entry.name)} exits 0: a native sidecar is restarted whatever its exit code, so a one-shot step belongs in a regular init container (drop restartPolicy: Always from ${entry.path}); a real sidecar must keep running.`
						: `Fix what makes ${clean(entry.name)} exit${lastLine ? ` (its last words: "${lastLine}")` : ` (kubectl logs ${clean(pod.metadata.name)} -c ${clean(entry.name)} --previous)`}. Until it stays up, ${listNames(apps.map(item => clean(item.name))) || 'the app'} runs without what ${clean(entry.name)} provides and the pod is not Ready, so Services send it no traffic.`,
					container: entry.name,
				};
			});
	},
};
