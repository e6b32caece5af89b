import type {Container, Pod} from '../../model/k8s.js';
import {type ConfigSource, configMapNotFound, secretNotFound, secretValue} from './config-source.js';

// The kubelet's makeEnvironmentVariables (pkg/kubelet/kubelet_pods.go, 1.35): envFrom first
// (later sources win), then env in order, each value with its $(VAR) references expanded
// against what came before and the service variables; valueFrom read from ConfigMaps,
// Secrets and the pod's own fields. A missing object or key that is not optional fails the
// whole container with the kubelet's own text, which becomes CreateContainerConfigError.

export type EnvResult = {env: Record<string, string>} | {error: string};

/**
 * The service variables of the `kubernetes` Service, which the kubelet adds to every container
 * (even with enableServiceLinks off); k3s's default service CIDR puts it at 10.43.0.1.
 */
export const kubernetesServiceVariables: Record<string, string> = {
	KUBERNETES_SERVICE_HOST: '10.43.0.1',
	KUBERNETES_SERVICE_PORT: '443',
	KUBERNETES_SERVICE_PORT_HTTPS: '443',
	KUBERNETES_PORT: 'tcp://10.43.0.1:443',
	KUBERNETES_PORT_443_TCP: 'tcp://10.43.0.1:443',
	KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
	KUBERNETES_PORT_443_TCP_PORT: '443',
	KUBERNETES_PORT_443_TCP_ADDR: '10.43.0.1',
};

/** The kubelet's $(VAR) expansion: earlier variables expand, $$ escapes, unknown stay as written. */
export function expand(value: string, defined: Record<string, string>): string {
	return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
		if (match === '$$') return '$';
		return name !== undefined && name in defined ? defined[name]! : match;
	});
}

/** podFieldSelectorRuntimeValue, for the fields a pod knows by itself. */
export function fieldValue(pod: Pod, path: string): string | undefined {
	const keyed = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
	if (keyed) return (keyed[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[keyed[2]!] ?? '';
	switch (path) {
		case 'metadata.name':
			return pod.metadata.name;
		case 'metadata.namespace':
			return pod.metadata.namespace ?? 'default';
		case 'metadata.uid':
			return pod.metadata.uid ?? '';
		case 'spec.nodeName':
			return pod.spec.nodeName ?? '';
		case 'spec.serviceAccountName':
			return pod.spec.serviceAccountName ?? '';
		case 'status.hostIP':
			return pod.status?.hostIP ?? '';
		case 'status.hostIPs':
			return (pod.status?.hostIPs ?? []).map(entry => entry.ip).join(',');
		case 'status.podIP':
			return pod.status?.podIP ?? '';
		case 'status.podIPs':
			return (pod.status?.podIPs ?? []).map(entry => entry.ip).join(',');
		default:
			return undefined;
	}
}

type Lookup = {value: string} | {skip: true} | {error: string};

function configMapKey(pod: Pod, source: ConfigSource, ref: {name: string; key: string; optional?: boolean}): Lookup {
	const namespace = pod.metadata.namespace ?? 'default';
	const configMap = source.configMap(namespace, ref.name);
	if (!configMap) return ref.optional ? {skip: true} : {error: configMapNotFound(ref.name)};
	const value = configMap.data?.[ref.key];
	if (value === undefined) return ref.optional ? {skip: true} : {error: `couldn't find key ${ref.key} in ConfigMap ${namespace}/${ref.name}`};
	return {value};
}

function secretKey(pod: Pod, source: ConfigSource, ref: {name: string; key: string; optional?: boolean}): Lookup {
	const namespace = pod.metadata.namespace ?? 'default';
	const secret = source.secret(namespace, ref.name);
	if (!secret) return ref.optional ? {skip: true} : {error: secretNotFound(ref.name)};
	const value = secretValue(secret, ref.key);
	if (value === undefined) return ref.optional ? {skip: true} : {error: `couldn't find key ${ref.key} in Secret ${namespace}/${ref.name}`};
	return {value: value.toString('utf8')};
}

/** envFrom: every data key of each ConfigMap or Secret, prefixed; a missing optional one adds nothing. */
function fromSources(pod: Pod, container: Container, source: ConfigSource, into: Record<string, string>): string | undefined {
	const namespace = pod.metadata.namespace ?? 'default';
	for (const entry of container.envFrom ?? []) {
		const prefix = entry.prefix ?? '';
		if (entry.configMapRef) {
			const configMap = source.configMap(namespace, entry.configMapRef.name);
			if (!configMap) {
				if (entry.configMapRef.optional) continue;
				return configMapNotFound(entry.configMapRef.name);
			}
			// Only data: binaryData never becomes a variable.
			for (const [key, value] of Object.entries(configMap.data ?? {})) into[prefix + key] = value;
		} else if (entry.secretRef) {
			const secret = source.secret(namespace, entry.secretRef.name);
			if (!secret) {
				if (entry.secretRef.optional) continue;
				return secretNotFound(entry.secretRef.name);
			}
			for (const key of Object.keys(secret.data ?? {})) into[prefix + key] = secretValue(secret, key)!.toString('utf8');
		}
	}
	return undefined;
}

/**
 * The container's variables, or the error that keeps it from being created. `services` are
 * the service variables (the kubelet adds those of the `kubernetes` Service even with
 * enableServiceLinks off); declared variables win over them.
 */
export function resolveEnvironment(pod: Pod, container: Container, source: ConfigSource, services = kubernetesServiceVariables): EnvResult {
	const declared: Record<string, string> = {};
	const failed = fromSources(pod, container, source, declared);
	if (failed) return {error: failed};
	for (const variable of container.env ?? []) {
		let value = variable.value ?? '';
		if (value !== '') {
			value = expand(value, {...services, ...declared});
		} else if (variable.valueFrom) {
			const from = variable.valueFrom;
			let lookup: Lookup | undefined;
			if (from.configMapKeyRef) lookup = configMapKey(pod, source, from.configMapKeyRef);
			else if (from.secretKeyRef) lookup = secretKey(pod, source, from.secretKeyRef);
			else if (from.fieldRef) {
				const field = fieldValue(pod, from.fieldRef.fieldPath);
				lookup = field === undefined ? {error: `field label not supported: ${from.fieldRef.fieldPath}`} : {value: field};
			}
			// resourceFieldRef (limits and requests with a divisor) is not modelled: the variable is left out.
			if (!lookup) continue;
			if ('error' in lookup) return {error: lookup.error};
			if ('skip' in lookup) continue;
			value = lookup.value;
		}
		declared[variable.name] = value;
	}
	return {env: {...services, ...declared}};
}
