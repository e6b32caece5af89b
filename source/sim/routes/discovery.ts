// Discovery documents: what kubectl reads to map `pods`, `po`, `events`, `ns` to URLs.

const resource = (name: string, kind: string, namespaced: boolean, verbs: string[], shortNames?: string[], singularName = '') => ({
	name,
	singularName,
	namespaced,
	kind,
	verbs,
	...(shortNames ? {shortNames} : {}),
});

const readWrite = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const coreResources = {
	kind: 'APIResourceList',
	groupVersion: 'v1',
	resources: [
		resource('events', 'Event', true, readWrite, ['ev'], 'event'),
		resource('namespaces', 'Namespace', false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], ['ns'], 'namespace'),
		resource('nodes', 'Node', false, readWrite, ['no'], 'node'),
		{...resource('pods', 'Pod', true, readWrite, ['po'], 'pod'), categories: ['all']},
		resource('pods/attach', 'PodAttachOptions', true, ['create', 'get']),
		resource('pods/ephemeralcontainers', 'Pod', true, ['get', 'patch', 'update']),
		resource('pods/exec', 'PodExecOptions', true, ['create', 'get']),
		resource('pods/log', 'Pod', true, ['get']),
		resource('pods/status', 'Pod', true, ['get', 'patch', 'update']),
	],
};

export const metricsResources = {
	kind: 'APIResourceList',
	apiVersion: 'v1',
	groupVersion: 'metrics.k8s.io/v1beta1',
	resources: [resource('nodes', 'NodeMetrics', false, ['get', 'list']), resource('pods', 'PodMetrics', true, ['get', 'list'])],
};

export function apiVersions(serverAddress: string) {
	return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}]};
}

export function apiGroups(groups: Array<{name: string; version: string}>) {
	return {
		kind: 'APIGroupList',
		apiVersion: 'v1',
		groups: groups.map(group => ({
			name: group.name,
			versions: [{groupVersion: `${group.name}/${group.version}`, version: group.version}],
			preferredVersion: {groupVersion: `${group.name}/${group.version}`, version: group.version},
		})),
	};
}

export const version = {
	major: '1',
	minor: '32',
	gitVersion: 'v1.32.4+podscope-sim',
	gitCommit: '0000000000000000000000000000000000000000',
	gitTreeState: 'clean',
	buildDate: '2026-01-01T00:00:00Z',
	goVersion: 'go1.23.8',
	compiler: 'gc',
	platform: 'linux/amd64',
};
