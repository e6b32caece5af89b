import type {Container, Pod} from '../../model/k8s.js';

// The strategy warns about the pod as decoding defaulted it (kubernetes pkg/apis/core/v1
// defaults.go and zz_generated.defaults.go, v1.35.4), and three of those defaults change what
// it sees: a port's protocol is TCP when unset, so "8080" and "8080/TCP" are one port; with
// hostNetwork a port's hostPort is its containerPort; and a container's limits fill its
// missing requests, so a fractional memory limit is warned about twice. (Quantities are also
// rounded up to milli-units: quantity.ts does that.)

function defaultContainer(container: Container, options: {hostNetwork: boolean; requests: boolean}): Container {
	if (container === null || typeof container !== 'object') return container;
	const next: Container = {...container};
	if (Array.isArray(container.ports)) {
		next.ports = container.ports.map(port => {
			if (port === null || typeof port !== 'object') return port;
			const hostPort = options.hostNetwork && !port.hostPort ? port.containerPort : port.hostPort;
			return {...port, protocol: port.protocol || 'TCP', ...(hostPort !== undefined ? {hostPort} : {})};
		});
	}
	const limits = container.resources?.limits;
	if (options.requests && limits != null) next.resources = {...container.resources, requests: {...limits, ...container.resources?.requests}};
	return next;
}

/** SetDefaults_Pod and the port defaults, for init, app and ephemeral containers as Go applies them. */
export function withDecodeDefaults(pod: Pod): Pod {
	const spec = pod.spec;
	if (spec === null || typeof spec !== 'object') return pod;
	const hostNetwork = spec.hostNetwork === true;
	const each = (list: Container[] | undefined, options: {hostNetwork: boolean; requests: boolean}) =>
		Array.isArray(list) ? list.map(container => defaultContainer(container, options)) : list;
	return {
		...pod,
		spec: {
			...spec,
			initContainers: each(spec.initContainers, {hostNetwork, requests: true}),
			containers: each(spec.containers, {hostNetwork, requests: true}) as Container[],
			// defaultHostNetworkPorts and the requests default skip ephemeral containers.
			ephemeralContainers: each(spec.ephemeralContainers, {hostNetwork: false, requests: false}),
		},
	};
}
