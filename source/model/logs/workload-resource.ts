// The resource types `podscope logs TYPE/NAME` accepts, spelled as kubectl's RESTMapper
// accepts them: plural, singular, short name, and with the group (`deployment.apps`) or the
// version and group (`deployments.v1.apps`), case-insensitively. Services and replication
// controllers, which kubectl also reads, are not served by the clusters podscope targets here.

export type WorkloadResource = {group: string; version: string; resource: string; singular: string; shortNames: string[]};

const resources: WorkloadResource[] = [
	{group: '', version: 'v1', resource: 'pods', singular: 'pod', shortNames: ['po']},
	{group: 'apps', version: 'v1', resource: 'deployments', singular: 'deployment', shortNames: ['deploy']},
	{group: 'apps', version: 'v1', resource: 'replicasets', singular: 'replicaset', shortNames: ['rs']},
	{group: 'apps', version: 'v1', resource: 'statefulsets', singular: 'statefulset', shortNames: ['sts']},
	{group: 'apps', version: 'v1', resource: 'daemonsets', singular: 'daemonset', shortNames: ['ds']},
	{group: 'batch', version: 'v1', resource: 'jobs', singular: 'job', shortNames: []},
];

/** The resource a TYPE names, or undefined when it is none of the loggable workloads. */
export function resourceOf(type: string): WorkloadResource | undefined {
	const lower = type.toLowerCase();
	for (const entry of resources) {
		const names = [entry.resource, entry.singular, ...entry.shortNames];
		// Short names are not qualified by a group (kubectl's shortcut expander takes them bare).
		const qualified = entry.group
			? [entry.resource, entry.singular].flatMap(name => [`${name}.${entry.group}`, `${name}.${entry.version}.${entry.group}`])
			: [];
		if (names.includes(lower) || qualified.includes(lower)) return entry;
	}
	return undefined;
}

/** The path of a workload object, as kubectl GETs it. */
export const workloadPath = (entry: WorkloadResource, namespace: string, name: string) =>
	`${entry.group ? `/apis/${entry.group}/${entry.version}` : '/api/v1'}/namespaces/${encodeURIComponent(namespace)}/${entry.resource}/${encodeURIComponent(name)}`;

/** `deployments.apps`, as kube-apiserver names a resource in its NotFound message. */
export const qualifiedResource = (entry: WorkloadResource) => (entry.group ? `${entry.resource}.${entry.group}` : entry.resource);
