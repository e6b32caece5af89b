import type {ContainerStatus, KubeEvent, Pod} from '../../../source/model/k8s.js';
import {podReady, podRestarts, podStatusReason} from '../../../source/model/pod-status.js';
import {ManualClock} from '../../../source/sim/clock.js';
import {Cluster} from '../../../source/sim/cluster.js';
import {createScenarios, loadScenarioDocuments, parseScenarioDocuments} from '../../../source/sim/scenario.js';

// A cluster on a hand-driven clock that remembers every version of every Pod it committed,
// stamped with the simulated time, so tests can ask both "what now" and "since when".

export type Snapshot = {at: number; type: string; pod: Pod};

export class SimHarness {
	readonly clock = new ManualClock();
	readonly cluster = new Cluster(this.clock);
	readonly origin = this.clock.now();
	readonly history: Snapshot[] = [];

	constructor() {
		this.cluster.pods.watch(this.cluster.pods.revision, change => {
			this.history.push({at: this.elapsed(), type: change.type, pod: change.object});
		});
	}

	/** Load a built-in scenario by name, or scenario YAML: its ConfigMaps and Secrets, then its Pods. */
	load(scenario: string): Pod[] {
		const parsed = scenario.includes('\n') ? parseScenarioDocuments(scenario) : loadScenarioDocuments(scenario);
		return createScenarios(this.cluster, [parsed]);
	}

	/** Seconds of simulated time since the harness started. */
	elapsed(): number {
		return (this.clock.now() - this.origin) / 1000;
	}

	/** Advance to `seconds` after the start. */
	at(seconds: number): this {
		const ahead = seconds - this.elapsed();
		if (ahead > 0) this.clock.advance(ahead);
		return this;
	}

	pod(name: string, namespace = 'default'): Pod {
		const pod = this.cluster.pods.get(namespace, name);
		if (!pod) throw new Error(`pod ${name} is gone`);
		return pod;
	}

	/** Every committed version of one pod, oldest first. */
	versions(name: string): Snapshot[] {
		return this.history.filter(snapshot => snapshot.pod.metadata.name === name);
	}

	/** The first time a committed version of the pod satisfied `check`. */
	firstTime(name: string, check: (pod: Pod) => boolean): number | undefined {
		return this.versions(name).find(snapshot => check(snapshot.pod))?.at;
	}

	events(name?: string): KubeEvent[] {
		return this.cluster.events.list().filter(event => name === undefined || event.involvedObject.name === name);
	}

	/** What `kubectl get pods` shows for the pod now. */
	row(name: string): {ready: string; status: string; restarts: number} {
		const pod = this.pod(name);
		return {ready: podReady(pod), status: podStatusReason(pod), restarts: podRestarts(pod, this.clock.now()).count};
	}
}

/** A container's status; before the kubelet first reports, there is none. */
export function findStatus(pod: Pod, name: string): ContainerStatus | undefined {
	const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
	return all.find(candidate => candidate.name === name);
}

export function containerStatus(pod: Pod, name: string): ContainerStatus {
	const status = findStatus(pod, name);
	if (!status) throw new Error(`no status for container ${name}`);
	return status;
}

export const condition = (pod: Pod, type: string) => pod.status?.conditions?.find(candidate => candidate.type === type);

/** Times (seconds) at which the container's restartCount went up. */
export function restartTimes(harness: SimHarness, pod: string, container: string): number[] {
	const times: number[] = [];
	let count = 0;
	for (const snapshot of harness.versions(pod)) {
		const status = findStatus(snapshot.pod, container);
		if (status && status.restartCount > count) {
			count = status.restartCount;
			times.push(snapshot.at);
		}
	}
	return times;
}

/** Times (seconds) at which a new termination of the container appeared. */
export function exitTimes(harness: SimHarness, pod: string, container: string): number[] {
	const times: number[] = [];
	const seen = new Set<string>();
	for (const snapshot of harness.versions(pod)) {
		const status = findStatus(snapshot.pod, container);
		for (const terminated of [status?.state?.terminated, status?.lastState?.terminated]) {
			const id = terminated?.containerID;
			if (id && !seen.has(id)) {
				seen.add(id);
				times.push(snapshot.at);
			}
		}
	}
	return times;
}

export const round = (values: number[]) => values.map(value => Math.round(value * 100) / 100);
