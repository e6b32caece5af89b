import type {Duplex} from 'node:stream';
import type {Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import {podNetnsPath, podSandboxID} from './pod-sandbox.js';
import {answerOn} from './port-listeners.js';
import type {ContainerRuntime} from './runtime.js';

// What a port-forward reaches on a pod's port: containerd dials localhost:PORT inside the pod's
// network namespace (internal/cri/server/sandbox_portforward_linux.go). In the sim that is a
// port a running container binds through its scenario behaviour (`listen`, answered as its
// `serves` says: port-listeners.ts), or a real process the pod runs in its sandbox; nothing
// there is containerd's connection refused, wrapped as the kubelet wraps it.
//
// The shared contract of pods/portforward (the WebSocket route here, SPDY's elsewhere): a dial
// resolves to the connection, or rejects with exactly the text the kubelet writes on the port's
// error stream.

export type PortDial = (port: number) => Promise<Duplex>;

/**
 * containerd 1.6/1.7's text for a port nothing listens on (the real node's containerd is
 * 1.6.20): both loopback families refused. The trailing space is containerd's. The kubelet's
 * portforward package prefixes it with the port and the pod, which for a CRI runtime is the
 * sandbox ID, and an empty uid (cri/streaming/server.go passes "").
 */
export function refusedText(pod: Pod, port: number): string {
	const sandbox = podSandboxID(pod);
	const containerd =
		`failed to execute portforward in network namespace ${JSON.stringify(podNetnsPath(pod))}: ` +
		`failed to connect to localhost:${port} inside namespace ${JSON.stringify(sandbox)}, ` +
		`IPv4: dial tcp4 127.0.0.1:${port}: connect: connection refused IPv6 dial tcp6 [::1]:${port}: connect: connection refused `;
	return forwardingError(pod, port, containerd);
}

/** The kubelet's wrap of any forwarding error (portforward/websocket.go and httpstream.go). */
export const forwardingError = (pod: Pod, port: number, error: string) => `error forwarding port ${port} to pod ${podSandboxID(pod)}, uid : ${error}`;

export function podPortDial(cluster: Cluster, runtime: ContainerRuntime, pod: Pod): PortDial {
	return async port => {
		const worker = cluster.worker(pod);
		const owner = worker?.slots.find(slot => slot.running && slot.boundPorts.includes(port));
		if (owner && worker) return answerOn(owner, port, {pod: worker.current, podIP: worker.current.status?.podIP ?? '', now: () => cluster.clock.now()});
		const real = await runtime.dialInPod(pod, port);
		if (real) return real;
		throw new Error(refusedText(pod, port));
	};
}
