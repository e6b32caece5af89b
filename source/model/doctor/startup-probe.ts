import {toTime} from '../k8s.js';
import {eventLine, isTerminal} from './pod-facts.js';
import {failureText, killExit, period, probeAdvice, probeFailures, probeKills, probeText, threshold} from './probe-facts.js';
import {clean, type DoctorInput, type Entry, entries, exitText, type Finding, lastExit, listNames, type Rule} from './types.js';

// A startup probe that has not passed yet. Until it does, the container's liveness and
// readiness probes do not run, and for a native sidecar nothing declared after it starts: the
// kubelet starts the next init container, then the app, only once the sidecar is "started"
// (pkg/kubelet/kuberuntime/kuberuntime_container.go). It has failureThreshold × periodSeconds
// (after initialDelaySeconds) to pass; then the kubelet kills it ("Container app failed startup
// probe, will be restarted", for a sidecar "Init container x failed startup probe") and it
// starts over with back-off.

/** The containers that wait for a native sidecar to start: later init containers and the app. */
export function waitingFor(all: readonly Entry[], sidecar: Entry): Entry[] {
	const index = all.indexOf(sidecar);
	return all.filter((entry, at) => (entry.role === 'init' || entry.role === 'sidecar' ? at > index : entry.role === 'main'));
}

function budget(entry: Entry, now: number): {total: number; elapsed?: number} {
	const probe = entry.spec.startupProbe!;
	const total = (probe.initialDelaySeconds ?? 0) + threshold(probe) * period(probe);
	const started = toTime(entry.status?.state?.running?.startedAt);
	return {total, ...(started === undefined ? {} : {elapsed: Math.max(0, Math.round((now - started) / 1000))})};
}

function finding(input: DoctorInput, all: readonly Entry[], entry: Entry): Finding | undefined {
	const probe = entry.spec.startupProbe!;
	const kills = probeKills(input, entry, 'startup');
	const failures = probeFailures(input, entry, 'Startup');
	const running = entry.status?.state?.running !== undefined;
	if (!running && kills.length === 0) return undefined;
	const {total, elapsed} = budget(entry, input.now);
	const left = elapsed === undefined ? undefined : Math.max(0, total - elapsed);
	const text = failureText(failures.at(-1));
	const sidecar = entry.role === 'sidecar';
	const blocked = sidecar ? waitingFor(all, entry) : [];
	const restarts = entry.status?.restartCount ?? 0;
	const exit = lastExit(entry.status);
	// Failing is what a startup probe does while the app starts: it is a problem once most of
	// the budget is gone, not at the first failure of a healthy start.
	const late = left === undefined || left * 2 <= total;
	const severity = kills.length > 0 ? 'error' : failures.length > 0 && late ? 'warning' : 'info';
	const who = `${sidecar ? 'native sidecar ' : ''}${clean(entry.name)}`;
	const state =
		kills.length > 0
			? `never passes its startup probe, killed ${kills.length === 1 && (kills[0]!.count ?? 1) === 1 ? 'once' : `${kills.at(-1)!.count ?? kills.length} times`} (${restarts} restart${restarts === 1 ? '' : 's'})`
			: failures.length > 0
				? `has not passed its startup probe yet${left !== undefined ? `: ${left}s of its ${total}s left` : ''}`
				: `is waiting for its startup probe${left !== undefined ? ` (${left}s of its ${total}s left)` : ''}`;
	const waits = blocked.length > 0 ? `; ${listNames(blocked.map(item => clean(item.name)))} ${blocked.length === 1 ? 'waits' : 'wait'} for it` : '';
	const evidence = [
		`${entry.path}.startupProbe: ${probeText(probe)}`,
		`${entry.statusPath}.started: ${entry.status?.started ?? false}`,
		`budget: ${probe.initialDelaySeconds ? `initialDelaySeconds ${probe.initialDelaySeconds} + ` : ''}failureThreshold ${threshold(probe)} × periodSeconds ${period(probe)} = ${total}s${elapsed !== undefined ? `; this run started ${elapsed}s ago, ${left}s left` : '; not running now'}`,
		...(exit && kills.length > 0 ? [`${entry.statusPath}.${exit.path}: ${exitText(exit)}, ${killExit(exit.exitCode)}`] : []),
		...(failures.length > 0 ? [eventLine(failures.at(-1)!)] : []),
		...(kills.length > 0 ? [eventLine(kills.at(-1)!)] : []),
		...blocked.map(item => `${item.statusPath}.state.waiting.reason: ${clean(item.status?.state?.waiting?.reason ?? 'not started')}`),
	];
	const order = sidecar
		? ` ${listNames(blocked.map(item => clean(item.name)))} start${blocked.length === 1 ? 's' : ''} only once ${clean(entry.name)}'s startup probe passes: that is the order a native sidecar gives, so keep the probe if the app needs ${clean(entry.name)} up first.`
		: '';
	const slow = ' If it is only slow, raise failureThreshold (the budget is failureThreshold × periodSeconds).';
	return {
		id: 'startup-probe',
		severity,
		title: `${who} ${state}${text ? `: ${clean(text)}` : ''}${waits}`,
		evidence,
		fix: `${severity === 'info' ? 'Nothing to do yet.' : probeAdvice(input.pod.metadata.name, entry, 'Startup', probe, text)}${order}${severity === 'info' ? '' : slow}`,
		container: entry.name,
	};
}

export const startupProbe: Rule = {
	id: 'startup-probe',
	check(input) {
		if (isTerminal(input.pod) || input.pod.metadata.deletionTimestamp) return [];
		const all = entries(input.pod);
		return all
			.filter(entry => (entry.role === 'main' || entry.role === 'sidecar') && entry.spec.startupProbe && entry.status?.started !== true)
			.map(entry => finding(input, all, entry))
			.filter((item): item is Finding => item !== undefined);
	},
};
