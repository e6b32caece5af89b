// One row per container of a pod, spec joined with status, tagged with the role it plays,
// so views can list a multi-container pod the way it actually starts up.

import {humanDuration} from './duration.js';
import type {Container, ContainerPort, ContainerState, ContainerStatus, Pod} from './k8s.js';
import {toTime} from './k8s.js';
import {isRestartableInitContainer} from './pod-status.js';

export type ContainerRole = 'init' | 'sidecar' | 'main' | 'ephemeral';

/** Timestamps are epoch milliseconds. */
export type ContainerStateSummary =
	| {kind: 'waiting'; reason?: string; message?: string}
	| {kind: 'running'; startedAt?: number; ready: boolean}
	| {kind: 'terminated'; reason?: string; exitCode: number; finishedAt?: number; signal?: number}
	| {kind: 'unknown'};

export type LastTermination = {reason?: string; exitCode: number; finishedAt?: number; signal?: number};

export type ContainerRow = {
	name: string;
	image: string;
	role: ContainerRole;
	/** 1-based position in spec.initContainers, for 'init' and 'sidecar' rows: the N of Init:N/M is one less. */
	index?: number;
	/** The container kubectl logs/exec pick without -c; only ever a 'main' row. */
	isDefault: boolean;
	state: ContainerStateSummary;
	ready: boolean;
	started: boolean;
	restartCount: number;
	lastTermination?: LastTermination;
	ports: ContainerPort[];
	probes: {liveness: boolean; readiness: boolean; startup: boolean};
	patternHint?: string;
	/** Ephemeral containers only: whose process namespace they were attached to. */
	targetContainerName?: string;
};

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

function summarizeState(state: ContainerState | undefined, ready: boolean): ContainerStateSummary {
	// The kubelet reports one state at a time; the order only matters for malformed input.
	if (state?.running) return {kind: 'running', startedAt: toTime(state.running.startedAt), ready};
	if (state?.terminated) return {kind: 'terminated', ...termination(state.terminated)};
	if (state?.waiting) return {kind: 'waiting', reason: state.waiting.reason, message: state.waiting.message};
	return {kind: 'unknown'};
}

function termination(terminated: NonNullable<ContainerState['terminated']>): LastTermination {
	return {
		reason: terminated.reason,
		exitCode: terminated.exitCode,
		finishedAt: toTime(terminated.finishedAt),
		signal: terminated.signal,
	};
}

/** The image's own name, without registry, repository path, tag or digest. */
function imageName(image: string): string {
	const [path = ''] = image.split('@');
	const last = path.slice(path.lastIndexOf('/') + 1);
	const colon = last.indexOf(':');
	return (colon === -1 ? last : last.slice(0, colon)).toLowerCase();
}

const isNamed = (name: string, base: string) => name === base || name.startsWith(`${base}-`);

/** Guesses which multi-container pattern a regular container implements, from its image. */
export function patternHint(image: string | undefined): string | undefined {
	if (!image) return undefined;
	const name = imageName(image);
	if (['fluentd', 'fluent-bit', 'vector'].some(base => isNamed(name, base))) return 'log shipper (sidecar pattern)';
	// Istio ships its proxy as istio/proxyv2; the container is what gets called istio-proxy.
	const istio = name === 'proxyv2' && image.includes('istio');
	if (istio || ['envoy', 'haproxy', 'cloud-sql-proxy', 'istio-proxy'].some(base => isNamed(name, base))) return 'proxy (ambassador pattern)';
	if (/[-_]exporter$/.test(name)) return 'metrics exporter (adapter pattern)';
	if (isNamed(name, 'git-sync')) return 'git sync (sidecar pattern)';
	return undefined;
}

function row(container: Container, status: ContainerStatus | undefined, role: ContainerRole): ContainerRow {
	const ready = status?.ready ?? false;
	const last = status?.lastState?.terminated;
	const result: ContainerRow = {
		name: container.name,
		image: container.image ?? status?.image ?? '',
		role,
		isDefault: false,
		state: summarizeState(status?.state, ready),
		ready,
		started: status?.started ?? false,
		restartCount: status?.restartCount ?? 0,
		ports: container.ports ?? [],
		probes: {
			liveness: container.livenessProbe !== undefined,
			readiness: container.readinessProbe !== undefined,
			startup: container.startupProbe !== undefined,
		},
	};
	if (last) result.lastTermination = termination(last);
	if (role === 'main') result.patternHint = patternHint(container.image);
	if (container.targetContainerName) result.targetContainerName = container.targetContainerName;
	return result;
}

function byName(statuses: ContainerStatus[] | undefined): (name: string) => ContainerStatus | undefined {
	const map = new Map((statuses ?? []).map(status => [status.name, status]));
	return name => map.get(name);
}

/** Every container of the pod: init, then sidecars, then main, then ephemeral, each in spec order. */
export function containerRows(pod: Pod): ContainerRow[] {
	const initStatus = byName(pod.status?.initContainerStatuses);
	const mainStatus = byName(pod.status?.containerStatuses);
	const ephemeralStatus = byName(pod.status?.ephemeralContainerStatuses);

	const inits = (pod.spec.initContainers ?? []).map((container, i) => ({
		...row(container, initStatus(container.name), isRestartableInitContainer(container) ? 'sidecar' : 'init'),
		index: i + 1,
	}));
	const mains = pod.spec.containers.map(container => row(container, mainStatus(container.name), 'main'));
	const ephemerals = (pod.spec.ephemeralContainers ?? []).map(container => row(container, ephemeralStatus(container.name), 'ephemeral'));

	// Like kubectl: an annotation naming a container that does not exist falls back to the first.
	const wanted = pod.metadata.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
	const chosen = mains.find(main => main.name === wanted) ?? mains[0];
	if (chosen) chosen.isDefault = true;

	return [...inits.filter(r => r.role === 'init'), ...inits.filter(r => r.role === 'sidecar'), ...mains, ...ephemerals];
}

/** A short state line for a container: "Running 4m", "Waiting: CrashLoopBackOff", "OOMKilled (137) 12s ago". */
export function stateText(row: ContainerRow, now: number): string {
	const state = row.state;
	switch (state.kind) {
		case 'running':
			return state.startedAt === undefined ? 'Running' : `Running ${humanDuration(now - state.startedAt)}`;
		case 'waiting':
			return state.reason ? `Waiting: ${state.reason}` : 'Waiting';
		case 'terminated': {
			const what = `${state.reason || 'Terminated'} (${state.exitCode})`;
			return state.finishedAt === undefined ? what : `${what} ${humanDuration(now - state.finishedAt)} ago`;
		}
		case 'unknown':
			return 'Unknown';
	}
}
