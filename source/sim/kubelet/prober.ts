import type {Probe} from '../../model/k8s.js';
import {simSeconds} from '../clock.js';
import {relistSeconds} from './backoff.js';
import type {BehaviourHost} from './container-behaviour.js';
import type {ContainerSlot} from './container-slot.js';
import {killForProbe} from './probe-kill.js';
import {type ProbeKind, probeResult} from './probe-result.js';

// The kubelet's probe workers for one container instance (pkg/kubelet/prober/worker.go and
// prober_manager.go, 1.35). A worker ticks every periodSeconds; it skips while the container
// is younger than initialDelaySeconds; the startup probe runs only until it passes, the
// readiness and liveness probes only after that. Passing the startup probe (or starting,
// without one) triggers a readiness probe at the sync that follows (UpdatePodStatus's manual
// trigger). Every failed probe is an Unhealthy event, "<Type> probe failed: <output>"
// (prober.go); a result counts once it held failureThreshold (or successThreshold) probes in
// a row. A startup or liveness probe that fails that many times gets the container killed
// (probe-kill.ts), and the worker holds until it sees a new container.
//
// What a probe gets is probe-result.ts's: connection refused while nothing in the pod listens
// on the port, the app's answer once it does. The kubelet's ticks start at the pod's
// admission, at an arbitrary phase to a container's start; the sim puts the first tick one
// period after the start.

const period = (probe: Probe) => probe.periodSeconds ?? 10;

type Instance = {host: BehaviourHost; slot: ContainerSlot; elapsed(): number; current(): boolean};

/** A pod being deleted is no longer probed for liveness or startup: no kill during its shutdown. */
const deleting = (host: BehaviourHost) => Boolean(host.pod().metadata.deletionTimestamp);

function unhealthy(instance: Instance, kind: ProbeKind, output: string): void {
	instance.host.event('Warning', 'Unhealthy', `${kind} probe failed: ${output}`, instance.slot);
}

/** A worker ticking every period until the instance ends: `tick` returns 'stop' to stop. */
function every(instance: Instance, probe: Probe, tick: () => 'stop' | undefined): void {
	const {host, slot} = instance;
	let stop: (() => void) | undefined;
	stop = host.clock.every(period(probe), () =>
		host.run(() => {
			if (tick() === 'stop') stop?.();
		}),
	);
	slot.runTimers.push(() => stop?.());
}

/** The liveness worker: failureThreshold failures in a row, and the container is killed. */
function liveness(instance: Instance, probe: Probe): void {
	const {host, slot} = instance;
	let failures = 0;
	every(instance, probe, (): 'stop' | undefined => {
		if (deleting(host)) return 'stop';
		if (!instance.current() || !slot.started || instance.elapsed() < (probe.initialDelaySeconds ?? 0)) return;
		const output = probeResult(host, slot, probe, 'Liveness', instance.elapsed());
		if (output === undefined) {
			failures = 0;
			return;
		}
		unhealthy(instance, 'Liveness', output);
		failures += 1;
		if (failures < (probe.failureThreshold ?? 3)) return;
		// On hold until a new container: this instance is probed no more.
		killForProbe(host, slot, 'liveness', probe);
		return 'stop';
	});
}

/** The readiness worker, from the sync after the start (`after`), then every period. */
function readiness(instance: Instance, probe: Probe, after: number): void {
	const {host, slot} = instance;
	// The result starts as Failure (not ready) and changes after a threshold of probes in a row.
	let successes = 0;
	let failures = 0;
	const tick = (): undefined => {
		if (!instance.current() || !slot.started || instance.elapsed() < (probe.initialDelaySeconds ?? 0)) return;
		const output = probeResult(host, slot, probe, 'Readiness', instance.elapsed());
		if (output === undefined) {
			failures = 0;
			successes += 1;
			if (successes >= (probe.successThreshold ?? 1)) slot.ready = true;
			return;
		}
		successes = 0;
		failures += 1;
		if (failures >= (probe.failureThreshold ?? 3)) slot.ready = false;
		unhealthy(instance, 'Readiness', output);
	};
	slot.runTimers.push(
		host.clock.after(after, () =>
			host.run(() => {
				tick();
				every(instance, probe, tick);
			}),
		),
	);
}

/** Start the probe workers of a container instance that has just started. */
export function startProbes(host: BehaviourHost, slot: ContainerSlot): void {
	const {spec} = slot;
	const containerID = slot.containerID;
	const startedAtMs = host.clock.now();
	const instance: Instance = {
		host,
		slot,
		elapsed: () => simSeconds(host.clock, startedAtMs),
		current: () => slot.running && slot.containerID === containerID,
	};
	// Regular init containers have no probes that matter; ephemeral containers are never probed.
	if (slot.kind === 'init' || slot.kind === 'ephemeral') return;

	/** Started: at once with no startup probe, or when it passed (`after`: the sync that follows). */
	const onStarted = (after: number) => {
		slot.started = true;
		if (spec.readinessProbe) readiness(instance, spec.readinessProbe, after);
		else slot.ready = true;
	};
	if (spec.livenessProbe) liveness(instance, spec.livenessProbe);

	const startup = spec.startupProbe;
	if (!startup) {
		// UpdatePodStatus's manual trigger, at the next sync: the PLEG relist after a start.
		onStarted(relistSeconds);
		return;
	}
	let failures = 0;
	every(instance, startup, (): 'stop' | undefined => {
		if (deleting(host)) return 'stop';
		if (!instance.current() || slot.started || instance.elapsed() < (startup.initialDelaySeconds ?? 0)) return;
		const output = probeResult(host, slot, startup, 'Startup', instance.elapsed());
		if (output === undefined) {
			// At once: the startup result's update triggers the sync.
			onStarted(0);
			return 'stop';
		}
		unhealthy(instance, 'Startup', output);
		failures += 1;
		if (failures < (startup.failureThreshold ?? 3)) return;
		killForProbe(host, slot, 'startup', startup);
		return 'stop';
	});
}
