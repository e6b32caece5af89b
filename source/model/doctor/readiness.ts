import type {Finding} from './types.js';
import {type KubeEvent, type Probe, toTime} from '../k8s.js';
import {age, condition, eventCount, eventFirstSeen, eventLastSeen, eventLine, isTerminal, oneLine} from './pod-facts.js';
import {failureText, period, probeAdvice, probeFailures, probeText, threshold} from './probe-facts.js';
import {clean, longRunning, type Rule} from './types.js';

// A running container whose readiness probe keeps failing: it is not restarted, but the pod is
// not Ready, so every Service leaves it out of its endpoints (no traffic) and a rollout waiting
// for it stalls. The Unhealthy events carry the probe's own output. A readiness gate whose
// condition nobody sets has the same cost (Ready False, ReadinessGatesNotReady: "corresponding
// condition of pod readiness gate \"x\" does not exist.", pkg/kubelet/status/generate.go).

function gates(pod: Parameters<Rule['check']>[0]['pod'], now: number): Finding[] {
	const ready = condition(pod, 'Ready');
	if (ready?.status !== 'False' || ready.reason !== 'ReadinessGatesNotReady') return [];
	const pending = (pod.spec.readinessGates ?? []).filter(gate => condition(pod, gate.conditionType)?.status !== 'True').map(gate => gate.conditionType);
	const since = age(ready.lastTransitionTime, now);
	return [
		{
			id: 'readiness-gate',
			severity: 'warning',
			title: `the pod is not Ready${since ? ` for ${since}` : ''}: readiness gate ${pending.map(clean).join(', ')} is not True, so Services send it no traffic`,
			evidence: [
				...pending.map(gate => `spec.readinessGates: ${clean(gate)}`),
				...pending.map(gate => `status.conditions{${clean(gate)}}: ${clean(condition(pod, gate)?.status ?? '<absent>')}`),
				`status.conditions{Ready}: False, ReadinessGatesNotReady: ${oneLine(ready.message)}`,
			],
			fix: `The controller that owns ${pending.map(clean).join(', ')} (a load balancer or mesh controller) sets that condition through the pod's status: is it running? Remove the gate from spec.readinessGates (on a new pod) if nothing manages it.`,
		},
	];
}

/**
 * Failing as the kubelet counts it, not a start-up blip: at least failureThreshold failures, the
 * first of them failureThreshold × periodSeconds ago, the last one during this run.
 */
function failingLongEnough(last: KubeEvent, first: KubeEvent, probe: Probe, startedAt: string | undefined): boolean {
	const lastSeen = eventLastSeen(last) ?? 0;
	const firstSeen = eventFirstSeen(first) ?? lastSeen;
	const started = toTime(startedAt) ?? 0;
	return eventCount(last) >= threshold(probe) && lastSeen - firstSeen >= (threshold(probe) - 1) * period(probe) * 1000 && lastSeen >= started;
}

export const readinessFailing: Rule = {
	id: 'readiness-failing',
	check(input) {
		const {pod, now} = input;
		if (isTerminal(pod) || pod.metadata.deletionTimestamp) return [];
		const findings: Finding[] = [];
		for (const entry of longRunning(pod)) {
			const probe = entry.spec.readinessProbe;
			const status = entry.status;
			if (!probe || !status?.state?.running || status.ready || status.started === false) continue;
			const failures = probeFailures(input, entry, 'Readiness');
			const last = failures.at(-1);
			if (!last || !failingLongEnough(last, failures[0]!, probe, status.state.running.startedAt)) continue;
			const text = failureText(last);
			const since = age(eventFirstSeen(failures[0]!), now);
			const ready = condition(pod, 'Ready');
			findings.push({
				id: 'readiness-failing',
				severity: 'error',
				title: `${clean(entry.name)} is running but not ready: its readiness probe has failed ${eventCount(last)} time${eventCount(last) === 1 ? '' : 's'}${since ? ` over ${since}` : ''}${text ? ` (${clean(text)})` : ''}; the pod gets no Service traffic`,
				evidence: [
					`${entry.path}.readinessProbe: ${probeText(probe)}`,
					`${entry.statusPath}.ready: false`,
					eventLine(last),
					...(ready?.status === 'False'
						? [
								`status.conditions{Ready}: False, ${clean(ready.reason ?? '')}${age(ready.lastTransitionTime, now) ? ` for ${age(ready.lastTransitionTime, now)}` : ''}`,
							]
						: []),
				],
				fix: `${probeAdvice(pod.metadata.name, entry, 'Readiness', probe, text)} Until it passes, Services route nothing to this pod.`,
				container: entry.name,
			});
		}
		return [...findings, ...gates(pod, now)];
	},
};
