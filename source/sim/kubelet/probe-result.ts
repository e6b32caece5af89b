import type {Probe} from '../../model/k8s.js';
import type {BehaviourHost} from './container-behaviour.js';
import type {ContainerSlot} from './container-slot.js';

// What one probe of a container gets, in the prober's words (pkg/probe/http, tcp, grpc and
// exec, 1.35): undefined when it passes, else the output the Unhealthy event carries.
//
// The spec says where a probe dials; the container behaviours say who listens there (x-sim
// listen, listenAfter). Nothing listening: the dial is refused. Something listening: a TCP
// probe passes (the kernel accepts for the app), and the app answers an HTTP, gRPC or exec
// probe as x-sim has it: not started before startedAfter, not ready before readyAfter (or
// ever), failing its liveness probe from unhealthyAfter (the kernel still accepts for it).

export type ProbeKind = 'Startup' | 'Readiness' | 'Liveness';

/** The port a probe dials: a number, or the name of one of the container's ports. */
export function probePort(slot: ContainerSlot, probe: Probe): number | undefined {
	const port = probe.httpGet?.port ?? probe.tcpSocket?.port ?? probe.grpc?.port;
	if (typeof port === 'number') return port;
	return slot.spec.ports?.find(item => item.name === port)?.containerPort;
}

/** Whether the app, as x-sim describes it, passes a probe of this kind `elapsed` seconds after its start. */
export function appPasses(slot: ContainerSlot, kind: ProbeKind, elapsed: number): boolean {
	const {behaviour} = slot;
	if (kind === 'Startup') return elapsed >= (behaviour.startedAfter ?? 0);
	if (kind === 'Readiness') return behaviour.readyAfter !== 'never' && elapsed >= (behaviour.readyAfter ?? 0);
	return behaviour.unhealthyAfter === undefined || elapsed < behaviour.unhealthyAfter;
}

/** What the app answers an HTTP probe it does not pass (x-sim readyFailure for readiness). */
function httpAnswer(slot: ContainerSlot, kind: ProbeKind): string {
	if (kind === 'Readiness' && slot.behaviour.readyFailure) return slot.behaviour.readyFailure;
	return `HTTP probe failed with statuscode: ${kind === 'Liveness' ? 500 : 503}`;
}

/** The prober's result for one probe: undefined when it passes, else its output. */
export function probeResult(host: BehaviourHost, slot: ContainerSlot, probe: Probe, kind: ProbeKind, elapsed: number): string | undefined {
	const passes = appPasses(slot, kind, elapsed);
	// exec: the command's own output (stdout and stderr) is all the prober reports.
	if (probe.exec) return passes ? undefined : (slot.behaviour.probeOutput ?? (kind === 'Readiness' ? slot.behaviour.readyFailure : undefined) ?? '');
	const port = probePort(slot, probe);
	if (port === undefined) return passes ? undefined : '';
	const address = `${host.podIP}:${port}`;
	const listening = host.slots.some(other => other.running && other.boundPorts.includes(port));
	const refused = `dial tcp ${address}: connect: connection refused`;
	if (probe.tcpSocket) return listening ? undefined : refused;
	if (probe.grpc) {
		// grpc.DialContext does not block: the refusal comes back from the health RPC.
		if (!listening)
			return `error: health rpc probe failed: rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing: ${refused}"`;
		return passes ? undefined : 'service unhealthy (responded with "NOT_SERVING")';
	}
	if (!listening) {
		const scheme = (probe.httpGet?.scheme ?? 'HTTP').toLowerCase();
		return `Get "${scheme}://${address}${probe.httpGet?.path ?? '/'}": ${refused}`;
	}
	return passes ? undefined : httpAnswer(slot, kind);
}
