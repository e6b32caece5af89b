import {clean, goBool, goList, rfc1123z, type Writer} from './format.js';
import type {Container, ContainerPort, ContainerState, ContainerStatus, EnvVar, Pod, Probe, ResourceList} from '../k8s.js';
import {parseQuantity} from '../quantity.js';

// describeContainers and its helpers from kubectl's describe.go, line for line. Values from
// Secrets and ConfigMaps are references: kubectl never reads them, and neither do we.

export function describeContainers(label: string, containers: Container[], statuses: ContainerStatus[] | undefined, pod: Pod, w: Writer): void {
	const byName = new Map((statuses ?? []).map(status => [status.name, status]));
	w.write(0, `${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
	for (const container of containers) {
		const status = byName.get(container.name);
		basicInfo(container, status, w);
		command(container, w);
		if (status) state(status, w);
		describeResources(container.resources, w, 2);
		probes(container, w);
		if (container.envFrom?.length) envFrom(container, w);
		envVars(container, pod, w);
		mounts(container, w);
	}
}

function portList(ports: ContainerPort[] | undefined, host: boolean): string {
	return (ports ?? [])
		.map(port => {
			const text = `${host ? (port.hostPort ?? 0) : port.containerPort}/${clean(port.protocol)}`;
			return port.name ? `${text} (${clean(port.name)})` : text;
		})
		.join(', ');
}

function basicInfo(container: Container, status: ContainerStatus | undefined, w: Writer): void {
	w.write(1, `${clean(container.name)}:\n`);
	if (status) w.write(2, `Container ID:\t${clean(status.containerID)}\n`);
	w.write(2, `Image:\t${clean(container.image)}\n`);
	if (status) w.write(2, `Image ID:\t${clean(status.imageID)}\n`);
	const ports = portList(container.ports, false);
	w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
	const hostPorts = portList(container.ports, true);
	w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
	const seccomp = (container.securityContext?.seccompProfile ?? undefined) as {type?: string; localhostProfile?: string} | undefined;
	if (seccomp) {
		w.write(2, `SeccompProfile:\t${clean(seccomp.type)}\n`);
		if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${clean(seccomp.localhostProfile)}\n`);
	}
}

function command(container: Container, w: Writer): void {
	for (const [title, items] of [
		['Command', container.command],
		['Args', container.args],
	] as const) {
		if (!items?.length) continue;
		w.write(2, `${title}:\n`);
		for (const item of items) for (const line of item.split('\n')) w.write(3, `${clean(line)}\n`);
	}
}

export function describeResources(resources: {requests?: ResourceList; limits?: ResourceList} | undefined, w: Writer, level: number): void {
	for (const [title, list] of [
		['Limits', resources?.limits],
		['Requests', resources?.requests],
	] as const) {
		const names = Object.keys(list ?? {}).sort();
		if (names.length > 0) w.write(level, `${title}:\n`);
		for (const name of names) w.write(level + 1, `${clean(name)}:\t${clean(list![name])}\n`);
	}
}

function state(status: ContainerStatus, w: Writer): void {
	describeState('State', status.state, w);
	if (status.lastState?.terminated) describeState('Last State', status.lastState, w);
	w.write(2, `Ready:\t${status.ready ? 'True' : 'False'}\n`);
	w.write(2, `Restart Count:\t${status.restartCount ?? 0}\n`);
}

function describeState(name: string, state: ContainerState | undefined, w: Writer): void {
	if (state?.running) {
		w.write(2, `${name}:\tRunning\n`);
		w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}\n`);
	} else if (state?.waiting) {
		w.write(2, `${name}:\tWaiting\n`);
		if (state.waiting.reason) w.write(3, `Reason:\t${clean(state.waiting.reason)}\n`);
	} else if (state?.terminated) {
		const terminated = state.terminated;
		w.write(2, `${name}:\tTerminated\n`);
		if (terminated.reason) w.write(3, `Reason:\t${clean(terminated.reason)}\n`);
		if (terminated.message) w.write(3, `Message:\t${clean(terminated.message)}\n`);
		w.write(3, `Exit Code:\t${terminated.exitCode}\n`);
		if ((terminated.signal ?? 0) > 0) w.write(3, `Signal:\t${terminated.signal}\n`);
		w.write(3, `Started:\t${rfc1123z(terminated.startedAt)}\n`);
		w.write(3, `Finished:\t${rfc1123z(terminated.finishedAt)}\n`);
	} else {
		w.write(2, `${name}:\tWaiting\n`);
	}
}

function probes(container: Container, w: Writer): void {
	if (container.livenessProbe) w.write(2, `Liveness:\t${describeProbe(container.livenessProbe)}\n`);
	if (container.readinessProbe) w.write(2, `Readiness:\t${describeProbe(container.readinessProbe)}\n`);
	if (container.startupProbe) w.write(2, `Startup:\t${describeProbe(container.startupProbe)}\n`);
}

const joinHostPort = (host: string, port: string) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);

/** DescribeProbe: "http-get http://:8080/ready delay=0s timeout=1s period=10s #success=1 #failure=3". */
export function describeProbe(probe: Probe): string {
	const attrs = `delay=${probe.initialDelaySeconds ?? 0}s timeout=${probe.timeoutSeconds ?? 0}s period=${probe.periodSeconds ?? 0}s #success=${probe.successThreshold ?? 0} #failure=${probe.failureThreshold ?? 0}`;
	if (probe.exec) return `exec ${goList(probe.exec.command)} ${attrs}`;
	if (probe.httpGet) {
		const get = probe.httpGet;
		const scheme = (get.scheme ?? '').toLowerCase();
		const port = clean(get.port);
		const host = port ? joinHostPort(clean(get.host), port) : clean(get.host);
		let path = clean(get.path);
		if (path && !path.startsWith('/') && host) path = `/${path}`;
		const authority = host || path ? `//${host}` : '';
		return `http-get ${scheme ? `${scheme}:` : ''}${authority}${path} ${attrs}`;
	}
	if (probe.tcpSocket) return `tcp-socket ${clean(probe.tcpSocket.host)}:${clean(probe.tcpSocket.port)} ${attrs}`;
	if (probe.grpc) return `grpc <pod>:${probe.grpc.port} ${clean(probe.grpc.service)} ${attrs}`;
	return `unknown ${attrs}`;
}

function envFrom(container: Container, w: Writer): void {
	w.write(2, 'Environment Variables from:\n');
	for (const source of container.envFrom ?? []) {
		const ref = source.configMapRef ?? source.secretRef;
		const from = source.configMapRef ? 'ConfigMap' : source.secretRef ? 'Secret' : '';
		const optional = goBool(ref?.optional);
		const kind = source.prefix ? `${from} with prefix '${clean(source.prefix)}'` : from;
		w.write(3, `${clean(ref?.name)}\t${kind}\tOptional: ${optional}\n`);
	}
}

function envVars(container: Container, pod: Pod, w: Writer): void {
	const env = container.env ?? [];
	w.write(2, `Environment:${env.length === 0 ? '\t<none>' : ''}\n`);
	for (const variable of env) {
		const name = clean(variable.name);
		const from = variable.valueFrom;
		if (!from) {
			for (const [index, line] of (variable.value ?? '').split('\n').entries()) w.write(3, index === 0 ? `${name}:\t${clean(line)}\n` : `\t${clean(line)}\n`);
		} else if (from.fieldRef) {
			w.write(3, `${name}:\t${clean(fieldValue(pod, from.fieldRef.fieldPath))} (${clean(from.fieldRef.apiVersion)}:${clean(from.fieldRef.fieldPath)})\n`);
		} else if (from.resourceFieldRef) {
			let value = resourceValue(from.resourceFieldRef, container);
			const resource = from.resourceFieldRef.resource;
			if (value === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
			w.write(3, `${name}:\t${value} (${clean(resource)})\n`);
		} else if (from.secretKeyRef) {
			const ref = from.secretKeyRef;
			w.write(3, `${name}:\t<set to the key '${clean(ref.key)}' in secret '${clean(ref.name)}'>\tOptional: ${goBool(ref.optional)}\n`);
		} else if (from.configMapKeyRef) {
			const ref = from.configMapKeyRef;
			w.write(3, `${name}:\t<set to the key '${clean(ref.key)}' of config map '${clean(ref.name)}'>\tOptional: ${goBool(ref.optional)}\n`);
		}
	}
}

/** The downward API fields kubectl resolves from the pod object itself (never a Secret). */
function fieldValue(pod: Pod, path: string): string {
	const keyed = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
	if (keyed) return (keyed[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[keyed[2]!] ?? '';
	const status = pod.status ?? {};
	const values: Record<string, string | undefined> = {
		'metadata.name': pod.metadata.name,
		'metadata.namespace': pod.metadata.namespace,
		'metadata.uid': pod.metadata.uid,
		'spec.nodeName': pod.spec.nodeName,
		'spec.serviceAccountName': pod.spec.serviceAccountName,
		'status.hostIP': status.hostIP,
		'status.hostIPs': status.hostIPs?.map(ip => ip.ip).join(','),
		'status.podIP': status.podIP,
		'status.podIPs': status.podIPs?.map(ip => ip.ip).join(','),
	};
	return values[path] ?? '';
}

function resourceValue(ref: NonNullable<EnvVar['valueFrom']>['resourceFieldRef'] & {}, container: Container): string {
	const [kind, resource] = ref.resource.split('.') as ['limits' | 'requests', string];
	const amount = parseQuantity(container.resources?.[kind]?.[resource]) ?? 0;
	const divisor = parseQuantity(ref.divisor) || 1;
	if (resource === 'cpu') return String(Math.ceil(Math.round(amount * 1000) / Math.round(divisor * 1000)));
	return String(Math.ceil(amount / divisor));
}

function mounts(container: Container, w: Writer): void {
	const list = [...(container.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
	w.write(2, `Mounts:${list.length === 0 ? '\t<none>' : ''}\n`);
	for (const mount of list) {
		const flags = [mount.readOnly ? 'ro' : 'rw'];
		if (mount.subPath) flags.push(`path=${JSON.stringify(clean(mount.subPath))}`);
		w.write(3, `${clean(mount.mountPath)} from ${clean(mount.name)} (${flags.join(',')})\n`);
	}
	const devices = ((container as {volumeDevices?: Array<{devicePath: string; name: string}>}).volumeDevices ?? [])
		.slice()
		.sort((a, b) => (a.devicePath < b.devicePath ? -1 : 1));
	if (devices.length > 0) {
		// kubectl reuses the mounts' "<none>" here, quirk included.
		w.write(2, `Devices:${list.length === 0 ? '\t<none>' : ''}\n`);
		for (const device of devices) w.write(3, `${clean(device.devicePath)} from ${clean(device.name)}\n`);
	}
}
