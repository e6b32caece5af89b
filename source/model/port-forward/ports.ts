import type {Pod} from '../k8s.js';

// The port arguments of `port-forward` read as kubectl reads them, in kubectl's order and with
// its texts: checkUDPPortInPod and convertPodNamedPortToNumber
// (k8s.io/kubectl/pkg/cmd/portforward/portforward.go) on the chosen pod, then client-go's
// parsePorts (k8s.io/client-go/tools/portforward/portforward.go). Quirks kept on purpose:
// `1:2:3` is split as kubectl's splitPort splits it (the first part twice), so it never reaches
// parsePorts' "invalid port format".

export type ForwardedPort = {local: number; remote: number};

/** An argument kubectl refuses: printed as `error: <message>`, exit code 1. */
export class PortSpecError extends Error {}

/** splitPort: `[LOCAL:]REMOTE`; anything but exactly two parts is the first part twice. */
export function splitPort(port: string): {local: string; remote: string} {
	const parts = port.split(':');
	return parts.length === 2 ? {local: parts[0]!, remote: parts[1]!} : {local: parts[0]!, remote: parts[0]!};
}

const int64Max = 2n ** 63n - 1n;

/** Go's strconv.Atoi: an optional sign, decimal digits, within int64. */
function atoi(text: string): number | undefined {
	if (!/^[+-]?\d+$/.test(text)) return undefined;
	const value = BigInt(text);
	if (value > int64Max || value < -int64Max - 1n) return undefined;
	return Number(value);
}

/** Go's strconv.ParseUint(text, 10, 16), with its error text. */
export function parseUint16(text: string): number {
	const quoted = JSON.stringify(text);
	if (!/^\d+$/.test(text)) throw new Error(`strconv.ParseUint: parsing ${quoted}: invalid syntax`);
	const value = BigInt(text);
	if (value > 65535n) throw new Error(`strconv.ParseUint: parsing ${quoted}: value out of range`);
	return Number(value);
}

/** util.LookupContainerPortNumberByName: containers first, then init containers. */
export function namedPort(pod: Pod, name: string): number {
	for (const container of [...pod.spec.containers, ...(pod.spec.initContainers ?? [])]) {
		const port = container.ports?.find(item => (item.name ?? '') === name);
		if (port) return port.containerPort;
	}
	throw new PortSpecError(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** checkUDPPortInPod: a port only UDP serves cannot be forwarded (regular containers' ports only). */
export function checkUdpPorts(ports: string[], pod: Pod): void {
	const udp = new Set<number>();
	const tcp = new Set<number>();
	for (const container of pod.spec.containers) {
		for (const port of container.ports ?? []) {
			if (port.protocol === 'UDP') udp.add(port.containerPort);
			else if (port.protocol === 'TCP') tcp.add(port.containerPort);
		}
	}
	for (const port of ports) {
		const {remote} = splitPort(port);
		const number = atoi(remote) ?? namedPort(pod, remote);
		if (udp.has(number) && !tcp.has(number)) throw new PortSpecError(`UDP protocol is not supported for ${remote}`);
	}
}

/** convertPodNamedPortToNumber: a named remote port becomes the container port's number. */
export function convertNamedPorts(ports: string[], pod: Pod): string[] {
	return ports.map(port => {
		const {local, remote} = splitPort(port);
		if (remote === '') throw new PortSpecError('remote port cannot be empty');
		const number = atoi(remote) === undefined ? String(namedPort(pod, remote)) : remote;
		return local !== remote ? `${local}:${number}` : number;
	});
}

/** client-go's parsePorts: `5000`, `8888:5000`, `:5000` and `0:5000` (a random local port). */
export function parsePorts(ports: string[]): ForwardedPort[] {
	return ports.map(text => {
		const parts = text.split(':');
		if (parts.length > 2) throw new PortSpecError(`invalid port format '${text}'`);
		const localText = parts.length === 1 ? parts[0]! : parts[0] || '0';
		const remoteText = parts.length === 1 ? parts[0]! : parts[1]!;
		let local: number;
		let remote: number;
		try {
			local = parseUint16(localText);
		} catch (error) {
			throw new PortSpecError(`error parsing local port '${localText}': ${(error as Error).message}`);
		}
		try {
			remote = parseUint16(remoteText);
		} catch (error) {
			throw new PortSpecError(`error parsing remote port '${remoteText}': ${(error as Error).message}`);
		}
		if (remote === 0) throw new PortSpecError('remote port must be > 0');
		return {local, remote};
	});
}

/** Every check kubectl makes on the port arguments against the pod, in its order. */
export function resolvePorts(ports: string[], pod: Pod): ForwardedPort[] {
	checkUdpPorts(ports, pod);
	return parsePorts(convertNamedPorts(ports, pod));
}

/** `[{8080 80} {0 443}]`: Go's %v of client-go's []ForwardedPort, as its errors print them. */
export const goPortList = (ports: ForwardedPort[]) => `[${ports.map(port => `{${port.local} ${port.remote}}`).join(' ')}]`;
