import type {ContainerRole} from '../containers.js';
import type {Container, ContainerState, ContainerStatus, KubeEvent, Pod} from '../k8s.js';
import {toTime} from '../k8s.js';
import {isRestartableInitContainer, podStatusReason} from '../pod-status.js';
import {sanitizeName} from '../sanitize.js';
import type {TimelineHistory} from './history.js';
import {runCount, withInferredRuns} from './runs.js';

// When each container of a pod was scheduled, started, ready and terminated, on one time
// axis. The API keeps only the current and the previous instance of a container, so the
// rest comes from events (a Started event's first and last time and count) and, in the
// TUI, from what the watch saw happen (TimelineHistory). Pure: the caller passes `now`.

/** One run of a container. `inferred`: placed from restartCount, events and the back-off schedule, its times approximate. */
export type Instance = {start: number; end?: number; exitCode?: number; reason?: string; inferred?: boolean; readyAt?: number};

export type TimelineRow = {
	name: string;
	role: ContainerRole;
	/** 1-based position among init containers (init and sidecar rows). */
	index?: number;
	spec: Container;
	status?: ContainerStatus;
	/** Known instances, oldest first; the last may still run (no end). */
	instances: Instance[];
	/** The first time the container ever started (from its Started event when that is older). */
	firstStart?: number;
	/** Ready since; `approx` when only bounded by the pod's ContainersReady condition. */
	readyAt?: {at: number; approx: boolean};
	/** For native sidecars with a startupProbe: when it passed (the next container could start). */
	startupPassedAt?: number;
	restarts: number;
	/** How many times it ran (restartCount + 1 once started); `instances` holds that many, some inferred. */
	runs: number;
	/** The kubelet's waiting reason, when waiting. */
	waiting?: string;
	/** The waiting message (CrashLoopBackOff's names the back-off, "back-off 5m0s restarting ..."). */
	message?: string;
	/** The probe that must pass before the container is ready (startup first), and its initial delay. */
	gate?: {probes: string[]; delayMs: number};
	/** From its Unhealthy and Killing events: failed probes, and restarts a failed probe caused. */
	probeFailures: number;
	probeKills: number;
	/** Every restart was for a failed startupProbe: no past run got past its probe. */
	killedInStartup: boolean;
	/** An exited container will be started again (a sidecar, restartPolicy Always, a failure under OnFailure). */
	restartable: boolean;
};

export type Timeline = {
	pod: string;
	/** Time zero: when the pod was scheduled (else created). */
	origin: number;
	/** The axis end: now, or shortly after the last change once nothing is pending any more. */
	end: number;
	/** When the last change happened, once every container is done or ready and the pod Ready. */
	settledAt?: number;
	scheduledAt?: number;
	initializedAt?: number;
	readyAt?: number;
	status: string;
	rows: TimelineRow[];
};

const conditionTime = (pod: Pod, type: string): number | undefined => {
	const condition = pod.status?.conditions?.find(candidate => candidate.type === type);
	return condition?.status === 'True' ? toTime(condition.lastTransitionTime) : undefined;
};

function instanceOf(state: ContainerState | undefined): Instance | undefined {
	if (state?.running) {
		const start = toTime(state.running.startedAt);
		return start === undefined ? undefined : {start};
	}
	const terminated = state?.terminated;
	const start = toTime(terminated?.startedAt);
	if (!terminated || start === undefined) return undefined;
	return {start, end: toTime(terminated.finishedAt) ?? start, exitCode: terminated.exitCode, reason: terminated.reason};
}

function containerEvents(events: KubeEvent[], kind: string, name: string, reason: string): KubeEvent[] {
	const path = `spec.${kind}{${name}}`;
	return events.filter(event => event.involvedObject.fieldPath === path && event.reason === reason);
}

const countOf = (events: KubeEvent[]) => events.reduce((sum, event) => sum + (event.count ?? event.series?.count ?? 1), 0);

function gateOf(container: Container): TimelineRow['gate'] {
	const probes = [container.startupProbe && 'startupProbe', container.readinessProbe && 'readinessProbe'].filter((name): name is string => Boolean(name));
	const first = container.startupProbe ?? container.readinessProbe;
	return first ? {probes, delayMs: (first.initialDelaySeconds ?? 0) * 1000} : undefined;
}

function mergeInstances(list: Instance[]): Instance[] {
	const byStart = new Map<number, Instance>();
	for (const instance of list) byStart.set(instance.start, {...byStart.get(instance.start), ...instance});
	return [...byStart.values()].sort((a, b) => a.start - b.start);
}

/** Whether the kubelet starts an exited container again (kuberuntime_manager.go computePodActions, ShouldContainerBeRestarted). */
function restartable(pod: Pod, role: ContainerRole, last: Instance | undefined): boolean {
	if (pod.metadata.deletionTimestamp || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed' || role === 'ephemeral') return false;
	if (role === 'sidecar') return true;
	const policy = pod.spec.restartPolicy ?? 'Always';
	const failed = last?.exitCode !== 0;
	if (role === 'init') return failed && policy !== 'Never';
	return policy === 'Always' || (policy === 'OnFailure' && failed);
}

type RowInput = {kind: string; status: ContainerStatus | undefined; events: KubeEvent[]; history: TimelineHistory | undefined; floor: number};

function buildRow(pod: Pod, container: Container, role: ContainerRole, {kind, status, events, history, floor}: RowInput): TimelineRow {
	const seen = history?.containers[container.name];
	const known = mergeInstances([
		...(seen?.instances ?? []),
		...[instanceOf(status?.lastState), instanceOf(status?.state)].filter((instance): instance is Instance => instance !== undefined),
	]);
	const started = containerEvents(events, kind, container.name, 'Started');
	const firstFromEvents = Math.min(...started.map(event => toTime(event.firstTimestamp ?? event.eventTime) ?? Infinity));
	const runs = runCount(status, known.length);
	const instances = withInferredRuns(known, runs, Number.isFinite(firstFromEvents) ? firstFromEvents : undefined, floor);
	// The first run's start; the Started event's time only when no run is known (its clock reads up to a second early).
	const firstStart = instances[0]?.start ?? firstFromEvents;
	const gate = gateOf(container);
	// kuberuntime_manager.go computePodActions: "Container %s failed liveness probe, will be restarted" (startup too); sidecars "Init container %s failed startup probe" (kuberuntime_container.go).
	const kills = containerEvents(events, kind, container.name, 'Killing').filter(event => /failed \w+ probe/.test(event.message ?? ''));
	// Ready moments the watch saw belong to the run they fell in; without a probe gating it a run is ready once started.
	for (const instance of instances) {
		const observed = seen?.readyAt.find(at => at >= instance.start && at <= (instance.end ?? Infinity));
		if (observed !== undefined) instance.readyAt = observed;
	}
	const row: TimelineRow = {
		name: sanitizeName(container.name),
		role,
		spec: container,
		status,
		instances,
		restarts: status?.restartCount ?? 0,
		runs: instances.length,
		probeFailures: countOf(containerEvents(events, kind, container.name, 'Unhealthy')),
		probeKills: countOf(kills),
		killedInStartup: kills.length > 0 && kills.every(event => /failed startup probe/.test(event.message ?? '')),
		restartable: restartable(pod, role, instances.at(-1)),
	};
	if (gate) row.gate = gate;
	if (Number.isFinite(firstStart)) row.firstStart = firstStart;
	if (status?.state?.waiting) row.waiting = sanitizeName(status.state.waiting.reason ?? 'Waiting');
	if (status?.state?.waiting?.message) row.message = sanitizeName(status.state.waiting.message);
	const current = instances.at(-1);
	if (status?.ready && current && current.end === undefined) {
		const observed = current.readyAt;
		if (observed !== undefined) row.readyAt = {at: observed, approx: false};
		else if (!gate) row.readyAt = {at: current.start, approx: false};
		else row.readyAt = {at: Math.max(current.start, conditionTime(pod, 'ContainersReady') ?? current.start), approx: true};
		current.readyAt = row.readyAt.at;
	}
	return row;
}

export function computeTimeline(pod: Pod, events: KubeEvent[], now: number, history?: TimelineHistory): Timeline {
	const status = pod.status ?? {};
	const initStatus = new Map((status.initContainerStatuses ?? []).map(item => [item.name, item]));
	const mainStatus = new Map((status.containerStatuses ?? []).map(item => [item.name, item]));
	const ephemeralStatus = new Map((status.ephemeralContainerStatuses ?? []).map(item => [item.name, item]));
	const scheduledAt = conditionTime(pod, 'PodScheduled');
	const created = toTime(pod.metadata.creationTimestamp);
	const input = (kind: string, statuses: Map<string, ContainerStatus>, name: string): RowInput => ({
		kind,
		status: statuses.get(name),
		events,
		history,
		floor: scheduledAt ?? created ?? now,
	});
	// Init containers and native sidecars start in the order they are declared, interleaved.
	const inits = (pod.spec.initContainers ?? []).map((container, index) => ({
		...buildRow(pod, container, isRestartableInitContainer(container) ? 'sidecar' : 'init', input('initContainers', initStatus, container.name)),
		index: index + 1,
	}));
	const mains = pod.spec.containers.map(container => buildRow(pod, container, 'main', input('containers', mainStatus, container.name)));
	const ephemerals = (pod.spec.ephemeralContainers ?? []).map(container =>
		buildRow(pod, container, 'ephemeral', input('ephemeralContainers', ephemeralStatus, container.name)),
	);
	const initializedAt = conditionTime(pod, 'Initialized');
	// A native sidecar's startupProbe passing is what lets the next container start.
	inits.forEach((row, position) => {
		if (row.role !== 'sidecar' || !row.spec.startupProbe || !row.status?.started) return;
		const next = position + 1 < inits.length ? inits[position + 1]!.firstStart : (initializedAt ?? Math.min(...mains.map(main => main.firstStart ?? Infinity)));
		if (next !== undefined && Number.isFinite(next)) row.startupPassedAt = next;
	});
	const rows = [...inits, ...mains, ...ephemerals];
	const origin = Math.min(scheduledAt ?? created ?? now, ...rows.map(row => row.firstStart ?? Infinity));
	const ready = conditionTime(pod, 'Ready');
	const settledAt = settled(rows, ready);
	const end = settledAt === undefined ? now : Math.min(now, settledAt + Math.max(5000, (settledAt - origin) / 4));
	// A view's `now` ticks once a second: a run that started since must still get its column.
	const latest = Math.max(...rows.flatMap(row => row.instances.map(instance => Math.max(instance.start, instance.end ?? 0))));
	const timeline: Timeline = {
		pod: sanitizeName(pod.metadata.name),
		origin,
		end: Math.max(end, origin + 1000, latest + 500),
		status: sanitizeName(podStatusReason(pod)),
		rows,
	};
	if (scheduledAt !== undefined) timeline.scheduledAt = scheduledAt;
	if (initializedAt !== undefined) timeline.initializedAt = initializedAt;
	if (ready !== undefined) timeline.readyAt = ready;
	if (settledAt !== undefined) timeline.settledAt = settledAt;
	return timeline;
}

/** When the last thing happened, if the pod has stopped changing (nothing waits, all ready or done). */
function settled(rows: TimelineRow[], podReady: number | undefined): number | undefined {
	if (podReady === undefined || rows.some(row => row.waiting || row.restarts > 0)) return undefined;
	let last = podReady;
	for (const row of rows) {
		const current = row.instances.at(-1);
		if (!current) return undefined;
		if (current.end === undefined && !row.readyAt) return undefined;
		last = Math.max(last, current.start, current.end ?? 0, row.readyAt?.at ?? 0, row.startupPassedAt ?? 0);
	}
	return last;
}
