import type {ContainerPort, Pod} from '../../model/k8s.js';
import {isSidecar} from '../kubelet/pod-phase.js';

// Host ports, as the NodePorts plugin sees them: GetHostPorts (pkg/scheduler/util/utils.go,
// v1.35.4) takes the regular containers' and the native sidecars' ports with a hostPort, and
// HostPortInfo.CheckConflict (k8s.io/kube-scheduler framework/types.go) treats an empty IP as
// 0.0.0.0, which conflicts with the same protocol and port on any IP.

const anyIP = '0.0.0.0';

type HostPort = {ip: string; protocol: string; port: number};

export function hostPorts(pod: Pod): HostPort[] {
	const containers = [...(pod.spec.initContainers ?? []).filter(isSidecar), ...(pod.spec.containers ?? [])];
	return containers
		.flatMap(container => container.ports ?? [])
		.filter((port: ContainerPort) => (port.hostPort ?? 0) > 0)
		.map(port => ({ip: port.hostIP || anyIP, protocol: port.protocol || 'TCP', port: port.hostPort!}));
}

function conflicts(wanted: HostPort, used: HostPort[]): boolean {
	return used.some(
		port => port.protocol === wanted.protocol && port.port === wanted.port && (wanted.ip === anyIP || port.ip === anyIP || port.ip === wanted.ip),
	);
}

/** fitsPorts: none of the pod's host ports is taken on the node. */
export function portsFit(pod: Pod, used: HostPort[]): boolean {
	return hostPorts(pod).every(port => !conflicts(port, used));
}
