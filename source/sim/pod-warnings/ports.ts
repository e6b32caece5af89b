import type {Container, ContainerPort} from '../../model/k8s.js';
import {goQuote} from './go-quote.js';

// The container port warnings of kubernetes pkg/api/pod/warnings.go (v1.35.4): hostIP without
// hostPort, the same port and protocol declared twice across all containers (init, app and
// ephemeral alike), and a port name used twice.

/** A container and the field path it is at ("spec.containers[1]"), in VisitContainersWithPath's order. */
export type VisitedContainer = {container: Container; path: string};

/** fmt's %+v of the internal api.ContainerPort: fields in declaration order, strings bare. */
function describePort(port: ContainerPort): string {
	return `{Name:${port.name ?? ''} HostPort:${port.hostPort ?? 0} ContainerPort:${port.containerPort ?? 0} Protocol:${port.protocol ?? ''} HostIP:${port.hostIP ?? ''}}`;
}

type Block = {path: string; port: ContainerPort};

/** Why two declarations of one containerPort/protocol clash, or undefined when they do not. */
function clash(port: ContainerPort, other: ContainerPort): string | undefined {
	const [hostIP, otherHostIP] = [port.hostIP ?? '', other.hostIP ?? ''];
	const [hostPort, otherHostPort] = [port.hostPort ?? 0, other.hostPort ?? 0];
	// Exactly equal: validation refuses it unless both host ports are unset.
	if (hostIP === otherHostIP && hostPort === otherHostPort) return 'duplicate';
	// An unset hostPort is redundant with any other value: odd, not dangerous.
	if (hostPort === 0 || otherHostPort === 0) return 'overlapping';
	// Same hostPort with exactly one hostIP unset: which one binds is undefined.
	if (hostPort === otherHostPort && (hostIP === '') !== (otherHostIP === '')) return 'dangerously ambiguous';
	return undefined;
}

export function portWarnings(containers: VisitedContainer[]): string[] {
	const warnings: string[] = [];
	const seen = new Map<string, Block[]>();
	for (const {container, path} of containers) {
		for (const [index, port] of (container.ports ?? []).entries()) {
			const portPath = `${path}.ports[${index}]`;
			if ((port.hostIP ?? '') !== '' && (port.hostPort ?? 0) === 0) {
				warnings.push(`${portPath}: hostIP set without hostPort: ${describePort(port)}`);
			}
			const key = `${port.containerPort ?? 0}/${port.protocol ?? ''}`;
			const others = seen.get(key) ?? [];
			for (const other of others) {
				const kind = clash(port, other.port);
				if (kind) warnings.push(`${portPath}: ${kind} port definition with ${other.path}`);
			}
			seen.set(key, [...others, {path: portPath, port}]);
		}
	}
	const names = new Map<string, string>();
	for (const {container, path} of containers) {
		for (const [index, port] of (container.ports ?? []).entries()) {
			if (!port.name) continue;
			const portPath = `${path}.ports[${index}]`;
			const other = names.get(port.name);
			if (other) {
				warnings.push(`${portPath}: duplicate port name ${goQuote(port.name)} with ${other}, services and probes that select ports by name will use ${other}`);
			} else {
				names.set(port.name, portPath);
			}
		}
	}
	return warnings;
}
