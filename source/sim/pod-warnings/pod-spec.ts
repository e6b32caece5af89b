import type {Container, Pod, PodSpec} from '../../model/k8s.js';
import {containerWarnings, fractionalWarning} from './containers.js';
import {goQuote} from './go-quote.js';
import {ipWarnings} from './ip.js';
import {portWarnings, type VisitedContainer} from './ports.js';
import {nodeLabelWarnings, podAffinityWarnings} from './scheduling.js';
import {volumePathWarnings} from './volume-paths.js';
import {volumeWarnings} from './volumes.js';

// GetWarningsForPod: warningsForPodSpecAndMeta of kubernetes pkg/api/pod/warnings.go (v1.35.4)
// with no field path prefix (a Pod, not a template), every check in the order Go makes them.
// It never looks at the old pod, and the pod strategy only calls it on create. Its check of a
// negative terminationGracePeriodSeconds never fires for a Pod: Convert_v1_Pod_To_core_Pod
// (pkg/apis/core/v1/conversion.go) has already made it 1. It is there for pod templates.

// deprecatedAnnotations; none of v1.35.4's entries has a prefix.
const deprecatedAnnotations: Array<{key: string; message: string}> = [
	{key: 'scheduler.alpha.kubernetes.io/critical-pod', message: 'non-functional in v1.16+; use the "priorityClassName" field instead'},
	{key: 'security.alpha.kubernetes.io/sysctls', message: 'non-functional in v1.11+; use the "sysctls" field instead'},
	{key: 'security.alpha.kubernetes.io/unsafe-sysctls', message: 'non-functional in v1.11+; use the "sysctls" field instead'},
];

const seccompPodAnnotation = 'seccomp.security.alpha.kubernetes.io/pod';

/** pods.VisitContainersWithPath: init, app, then ephemeral containers with their paths. */
function visit(spec: PodSpec): VisitedContainer[] {
	const list = (containers: Container[] | undefined, field: string) =>
		(Array.isArray(containers) ? containers : [])
			.map((container, index) => ({container, path: `spec.${field}[${index}]`}))
			.filter(({container}) => container !== null && typeof container === 'object');
	return [...list(spec.initContainers, 'initContainers'), ...list(spec.containers, 'containers'), ...list(spec.ephemeralContainers, 'ephemeralContainers')];
}

/** Each repeat of a value after the first, as `<path>: duplicate <what> "<value>"`. */
function duplicates(values: string[], path: (index: number) => string, what: string): string[] {
	if (values.length <= 1) return [];
	const seen = new Set<string>();
	return values.flatMap((value, index) => {
		if (!seen.has(value)) {
			seen.add(value);
			return [];
		}
		return [`${path(index)}: duplicate ${what} ${goQuote(value)}`];
	});
}

function hostAndSecretWarnings(spec: PodSpec): string[] {
	const aliases = (spec.hostAliases ?? []).map(alias => alias?.ip ?? '');
	const secrets = (spec.imagePullSecrets ?? []).map(secret => secret?.name ?? '');
	return [
		...duplicates(aliases, index => `spec.hostAliases[${index}].ip`, 'ip'),
		...duplicates(secrets, index => `spec.imagePullSecrets[${index}].name`, 'name'),
		...secrets.flatMap((name, index) => (name === '' ? [`spec.imagePullSecrets[${index}].name: invalid empty name ""`] : [])),
	];
}

export function podWarnings(pod: Pod): string[] {
	const spec: PodSpec = pod.spec ?? {containers: []};
	const annotations = pod.metadata?.annotations ?? {};
	const containers = visit(spec);
	const annotated = (key: string) => Object.hasOwn(annotations, key);
	return [
		...nodeLabelWarnings(spec),
		...deprecatedAnnotations.filter(({key}) => annotated(key)).map(({key, message}) => `metadata.annotations[${key}]: ${message}`),
		...volumeWarnings(spec.volumes ?? []),
		...volumePathWarnings(spec.volumes ?? []),
		...hostAndSecretWarnings(spec),
		...fractionalWarning(spec.overhead, 'memory', 'spec.overhead'),
		...fractionalWarning(spec.overhead, 'ephemeral-storage', 'spec.overhead'),
		...(spec.securityContext?.seccompProfile == null && annotated(seccompPodAnnotation)
			? [`metadata.annotations[${seccompPodAnnotation}]: non-functional in v1.27+; use the "seccompProfile" field instead`]
			: []),
		...containerWarnings(containers, annotations),
		...portWarnings(containers),
		...podAffinityWarnings(spec),
		...(spec.dnsConfig?.nameservers ?? []).flatMap((server, index) => ipWarnings(`spec.dnsConfig.nameservers[${index}]`, server)),
		...(spec.hostAliases ?? []).flatMap((alias, index) => ipWarnings(`spec.hostAliases[${index}].ip`, alias?.ip ?? '')),
	];
}
