import {randomBytes, randomUUID} from 'node:crypto';
import type {Container, Pod, Probe} from '../model/k8s.js';
import {createdStatus} from './pod-created-status.js';

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
		volumeMounts: [...(container.volumeMounts ?? []), {name: tokenVolume, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount'}],
	};
	for (const key of Object.keys(result) as Array<keyof Container>) {
		if (result[key] === undefined) delete result[key];
	}
	return result;
}

/** Defaulted to 30; Convert_v1_Pod_To_core_Pod (pkg/apis/core/v1/conversion.go) makes a negative one 1. */
const gracePeriod = (seconds: number | undefined) => (seconds === undefined ? 30 : seconds < 0 ? 1 : seconds);

/** A name for generateName: the prefix and five random characters, as the apiserver makes one. */
export const generatedName = (generateName: string | undefined) => `${generateName ?? 'pod-'}${randomSuffix(5)}`;

/** The Priority admission's built-in classes (pkg/apis/scheduling: SystemCriticalPriority and above). */
const systemPriorities: Record<string, number> = {'system-cluster-critical': 2_000_000_000, 'system-node-critical': 2_000_001_000};

export function applyPodDefaults(pod: Pod, namespace: string, now: string): Pod {
	const name = pod.metadata.name || generatedName(pod.metadata.generateName);
	const tokenVolume = `kube-api-access-${randomSuffix(5)}`;
	const spec = pod.spec;
	const defaulted: Pod = {
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {
			...pod.metadata,
			name,
			namespace,
			uid: randomUUID(),
			// A Pod's spec changes count from 1 (PrepareForCreate, pkg/registry/core/pod/strategy.go, 1.35).
			generation: 1,
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
			terminationGracePeriodSeconds: gracePeriod(spec.terminationGracePeriodSeconds),
			dnsPolicy: spec.dnsPolicy ?? 'ClusterFirst',
			serviceAccountName: spec.serviceAccountName ?? 'default',
			serviceAccount: spec.serviceAccountName ?? 'default',
			securityContext: spec.securityContext ?? {},
			schedulerName: spec.schedulerName ?? 'default-scheduler',
			tolerations: spec.tolerations ?? [
				{key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
				{key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
			],
			priority: spec.priority ?? systemPriorities[(spec as {priorityClassName?: string}).priorityClassName ?? ''] ?? 0,
			enableServiceLinks: spec.enableServiceLinks ?? true,
			preemptionPolicy: spec.preemptionPolicy ?? 'PreemptLowerPriority',
		},
	};
	return {...defaulted, status: createdStatus(defaulted, now)};
}

export const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const subdomainMessage =
	"a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const labelMessage =
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

const qualifiedName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const qualifiedNameMessage =
	"name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const labelValueMessage =
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

/** A validation failure in apimachinery's field.Error terms (see routes/respond.ts). */
export type PodFieldError = {
	field: string;
	type: 'Required' | 'Invalid' | 'Duplicate' | 'NotSupported' | 'Forbidden' | 'NotFound';
	value?: unknown;
	detail?: string;
};

/** ValidateQualifiedName for label and annotation keys. */
export function keyErrors(key: string, field: string): PodFieldError[] {
	const slash = key.indexOf('/');
	const [prefix, name] = slash >= 0 ? [key.slice(0, slash), key.slice(slash + 1)] : ['', key];
	const errors: PodFieldError[] = [];
	if (slash >= 0 && (!prefix || prefix.length > 253 || !subdomain.test(prefix))) {
		errors.push({field, type: 'Invalid', value: key, detail: `prefix part ${subdomainMessage}`});
	}
	if (!name) errors.push({field, type: 'Invalid', value: key, detail: 'name part must be non-empty'});
	else if (name.length > 63) errors.push({field, type: 'Invalid', value: key, detail: 'name part must be no more than 63 characters'});
	else if (!qualifiedName.test(name)) errors.push({field, type: 'Invalid', value: key, detail: qualifiedNameMessage});
	return errors;
}

/** ValidateObjectMeta's label and annotation checks (any kind of object). */
export function metadataErrors(metadata: {labels?: Record<string, unknown>; annotations?: Record<string, unknown>} | undefined): PodFieldError[] {
	const errors: PodFieldError[] = [];
	for (const [key, value] of Object.entries(metadata?.labels ?? {})) {
		errors.push(...keyErrors(key, 'metadata.labels'));
		const text = String(value);
		if (text.length > 63) errors.push({field: 'metadata.labels', type: 'Invalid', value: text, detail: 'must be no more than 63 characters'});
		else if (!labelValue.test(text)) errors.push({field: 'metadata.labels', type: 'Invalid', value: text, detail: labelValueMessage});
	}
	let size = 0;
	for (const [key, value] of Object.entries(metadata?.annotations ?? {})) {
		errors.push(...keyErrors(key.toLowerCase(), 'metadata.annotations'));
		size += key.length + String(value).length;
	}
	if (size > 256 * 1024) errors.push({field: 'metadata.annotations', type: 'Invalid', value: '', detail: 'Too long: must have at most 262144 bytes'});
	return errors;
}

/** ValidatePodCreate's common cases, with the field paths and wording of the apiserver. */
export function podErrors(pod: Pod): PodFieldError[] {
	const errors: PodFieldError[] = [];
	const name = pod.metadata?.name;
	if (!name && !pod.metadata?.generateName) {
		errors.push({field: 'metadata.name', type: 'Required', detail: 'name or generateName is required'});
	} else if (name && (name.length > 253 || !subdomain.test(name))) {
		errors.push({field: 'metadata.name', type: 'Invalid', value: name, detail: subdomainMessage});
	}
	errors.push(...metadataErrors(pod.metadata));
	if (!pod.spec || typeof pod.spec !== 'object') {
		errors.push({field: 'spec.containers', type: 'Required'});
		return errors;
	}
	const volumes = new Set<string>();
	for (const [index, volume] of (pod.spec.volumes ?? []).entries()) {
		const field = `spec.volumes[${index}].name`;
		if (!volume.name) errors.push({field, type: 'Required'});
		else if (volumes.has(volume.name)) errors.push({field, type: 'Duplicate', value: volume.name});
		volumes.add(volume.name);
	}
	const names = new Set<string>();
	const check = (containers: Pod['spec']['containers'] | undefined, path: string) => {
		for (const [index, container] of (containers ?? []).entries()) {
			const field = `spec.${path}[${index}]`;
			if (!container.name) errors.push({field: `${field}.name`, type: 'Required'});
			else if (!label.test(container.name) || container.name.length > 63)
				errors.push({field: `${field}.name`, type: 'Invalid', value: container.name, detail: labelMessage});
			else if (names.has(container.name)) errors.push({field: `${field}.name`, type: 'Duplicate', value: container.name});
			names.add(container.name);
			if (!container.image) errors.push({field: `${field}.image`, type: 'Required'});
			for (const [mountIndex, mount] of (container.volumeMounts ?? []).entries()) {
				if (!volumes.has(mount.name)) errors.push({field: `${field}.volumeMounts[${mountIndex}].name`, type: 'NotFound', value: mount.name});
			}
		}
	};
	check(pod.spec.initContainers, 'initContainers');
	if (!Array.isArray(pod.spec.containers) || pod.spec.containers.length === 0) errors.push({field: 'spec.containers', type: 'Required'});
	else check(pod.spec.containers, 'containers');
	const policy = pod.spec.restartPolicy;
	if (policy !== undefined && !['Always', 'OnFailure', 'Never'].includes(policy)) {
		errors.push({field: 'spec.restartPolicy', type: 'NotSupported', value: policy, detail: 'supported values: "Always", "OnFailure", "Never"'});
	}
	return errors;
}

/** Reject a Pod the way the apiserver's validation would: the first error's text, or undefined. */
export function validatePod(pod: Pod): string | undefined {
	const [first] = podErrors(pod);
	if (!first) return undefined;
	switch (first.type) {
		case 'Required':
			return `${first.field}: Required value${first.detail ? `: ${first.detail}` : ''}`;
		case 'Duplicate':
			return `${first.field}: Duplicate value: ${JSON.stringify(first.value)}`;
		case 'NotFound':
			return `${first.field}: Not found: ${JSON.stringify(first.value)}`;
		default:
			return `${first.field}: ${first.type === 'NotSupported' ? 'Unsupported value' : first.type === 'Invalid' ? 'Invalid value' : first.type}: ${JSON.stringify(first.value ?? '')}${first.detail ? `: ${first.detail}` : ''}`;
	}
}

// --- Unknown fields ---------------------------------------------------------------------
// The fields of the v1 Pod types of Kubernetes 1.35 (k8s.io/api v0.35.4 core/v1/types.go).

/** A field whose content is not checked further. */
const open = true;
type Shape = true | {[field: string]: Shape} | [Shape];

const objectMeta: Shape = {
	name: open,
	generateName: open,
	namespace: open,
	selfLink: open,
	uid: open,
	resourceVersion: open,
	generation: open,
	creationTimestamp: open,
	deletionTimestamp: open,
	deletionGracePeriodSeconds: open,
	labels: open,
	annotations: open,
	ownerReferences: open,
	finalizers: open,
	managedFields: open,
};
const probe: Shape = {
	exec: open,
	httpGet: open,
	tcpSocket: open,
	grpc: open,
	initialDelaySeconds: open,
	timeoutSeconds: open,
	periodSeconds: open,
	successThreshold: open,
	failureThreshold: open,
	terminationGracePeriodSeconds: open,
};
const container: Shape = {
	name: open,
	image: open,
	command: open,
	args: open,
	workingDir: open,
	ports: [{name: open, hostPort: open, containerPort: open, protocol: open, hostIP: open}],
	envFrom: open,
	env: [{name: open, value: open, valueFrom: open}],
	resources: {limits: open, requests: open, claims: open},
	resizePolicy: open,
	restartPolicy: open,
	restartPolicyRules: open,
	volumeMounts: [{name: open, readOnly: open, recursiveReadOnly: open, mountPath: open, subPath: open, mountPropagation: open, subPathExpr: open}],
	volumeDevices: open,
	livenessProbe: probe,
	readinessProbe: probe,
	startupProbe: probe,
	lifecycle: {postStart: open, preStop: open, stopSignal: open},
	terminationMessagePath: open,
	terminationMessagePolicy: open,
	imagePullPolicy: open,
	securityContext: open,
	stdin: open,
	stdinOnce: open,
	tty: open,
	targetContainerName: open,
};
const podShape: Shape = {
	apiVersion: open,
	kind: open,
	metadata: objectMeta,
	spec: {
		volumes: open,
		initContainers: [container],
		containers: [container],
		ephemeralContainers: [container],
		restartPolicy: open,
		terminationGracePeriodSeconds: open,
		activeDeadlineSeconds: open,
		dnsPolicy: open,
		nodeSelector: open,
		serviceAccountName: open,
		serviceAccount: open,
		automountServiceAccountToken: open,
		nodeName: open,
		hostNetwork: open,
		hostPID: open,
		hostIPC: open,
		shareProcessNamespace: open,
		securityContext: open,
		imagePullSecrets: open,
		hostname: open,
		subdomain: open,
		affinity: open,
		schedulerName: open,
		tolerations: open,
		hostAliases: open,
		priorityClassName: open,
		priority: open,
		dnsConfig: open,
		readinessGates: open,
		runtimeClassName: open,
		enableServiceLinks: open,
		preemptionPolicy: open,
		overhead: open,
		topologySpreadConstraints: open,
		setHostnameAsFQDN: open,
		os: open,
		hostUsers: open,
		schedulingGates: open,
		resourceClaims: open,
		resources: open,
		hostnameOverride: open,
		workloadRef: open,
	},
	status: open,
};

/**
 * Fields a Pod does not have, as the apiserver's decoder names them ("spec.containers[0].foo"),
 * in document order. Nested objects the sim does not model in detail are not looked into.
 */
export function unknownPodFields(pod: unknown): string[] {
	const found: string[] = [];
	const walk = (value: unknown, shape: Shape, path: string) => {
		if (shape === true || value === null || typeof value !== 'object') return;
		if (Array.isArray(shape)) {
			if (Array.isArray(value)) for (const [index, item] of value.entries()) walk(item, shape[0], `${path}[${index}]`);
			return;
		}
		if (Array.isArray(value)) return;
		for (const [key, child] of Object.entries(value)) {
			const field = path ? `${path}.${key}` : key;
			const inner = shape[key];
			if (inner === undefined) found.push(field);
			else walk(child, inner, field);
		}
	};
	walk(pod, podShape, '');
	return found;
}

/** The Pod with unknown fields dropped, as decoding into the Go type does. */
export function withoutUnknownPodFields<T>(pod: T): T {
	const strip = (value: unknown, shape: Shape): unknown => {
		if (shape === true || value === null || typeof value !== 'object') return value;
		if (Array.isArray(shape)) return Array.isArray(value) ? value.map(item => strip(item, shape[0])) : value;
		if (Array.isArray(value)) return value;
		return Object.fromEntries(
			Object.entries(value)
				.filter(([key]) => shape[key] !== undefined)
				.map(([key, child]) => [key, strip(child, shape[key]!)]),
		);
	};
	return strip(pod, podShape) as T;
}
