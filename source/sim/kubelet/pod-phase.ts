import type {ContainerStatus, Pod} from '../../model/k8s.js';

// Pod phase from container statuses: a port of kubelet's getPhase
// (pkg/kubelet/kubelet_pods.go), without the alpha ContainerRestartRules gate.

export const isSidecar = (container: {restartPolicy?: string}) => container.restartPolicy === 'Always';

export const isTerminalPhase = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

/**
 * `podIsTerminal`: the kubelet has decided no container will run again (all done under a
 * Never/OnFailure policy, or the pod was deleted) and every container has stopped.
 * `podHasInitialized`: a regular container has run, so a restarting sidecar no longer
 * puts the pod back into Pending.
 */
export function podPhase(pod: Pod, podIsTerminal = false, podHasInitialized = false): string {
	const spec = pod.spec;
	const statuses: ContainerStatus[] = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])];
	const statusOf = (name: string) => statuses.find(status => status.name === name);
	const policy = spec.restartPolicy ?? 'Always';

	let pendingRegularInit = 0;
	let pendingSidecars = 0;
	let failedInitialization = 0;
	for (const container of spec.initContainers ?? []) {
		if (isSidecar(container)) continue;
		const status = statusOf(container.name);
		const state = status?.state;
		if (!status || !state) pendingRegularInit++;
		else if (state.running) pendingRegularInit++;
		else if (state.terminated) {
			if (state.terminated.exitCode !== 0) failedInitialization++;
		} else if (state.waiting) {
			const last = status.lastState?.terminated;
			if (!last) pendingRegularInit++;
			else if (last.exitCode !== 0) failedInitialization++;
		} else pendingRegularInit++;
	}

	let unknown = 0;
	let running = 0;
	let waiting = 0;
	let stopped = 0;
	let succeeded = 0;
	for (const container of spec.initContainers ?? []) {
		if (!isSidecar(container)) continue;
		const status = statusOf(container.name);
		const state = status?.state;
		if (!status) unknown++;
		else if (state?.running) {
			if (!status.started) pendingSidecars++;
			running++;
		} else if (state?.terminated) {
			// A stopped sidecar does not count towards the phase.
		} else if (state?.waiting) {
			if (!status.lastState?.terminated) {
				pendingSidecars++;
				waiting++;
			}
		} else {
			pendingSidecars++;
			unknown++;
		}
	}
	for (const container of spec.containers) {
		const status = statusOf(container.name);
		const state = status?.state;
		if (!status) unknown++;
		else if (state?.running) running++;
		else if (state?.terminated) {
			stopped++;
			if (state.terminated.exitCode === 0) succeeded++;
		} else if (state?.waiting) {
			// A container waiting to restart has stopped, and never counts as a success.
			if (status.lastState?.terminated) stopped++;
			else waiting++;
		} else unknown++;
	}

	if (failedInitialization > 0 && policy === 'Never') return 'Failed';
	if (pendingRegularInit > 0 || (pendingSidecars > 0 && !podHasInitialized) || waiting > 0) return 'Pending';
	if (running > 0 && unknown === 0) return 'Running';
	if (running === 0 && stopped > 0 && unknown === 0) {
		if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
		if (policy === 'Always') return 'Running';
		if (stopped === succeeded) return 'Succeeded';
		return policy === 'Never' ? 'Failed' : 'Running';
	}
	return 'Pending';
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
