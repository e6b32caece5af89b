import type {Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import type {KubeletRefusal} from './kubelet.js';

// The kubelet's half of pods/portforward before any stream exists (pkg/kubelet/server/server.go
// getPortForward, kubelet_pods.go GetPortForward), reached through the apiserver's proxy, which
// passes a refusal through as it came (status and plain text).

/**
 * portforward.NewV4Options (kubelet cri/streaming/portforward/websocket.go): only a WebSocket
 * request carries its ports in the query. The apiserver has already parsed them and sends them
 * on as one comma-joined `ports` value, or none (strategy.go streamParams).
 */
export function kubeletPorts(joined: string | undefined): number[] | KubeletRefusal {
	if (joined === undefined) return {code: 400, text: 'query parameter "ports" is required'};
	const ports = joined.split(',').map(Number);
	if (ports.some(port => port < 1)) return {code: 400, text: `port ${JSON.stringify(joined)} must be > 0`};
	return ports;
}

/**
 * GetPortForward looks the pod up among the runtime's running pods, those with a ready sandbox:
 * a pod whose sandbox is not up yet (its volumes are still being set up) or is gone (the pod
 * finished) is not there. streaming.WriteError answers a plain error with 500.
 */
export function portForwardRefusal(cluster: Cluster, pod: Pod): KubeletRefusal | undefined {
	if (cluster.worker(pod)?.sandboxRunning) return undefined;
	return {code: 500, text: `pod not found (${JSON.stringify(`${pod.metadata.name}_${pod.metadata.namespace}`)})`};
}
