import {randomBytes, randomUUID} from 'node:crypto';
import type {Container, Pod, Probe} from '../model/k8s.js';

// What kube-apiserver's defaulting and admission add to a Pod on create, so that what
// kubectl shows for a sim Pod reads like a real one (service account token volume,
// default tolerations, probe and policy defaults, requests copied from limits).

const randomSuffix = (length: number) => {
	const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
	const bytes = randomBytes(length);
	return [...bytes].map(byte => alphabet[byte % alphabet.length]).join('');
};

function defaultProbe(probe: Probe | undefined): Probe | undefined {
	if (!probe) return undefined;
	const filled: Probe = {timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3, ...probe};
	if (probe.httpGet) filled.httpGet = {path: '/', scheme: 'HTTP', ...probe.httpGet};
	return filled;
}

function defaultContainer(container: Container, tokenVolume: string): Container {
	const image = container.image ?? '';
	const tag = /:([^/]+)$/.exec(image)?.[1];
	const limits = container.resources?.limits;
	let resources = container.resources;
	if (limits) {
		// The apiserver copies limits into missing requests.
		resources = {...resources, requests: {...limits, ...resources?.requests}};
	}
	const result: Container = {
		...container,
		imagePullPolicy: container.imagePullPolicy ?? (!tag || tag === 'latest' ? 'Always' : 'IfNotPresent'),
		terminationMessagePath: container.terminationMessagePath ?? '/dev/termination-log',
		terminationMessagePolicy: container.terminationMessagePolicy ?? 'File',
		resources: resources ?? {},
		ports: container.ports?.map(port => ({protocol: 'TCP', ...port})),
		livenessProbe: defaultProbe(container.livenessProbe),
		readinessProbe: defaultProbe(container.readinessProbe),
		startupProbe: defaultProbe(container.startupProbe),
		volumeMounts: [
			...(container.volumeMounts ?? []),
			{name: tokenVolume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount'},
		],
	};
	for (const key of Object.keys(result) as Array<keyof Container>) {
		if (result[key] === undefined) delete result[key];
	}
	return result;
}

export function applyPodDefaults(pod: Pod, namespace: string, now: string): Pod {
	const name = pod.metadata.name || `${pod.metadata.generateName ?? 'pod-'}${randomSuffix(5)}`;
	const tokenVolume = `kube-api-access-${randomSuffix(5)}`;
	const spec = pod.spec;
	return {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			...pod.metadata,
			name,
			namespace,
			uid: randomUUID(),
			creationTimestamp: now,
		},
		spec: {
			...spec,
			initContainers: spec.initContainers?.map(container => defaultContainer(container, tokenVolume)),
			containers: spec.containers.map(container => defaultContainer(container, tokenVolume)),
			volumes: [
				...(spec.volumes ?? []),
				{
					name: tokenVolume,
					projected: {
						defaultMode: 420,
						sources: [
							{serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
							{configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
							{downwardAPI: {items: [{path: 'namespace', fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}}]}},
						],
					},
				},
			],
			restartPolicy: spec.restartPolicy ?? 'Always',
			terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
			dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
			serviceAccountName: spec.serviceAccountName ?? 'default',
			serviceAccount: spec.serviceAccountName ?? 'default',
			securityContext: spec.securityContext ?? {},
			schedulerName: spec.schedulerName ?? 'default-scheduler',
			tolerations: spec.tolerations ?? [
				{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
				{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
			],
			priority: spec.priority ?? 0,
			enableServiceLinks: spec.enableServiceLinks ?? true,
			preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
		},
		status: {phase: 'Pending'},
	};
}

/** Reject a Pod the way the apiserver's validation would (the common cases). */
export function validatePod(pod: Pod): string | undefined {
	if (!pod.spec || !Array.isArray(pod.spec.containers) || pod.spec.containers.length === 0) {
		return 'spec.containers: Required value';
	}
	const names = new Set<string>();
	for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
		if (!container.name) return 'spec.containers[0].name: Required value';
		if (names.has(container.name)) return `spec.containers[1].name: Duplicate value: "${container.name}"`;
		names.add(container.name);
		if (!container.image) return `spec.containers[0].image: Required value`;
	}
	return undefined;
}
