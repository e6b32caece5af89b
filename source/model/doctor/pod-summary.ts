import type {KubeEvent, Pod} from '../k8s.js';
import type {Node} from '../k8s-node.js';
import {podStatusReason} from '../pod-status.js';
import {diagnose, severityCounts} from './index.js';
import type {DoctorInput, Finding, Severity} from './types.js';

// The doctor over many pods at once (`podscope doctor` without a name, the TUI's marks and
// namespace report): one list of events for the whole scope, split by the pod it is about
// the way kubectl describe matches them (namespace, name and, when both have one, uid).

export type PodSummary = {
	namespace: string;
	name: string;
	status: string;
	/** The first finding: diagnose() puts the worst, most specific one first. */
	worst?: Finding;
	counts: Record<Severity, number>;
	findings: Finding[];
};

const eventKey = (namespace: string | undefined, name: string | undefined) => `${namespace ?? 'default'}/${name ?? ''}`;

/** Events indexed by the pod they involve. */
export function eventsByPod(events: Iterable<KubeEvent>): Map<string, KubeEvent[]> {
	const index = new Map<string, KubeEvent[]>();
	for (const event of events) {
		if (event.involvedObject.kind !== undefined && event.involvedObject.kind !== 'Pod') continue;
		const key = eventKey(event.involvedObject.namespace ?? event.metadata.namespace, event.involvedObject.name);
		const list = index.get(key);
		if (list) list.push(event);
		else index.set(key, [event]);
	}
	return index;
}

/** A pod's events from the index: an event about an earlier pod of the same name (other uid) is not this pod's. */
export function eventsOfPod(index: Map<string, KubeEvent[]>, pod: Pod): KubeEvent[] {
	const list = index.get(eventKey(pod.metadata.namespace, pod.metadata.name)) ?? [];
	const uid = pod.metadata.uid;
	return uid ? list.filter(event => !event.involvedObject.uid || event.involvedObject.uid === uid) : list;
}

export function summarisePod(pod: Pod, findings: Finding[]): PodSummary {
	const summary: PodSummary = {
		namespace: pod.metadata.namespace ?? 'default',
		name: pod.metadata.name,
		status: podStatusReason(pod),
		counts: severityCounts(findings),
		findings,
	};
	if (findings[0]) summary.worst = findings[0];
	return summary;
}

/**
 * Every pod diagnosed from the pods, the scope's events, (when readable) the nodes and the log
 * tails fetched for the pods that need them (see needsLogs).
 */
export function diagnosePods(
	pods: Pod[],
	events: Iterable<KubeEvent>,
	now: number,
	nodes?: Node[],
	logsOf?: (pod: Pod) => DoctorInput['logs'] | undefined,
): PodSummary[] {
	const index = eventsByPod(events);
	return pods.map(pod => {
		const logs = logsOf?.(pod);
		return summarisePod(pod, diagnose({pod, events: eventsOfPod(index, pod), now, ...(nodes ? {nodes} : {}), ...(logs ? {logs} : {})}));
	});
}

/**
 * Whether a rule could read this pod's logs: the crash-loop, init, sidecar, port-conflict and
 * sidecar-ordering rules read a container's log only once it has exited at least once. A pod
 * whose containers never exited is diagnosed without them, so many healthy pods cost no requests.
 */
export function needsLogs(pod: Pod): boolean {
	const statuses = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
	return statuses.some(
		status => status.restartCount > 0 || status.lastState?.terminated || (status.state?.terminated && status.state.terminated.exitCode !== 0),
	);
}
