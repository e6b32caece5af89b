import type {EnvVar, ResourceList} from '../../model/k8s.js';
import {goQuote} from './go-quote.js';
import type {VisitedContainer} from './ports.js';
import {fractionalByteValue} from './quantity.js';

// What kubernetes pkg/api/pod/warnings.go (v1.35.4) checks in each container, in its order:
// the per-container seccomp annotation, fractional memory and ephemeral-storage, and env
// entries that hide an earlier one of the same name. The per-container AppArmor annotation is
// only checked there for pod templates; a Pod's is warned about by applyAppArmorVersionSkew
// (app-armor.ts).

const seccompContainerAnnotationPrefix = 'container.seccomp.security.alpha.kubernetes.io/';

/** `<path>[memory]: fractional byte value "1500m" is invalid, must be an integer` for one list entry. */
export function fractionalWarning(list: ResourceList | null | undefined, resource: string, path: string): string[] {
	if (!list || !Object.hasOwn(list, resource)) return [];
	const value = fractionalByteValue(list[resource]);
	return value === undefined ? [] : [`${path}[${resource}]: fractional byte value ${goQuote(value)} is invalid, must be an integer`];
}

/**
 * A later entry of a name already set is fine only when it builds on the earlier value
 * (X="$(X)abc"); replacing it, a valueFrom, or X="$(X)" alone warn: apply may drop one.
 */
function envWarnings(env: EnvVar[], path: string): string[] {
	if (env.length <= 1) return [];
	const warnings: string[] = [];
	const names = new Set<string>();
	for (const [index, item] of env.entries()) {
		const name = item.name ?? '';
		if (!names.has(name)) {
			names.add(name);
			continue;
		}
		const ref = `$(${name})`;
		const value = item.value ?? '';
		if (item.valueFrom != null || value === ref || !value.includes(ref)) {
			warnings.push(`${path}.env[${index}]: hides previous definition of ${goQuote(name)}, which may be dropped when using apply`);
		}
	}
	return warnings;
}

export function containerWarnings(containers: VisitedContainer[], annotations: Record<string, string>): string[] {
	const warnings: string[] = [];
	for (const {container, path} of containers) {
		const securityContext = container.securityContext;
		const key = seccompContainerAnnotationPrefix + container.name;
		if (securityContext?.seccompProfile == null && Object.hasOwn(annotations, key)) {
			warnings.push(`metadata.annotations[${key}]: non-functional in v1.27+; use the "seccompProfile" field instead`);
		}
		const {limits, requests} = container.resources ?? {};
		warnings.push(
			...fractionalWarning(limits, 'memory', `${path}.resources.limits`),
			...fractionalWarning(requests, 'memory', `${path}.resources.requests`),
			...fractionalWarning(limits, 'ephemeral-storage', `${path}.resources.limits`),
			...fractionalWarning(requests, 'ephemeral-storage', `${path}.resources.requests`),
			...envWarnings(container.env ?? [], path),
		);
	}
	return warnings;
}
