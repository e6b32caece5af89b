// A port of printPod from kubernetes pkg/printers/internalversion/printers.go (1.35): the row
// the API server's Table gives `kubectl get pods`. The control flow mirrors the Go on purpose,
// quirks included, so a row here never disagrees with the user's own kubectl.

import {humanDuration, translateTimestampSince} from './duration.js';
import type {Container, ContainerStatus, Pod, PodCondition} from './k8s.js';
import {toTime} from './k8s.js';

export const POD_COLUMNS = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'] as const;
export const POD_WIDE_COLUMNS = [...POD_COLUMNS, 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'] as const;

type Summary = {reason: string; ready: number; total: number; restarts: number; lastRestart?: number};

/** podutil.IsRestartableInitContainer: a native sidecar. */
export function isRestartableInitContainer(container: Container | undefined): boolean {
	return container?.restartPolicy === 'Always';
}

function hasCondition(conditions: PodCondition[], type: string): boolean {
	return conditions.some(condition => condition.type === type && condition.status === 'True');
}

// Go's Initialized check stops at the first condition of the type, whatever its status.
function isPodInitializedConditionTrue(conditions: PodCondition[]): boolean {
	return conditions.find(condition => condition.type === 'Initialized')?.status === 'True';
}

// Go starts from the zero time and keeps whichever is later, so a termination without
// finishedAt never counts as a restart date.
function later(current: number | undefined, status: ContainerStatus): number | undefined {
	const finished = toTime(status.lastState?.terminated?.finishedAt);
	if (finished === undefined) return current;
	return current === undefined || current < finished ? finished : current;
}

function summarize(pod: Pod): Summary {
	const status = pod.status ?? {};
	const conditions = status.conditions ?? [];
	const initSpecs = pod.spec.initContainers ?? [];
	const initByName = new Map(initSpecs.map(container => [container.name, container]));

	let reason = status.reason || (status.phase ?? '');
	for (const condition of conditions) {
		if (condition.type === 'PodScheduled' && condition.reason === 'SchedulingGated') reason = 'SchedulingGated';
	}

	const total = pod.spec.containers.length + initSpecs.filter(isRestartableInitContainer).length;
	let ready = 0;
	let restarts = 0;
	let lastRestart: number | undefined;
	let sidecarRestarts = 0;
	let lastSidecarRestart: number | undefined;

	let initializing = false;
	const initStatuses = status.initContainerStatuses ?? [];
	for (const [index, container] of initStatuses.entries()) {
		const sidecar = isRestartableInitContainer(initByName.get(container.name));
		restarts += container.restartCount;
		lastRestart = later(lastRestart, container);
		if (sidecar) {
			sidecarRestarts += container.restartCount;
			lastSidecarRestart = later(lastSidecarRestart, container);
		}

		const terminated = container.state?.terminated;
		const waiting = container.state?.waiting;
		if (terminated && terminated.exitCode === 0) continue;
		// A started sidecar no longer holds initialization up: it counts like a main container.
		if (sidecar && container.started) {
			if (container.ready) ready++;
			continue;
		}
		if (terminated) {
			if (terminated.reason) reason = `Init:${terminated.reason}`;
			else if (terminated.signal) reason = `Init:Signal:${terminated.signal}`;
			else reason = `Init:ExitCode:${terminated.exitCode}`;
		} else if (waiting?.reason && waiting.reason !== 'PodInitializing') {
			reason = `Init:${waiting.reason}`;
		} else {
			reason = `Init:${index}/${initSpecs.length}`;
		}
		initializing = true;
		break;
	}

	if (!initializing || isPodInitializedConditionTrue(conditions)) {
		// Plain init containers are done: only sidecar restarts still matter.
		restarts = sidecarRestarts;
		lastRestart = lastSidecarRestart;
		let hasRunning = false;
		// The reason of the first container that exited with an error (1.35).
		let errorReason = '';
		const statuses = status.containerStatuses ?? [];
		// Backwards, so the first container's problem is the one left in STATUS.
		for (let i = statuses.length - 1; i >= 0; i--) {
			const container = statuses[i]!;
			restarts += container.restartCount;
			lastRestart = later(lastRestart, container);
			const waiting = container.state?.waiting;
			const terminated = container.state?.terminated;
			if (waiting?.reason) reason = waiting.reason;
			else if (terminated) {
				if (terminated.reason) reason = terminated.reason;
				else reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode}`;
				if (terminated.exitCode !== 0) errorReason = reason;
			} else if (container.ready && container.state?.running) {
				hasRunning = true;
				ready++;
			}
		}
		// One finished container must not make a pod that still serves, or one whose other
		// container failed, look done.
		if (reason === 'Completed') {
			if (hasRunning && hasCondition(conditions, 'Ready')) reason = 'Running';
			else if (errorReason) reason = errorReason;
			else if (hasRunning) reason = 'NotReady';
		}
	}

	const deleting = Boolean(pod.metadata.deletionTimestamp);
	const terminal = status.phase === 'Succeeded' || status.phase === 'Failed';
	if (deleting && status.reason === 'NodeLost') reason = 'Unknown';
	else if (deleting && !terminal) reason = 'Terminating';

	return {reason, ready, total, restarts, lastRestart};
}

/** The STATUS column. */
export function podStatusReason(pod: Pod): string {
	return summarize(pod).reason;
}

/** READY as numbers: started-and-ready sidecars count, ephemeral containers never do. */
export function podReadyCounts(pod: Pod): {ready: number; total: number} {
	const {ready, total} = summarize(pod);
	return {ready, total};
}

/** The READY column, "1/2". */
export function podReady(pod: Pod): string {
	const {ready, total} = summarize(pod);
	return `${ready}/${total}`;
}

/** The RESTARTS column; `lastRestart` is the latest previous termination (epoch ms), if known. */
export function podRestarts(pod: Pod, now: number): {count: number; lastRestart?: number; text: string} {
	const summary = summarize(pod);
	const text = restartsText(summary, now);
	const {restarts: count, lastRestart} = summary;
	return lastRestart === undefined ? {count, text} : {count, lastRestart, text};
}

function restartsText({restarts, lastRestart}: Summary, now: number): string {
	return restarts !== 0 && lastRestart !== undefined ? `${restarts} (${humanDuration(now - lastRestart)} ago)` : String(restarts);
}

// The v1 -> internal conversion lets status.podIP win over a disagreeing podIPs[0].
function podIP(pod: Pod): string {
	return pod.status?.podIP || pod.status?.podIPs?.[0]?.ip || '';
}

function readinessGates(pod: Pod): string {
	const gates = pod.spec.readinessGates ?? [];
	if (gates.length === 0) return '<none>';
	const conditions = pod.status?.conditions ?? [];
	const passing = gates.filter(gate => conditions.find(condition => condition.type === gate.conditionType)?.status === 'True');
	return `${passing.length}/${gates.length}`;
}

/** The cells of a `kubectl get pods` row, in POD_COLUMNS (or POD_WIDE_COLUMNS) order. */
export function podRow(pod: Pod, now: number, wide = false): string[] {
	const summary = summarize(pod);
	const cells = [
		pod.metadata.name,
		`${summary.ready}/${summary.total}`,
		summary.reason,
		restartsText(summary, now),
		translateTimestampSince(pod.metadata.creationTimestamp, now),
	];
	if (!wide) return cells;
	return [...cells, podIP(pod) || '<none>', pod.spec.nodeName || '<none>', pod.status?.nominatedNodeName || '<none>', readinessGates(pod)];
}
