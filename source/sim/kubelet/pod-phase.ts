import type {ContainerStatus, Pod, PodCondition} from '../../model/k8s.js';

// Pod phase and conditions from container statuses, following kubelet's getPhase and
// its status generators (pkg/kubelet/status/generate.go).

export const isSidecar = (container: {restartPolicy?: string}) => container.restartPolicy === 'Always';

export function podPhase(pod: Pod): string {
	const spec = pod.spec;
	const initStatuses = pod.status?.initContainerStatuses ?? [];
	const policy = spec.restartPolicy ?? 'Always';

	let pendingInit = 0;
	let failedInit = 0;
	for (const container of spec.initContainers ?? []) {
		const status = initStatuses.find(s => s.name === container.name);
		if (!status?.state) {
			pendingInit++;
			continue;
		}
		if (isSidecar(container)) {
			if (!status.started) pendingInit++;
			continue;
		}
		const terminated = status.state.terminated;
		if (terminated?.exitCode === 0) continue;
		if (terminated) failedInit++;
		pendingInit++;
	}

	let running = 0;
	let waiting = 0;
	let stopped = 0;
	let succeeded = 0;
	for (const container of spec.containers) {
		const status = (pod.status?.containerStatuses ?? []).find(s => s.name === container.name);
		const state = status?.state;
		if (!state || state.waiting) {
			const last = status?.lastState?.terminated;
			if (last) {
				stopped++;
				if (last.exitCode === 0) succeeded++;
			} else {
				waiting++;
			}
		} else if (state.running) {
			running++;
		} else if (state.terminated) {
			stopped++;
			if (state.terminated.exitCode === 0) succeeded++;
		}
	}

	if (failedInit > 0 && policy === 'Never') return 'Failed';
	if (pendingInit > 0) return 'Pending';
	if (waiting > 0) return 'Pending';
	if (running > 0) return 'Running';
	if (stopped > 0) {
		if (policy === 'Always') return 'Running';
		if (stopped === succeeded) return 'Succeeded';
		return policy === 'OnFailure' ? 'Running' : 'Failed';
	}
	return 'Pending';
}

const list = (names: string[]) => `[${names.join(' ')}]`;

/** Conditions in the order kube-apiserver returns them, keeping transition times that did not change. */
export function podConditions(pod: Pod, now: string, scheduled: boolean, sandboxReady: boolean): PodCondition[] {
	const previous = new Map((pod.status?.conditions ?? []).map(condition => [condition.type, condition]));
	const make = (type: string, ok: boolean, reason?: string, message?: string): PodCondition => {
		const status = ok ? 'True' : 'False';
		const before = previous.get(type);
		const condition: PodCondition = {
			type,
			status,
			lastProbeTime: null,
			lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now,
		};
		if (!ok && reason) condition.reason = reason;
		if (!ok && message) condition.message = message;
		return condition;
	};

	const initStatuses = pod.status?.initContainerStatuses ?? [];
	const statusOf = (name: string, statuses: ContainerStatus[]) => statuses.find(s => s.name === name);
	const incompleteInit = (pod.spec.initContainers ?? [])
		.filter(container => {
			const status = statusOf(container.name, initStatuses);
			if (isSidecar(container)) return !status?.started;
			return status?.state?.terminated?.exitCode !== 0;
		})
		.map(container => container.name);

	const unready = [
		...(pod.spec.initContainers ?? []).filter(isSidecar).map(c => c.name).filter(name => !statusOf(name, initStatuses)?.ready),
		...pod.spec.containers.map(c => c.name).filter(name => !statusOf(name, pod.status?.containerStatuses ?? [])?.ready),
	];
	const phase = pod.status?.phase;
	const completed = phase === 'Succeeded' || phase === 'Failed';
	const readyReason = completed ? 'PodCompleted' : 'ContainersNotReady';
	const readyMessage = completed ? undefined : `containers with unready status: ${list(unready)}`;

	const conditions: PodCondition[] = [];
	if (scheduled) {
		conditions.push(make('PodReadyToStartContainers', sandboxReady && !completed));
		conditions.push(
			make(
				'Initialized',
				incompleteInit.length === 0 || phase === 'Succeeded',
				'ContainersNotInitialized',
				`containers with incomplete status: ${list(incompleteInit)}`,
			),
		);
		conditions.push(make('Ready', unready.length === 0 && !completed, readyReason, readyMessage));
		conditions.push(make('ContainersReady', unready.length === 0 && !completed, readyReason, readyMessage));
	}
	conditions.push(make('PodScheduled', scheduled, 'Unschedulable'));
	return conditions;
}

export function qosClass(pod: Pod): string {
	const containers = [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
	let any = false;
	let guaranteed = true;
	for (const container of containers) {
		const requests = container.resources?.requests ?? {};
		const limits = container.resources?.limits ?? {};
		if (Object.keys(requests).length > 0 || Object.keys(limits).length > 0) any = true;
		for (const resource of ['cpu', 'memory']) {
			if (!limits[resource] || requests[resource] !== limits[resource]) guaranteed = false;
		}
	}
	if (!any) return 'BestEffort';
	return guaranteed ? 'Guaranteed' : 'Burstable';
}
