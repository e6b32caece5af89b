import type {Probe} from '../../model/k8s.js';
import {simSeconds} from '../clock.js';
import type {BehaviourHost} from './container-behaviour.js';
import {relistSeconds} from './backoff.js';
import type {ContainerSlot} from './container-slot.js';

// The kubelet's probe workers for one container instance (pkg/kubelet/prober/worker.go and
// prober_manager.go, 1.35). A worker ticks every periodSeconds; it skips while the container
// is younger than initialDelaySeconds, the startup probe runs only until it passes and the
// readiness probe only after that. Passing the startup probe (or starting, without one)
// triggers a readiness probe at the sync that follows (UpdatePodStatus's manual trigger). Every failed probe is
// an Unhealthy event, "<Type> probe failed: <output>"; a startup probe that fails
// failureThreshold times in a row gets the container killed and restarted; readiness passes
// after successThreshold successes in a row.
//
// When the app answers comes from x-sim: startedAfter and readyAfter (seconds after start;
// readyAfter 'never' keeps failing). Before that, the output is what the prober would get:
// "connection refused" while nothing in the pod listens on the port, a 503 once it does
// (x-sim listen). The kubelet's ticks start at the pod's admission, at an arbitrary phase to a
// container's start; the sim puts the first tick one period after the start.

type Kind = 'Startup' | 'Readiness';

const period = (probe: Probe) => probe.periodSeconds ?? 10;

/** The port a probe dials: a number, or the name of one of the container's ports. */
function probePort(slot: ContainerSlot, probe: Probe): number | undefined {
	const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
	if (typeof port === 'number') return port;
	return slot.spec.ports?.find(item => item.name === port)?.containerPort;
}

/** What the prober reports for a probe the app does not pass yet (prober.go's output). */
export function probeFailure(host: BehaviourHost, slot: ContainerSlot, probe: Probe, kind: Kind): string {
	const port = probePort(slot, probe);
	const answer = (kind === 'Readiness' && slot.behaviour.readyFailure) || undefined;
	if (port === undefined) return answer ?? '';
	const address = `${host.podIP}:${port}`;
	const listening = host.slots.some(other => other.running && other.boundPorts.includes(port));
	// x-sim readyFailure is what the app answers: nothing answers before it listens.
	if (listening && answer) return answer;
	if (probe.httpGet) {
		if (listening) return 'HTTP probe failed with statuscode: 503';
		const scheme = (probe.httpGet.scheme ?? 'HTTP').toLowerCase();
		return `Get "${scheme}://${address}${probe.httpGet.path ?? '/'}": dial tcp ${address}: connect: connection refused`;
	}
	if (listening) return '';
	return `dial tcp ${address}: connect: connection refused`;
}

/** Start the probe workers of a container instance that has just started. */
export function startProbes(host: BehaviourHost, slot: ContainerSlot): void {
	const {spec, behaviour} = slot;
	const instance = slot.containerID;
	const startedAtMs = host.clock.now();
	const elapsed = () => simSeconds(host.clock, startedAtMs);
	const current = () => slot.running && slot.containerID === instance;
	// Regular init containers have no readiness; ephemeral containers are never probed.
	const probed = slot.kind !== 'init' && slot.kind !== 'ephemeral';

	const readiness = probed ? spec.readinessProbe : undefined;
	let readinessTimer: (() => void) | undefined;
	let successes = 0;
	const probeReadiness = () => {
		if (!readiness || !current() || !slot.started || elapsed() < (readiness.initialDelaySeconds ?? 0)) return;
		const passes = behaviour.readyAfter !== 'never' && elapsed() >= (behaviour.readyAfter ?? 0);
		if (passes) {
			successes += 1;
			if (successes >= (readiness.successThreshold ?? 1)) slot.ready = true;
			return;
		}
		// x-sim has no app that stops answering once it answered, so a failure here is before the
		// first success, when the result is still the worker's initial Failure.
		successes = 0;
		host.event('Warning', 'Unhealthy', `Readiness probe failed: ${probeFailure(host, slot, readiness, 'Readiness')}`, slot);
	};
	/** Started: at once with no startup probe, or when it passed (`after`: the sync that follows). */
	const onStarted = (after: number) => {
		slot.started = true;
		if (!readiness) {
			if (probed) slot.ready = true;
			return;
		}
		// UpdatePodStatus's manual trigger, at the next sync: the PLEG relist after a start, or
		// at once when the startup probe's result comes in. Then every period from there.
		slot.runTimers.push(
			host.clock.after(after, () =>
				host.run(() => {
					probeReadiness();
					readinessTimer = host.clock.every(period(readiness), () => host.run(probeReadiness));
				}),
			),
			() => readinessTimer?.(),
		);
	};

	const startup = probed ? spec.startupProbe : undefined;
	if (!startup) {
		onStarted(relistSeconds);
		return;
	}
	let startupFailures = 0;
	let startupTimer: (() => void) | undefined;
	const probeStartup = () => {
		if (!current() || slot.started || elapsed() < (startup.initialDelaySeconds ?? 0)) return;
		if (elapsed() >= (behaviour.startedAfter ?? 0)) {
			startupTimer?.();
			onStarted(0);
			return;
		}
		host.event('Warning', 'Unhealthy', `Startup probe failed: ${probeFailure(host, slot, startup, 'Startup')}`, slot);
		startupFailures += 1;
		if (startupFailures < (startup.failureThreshold ?? 3)) return;
		startupTimer?.();
		// kuberuntime: a sidecar's message has no ", will be restarted", though it is restarted.
		const message =
			slot.kind === 'sidecar' ? `Init container ${slot.name} failed startup probe` : `Container ${slot.name} failed startup probe, will be restarted`;
		host.event('Normal', 'Killing', message, slot);
		host.exited(slot, 0, 'Completed');
	};
	startupTimer = host.clock.every(period(startup), () => host.run(probeStartup));
	slot.runTimers.push(() => startupTimer?.());
}
