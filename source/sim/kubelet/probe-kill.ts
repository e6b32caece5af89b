import type {Probe} from '../../model/k8s.js';
import type {BehaviourHost} from './container-behaviour.js';
import type {ContainerSlot} from './container-slot.js';
import {stopOutcome} from './container-stop.js';

// A container that failed its liveness or startup probe failureThreshold times in a row:
// computePodActions (kuberuntime_manager.go) kills it, and restarts it unless the pod's (or,
// with ContainerRestartRules, on by default in 1.35, the container's) restart policy is Never;
// computeInitContainerActions always restarts a native sidecar. The Killing event says which,
// and killContainer (kuberuntime_container.go) gives it the probe's
// terminationGracePeriodSeconds, else the pod's, at least 2 s.

export type ProbeType = 'liveness' | 'startup';

const minimumGraceSeconds = 2;

export function killForProbe(host: BehaviourHost, slot: ContainerSlot, type: ProbeType, probe: Probe): void {
	const pod = host.pod();
	const policy = slot.spec.restartPolicy ?? pod.spec.restartPolicy ?? 'Always';
	const restart = slot.kind === 'sidecar' || policy !== 'Never';
	const message =
		slot.kind === 'sidecar'
			? `Init container ${slot.name} failed ${type} probe`
			: `Container ${slot.name} failed ${type} probe${restart ? ', will be restarted' : ''}`;
	host.event('Normal', 'Killing', message, slot);
	const grace = Math.max(minimumGraceSeconds, probe.terminationGracePeriodSeconds ?? pod.spec.terminationGracePeriodSeconds ?? 30);
	const {after, exitCode, reason} = stopOutcome(slot.spec, grace);
	const instance = slot.containerID;
	slot.runTimers.push(
		host.clock.after(after, () =>
			host.run(() => {
				if (slot.running && slot.containerID === instance) host.killed(slot, exitCode, reason, restart);
			}),
		),
	);
}
