import {eventLine, oneLine, podEvents} from './pod-facts.js';
import {clean, entries, type Entry, type Rule} from './types.js';

// CreateContainerConfigError: the kubelet could not build the container's configuration, most
// often an environment variable from a Secret or ConfigMap that does not exist or lacks the key
// (kubelet_pods.go makeEnvironmentVariables: `secret "x" not found`, `couldn't find key k in
// Secret ns/x`), or runAsNonRoot with an image that runs as root (security_context_others.go).
// The container stays Waiting and is retried at every sync; the other containers run.

type Missing = {kind: 'Secret' | 'ConfigMap'; name: string; key?: string};

function missing(message: string): Missing | undefined {
	const object = /(secret|configmap) "([^"]+)" not found/i.exec(message);
	if (object) return {kind: object[1]!.toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap', name: object[2]!};
	const key = /couldn't find key (\S+) in (Secret|ConfigMap) [^/\s]+\/(\S+)/.exec(message);
	if (key) return {kind: key[2] as Missing['kind'], name: key[3]!, key: key[1]!};
	return undefined;
}

/** The env and envFrom entries of the container that read the object (and key). */
function references(entry: Entry, wanted: Missing): string[] {
	const lines: string[] = [];
	const refField = wanted.kind === 'Secret' ? 'secretKeyRef' : 'configMapKeyRef';
	(entry.spec.env ?? []).forEach((env, index) => {
		const ref = env.valueFrom?.[refField];
		if (ref && ref.name === wanted.name && (wanted.key === undefined || ref.key === wanted.key))
			lines.push(`${entry.path}.env[${index}] ${clean(env.name)}: ${refField} ${clean(ref.name)}/${clean(ref.key)}${ref.optional ? ' (optional)' : ''}`);
	});
	const fromField = wanted.kind === 'Secret' ? 'secretRef' : 'configMapRef';
	(entry.spec.envFrom ?? []).forEach((source, index) => {
		if (source[fromField]?.name === wanted.name) lines.push(`${entry.path}.envFrom[${index}].${fromField}.name: ${clean(wanted.name)}`);
	});
	return lines;
}

/** "env DB_USER" or "envFrom": what in the container reads the missing object. */
function readers(entry: Entry, wanted: Missing): string {
	const field = wanted.kind === 'Secret' ? 'secretKeyRef' : 'configMapKeyRef';
	const names = (entry.spec.env ?? []).filter(env => env.valueFrom?.[field]?.name === wanted.name).map(env => clean(env.name));
	return names.length > 0 ? `env ${names.join(', ')}` : 'envFrom';
}

function fixFor(input: Parameters<Rule['check']>[0], entry: Entry, wanted: Missing | undefined, message: string): string {
	const namespace = clean(input.pod.metadata.namespace ?? 'default');
	if (wanted?.key)
		return `Add the key ${clean(wanted.key)} to ${wanted.kind} ${clean(wanted.name)} (kubectl -n ${namespace} edit ${wanted.kind.toLowerCase()} ${clean(wanted.name)}), or correct the key in ${entry.path}.env; mark the reference optional: true if the app can do without it.`;
	if (wanted)
		return `Create ${wanted.kind} ${clean(wanted.name)} in namespace ${namespace} (kubectl -n ${namespace} create ${wanted.kind === 'Secret' ? 'secret generic' : 'configmap'} ${clean(wanted.name)} --from-literal=KEY=VALUE), or correct the name in ${entry.path}; the kubelet retries by itself, no restart needed.`;
	if (/runAsNonRoot/.test(message))
		return `The image runs as root but securityContext.runAsNonRoot is true: set ${entry.path}.securityContext.runAsUser to a non-zero UID, or use an image with a non-root USER.`;
	return `Read the message above: it names the part of ${entry.path} the kubelet could not turn into a container.`;
}

export const configError: Rule = {
	id: 'config-error',
	check(input) {
		return entries(input.pod)
			.filter(entry => entry.status?.state?.waiting?.reason === 'CreateContainerConfigError')
			.map(entry => {
				const message = entry.status!.state!.waiting!.message ?? '';
				const wanted = missing(message);
				const refs = wanted ? references(entry, wanted) : [];
				const failed = podEvents(input, /^Failed$/, entry.path).at(-1);
				const what = wanted ? `${wanted.kind} ${clean(wanted.name)}${wanted.key ? ` has no key ${clean(wanted.key)}` : ' does not exist'}` : oneLine(message);
				return {
					id: 'config-error',
					severity: 'error' as const,
					title: `${clean(entry.name)} cannot be created (CreateContainerConfigError): ${what}${refs.length > 0 ? `; ${readers(entry, wanted!)} ${wanted!.key ? 'reads it' : 'reads from it'}` : ''}`,
					evidence: [`${entry.statusPath}.state.waiting: CreateContainerConfigError: ${oneLine(message)}`, ...refs, ...(failed ? [eventLine(failed)] : [])],
					fix: fixFor(input, entry, wanted, message),
					container: entry.name,
				};
			});
	},
};
