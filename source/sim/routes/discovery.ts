// Discovery documents: what kubectl and client-go read to map `pods`, `po`, `events`, `ns`
// to URLs. Both forms kube-apiserver 1.32 serves: the legacy per-group-version documents and
// aggregated discovery (apidiscovery.k8s.io/v2, one request for /api and one for /apis),
// chosen by the client's Accept header.

export type ApiResource = {
	name: string;
	singularName: string;
	namespaced: boolean;
	kind: string;
	verbs: string[];
	shortNames?: string[];
	categories?: string[];
};

export type ApiResourceList = {kind: 'APIResourceList'; apiVersion?: string; groupVersion: string; resources: ApiResource[]};

const resource = (name: string, kind: string, namespaced: boolean, verbs: string[], shortNames?: string[], singularName = '', categories?: string[]): ApiResource => ({
	name,
	singularName,
	namespaced,
	kind,
	verbs,
	...(shortNames ? {shortNames} : {}),
	...(categories ? {categories} : {}),
});

const readWrite = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const coreResources: ApiResourceList = {
	kind: 'APIResourceList',
	groupVersion: 'v1',
	resources: [
		resource('events', 'Event', true, readWrite, ['ev'], 'event'),
		resource('namespaces', 'Namespace', false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], ['ns'], 'namespace'),
		resource('nodes', 'Node', false, readWrite, ['no'], 'node'),
		resource('pods', 'Pod', true, readWrite, ['po'], 'pod', ['all']),
		resource('pods/attach', 'PodAttachOptions', true, ['create', 'get']),
		resource('pods/ephemeralcontainers', 'Pod', true, ['get', 'patch', 'update']),
		resource('pods/exec', 'PodExecOptions', true, ['create', 'get']),
		resource('pods/log', 'Pod', true, ['get']),
		resource('pods/status', 'Pod', true, ['get', 'patch', 'update']),
	],
};

export const metricsResources: ApiResourceList = {
	kind: 'APIResourceList',
	apiVersion: 'v1',
	groupVersion: 'metrics.k8s.io/v1beta1',
	resources: [resource('nodes', 'NodeMetrics', false, ['get', 'list']), resource('pods', 'PodMetrics', true, ['get', 'list'])],
};

export const authorizationResources: ApiResourceList = {
	kind: 'APIResourceList',
	apiVersion: 'v1',
	groupVersion: 'authorization.k8s.io/v1',
	resources: [
		resource('selfsubjectaccessreviews', 'SelfSubjectAccessReview', false, ['create']),
		resource('selfsubjectrulesreviews', 'SelfSubjectRulesReview', false, ['create']),
	],
};

export const authenticationResources: ApiResourceList = {
	kind: 'APIResourceList',
	apiVersion: 'v1',
	groupVersion: 'authentication.k8s.io/v1',
	resources: [resource('selfsubjectreviews', 'SelfSubjectReview', false, ['create'])],
};

/** A served API group version and, when known, its resources (needed for aggregated discovery). */
export type GroupVersion = {name: string; version: string; resources?: ApiResourceList};

/**
 * Groups the sim serves itself, ahead of those extensions add. Of the review APIs only the
 * self-reviews are served (the ones any user may call), so only they are advertised.
 */
export const builtinGroups: GroupVersion[] = [
	{name: 'authentication.k8s.io', version: 'v1', resources: authenticationResources},
	{name: 'authorization.k8s.io', version: 'v1', resources: authorizationResources},
];

const knownResources: Record<string, ApiResourceList> = {'metrics.k8s.io/v1beta1': metricsResources};

export function apiVersions(serverAddress: string) {
	return {kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{clientCIDR: '0.0.0.0/0', serverAddress}]};
}

export function apiGroups(groups: GroupVersion[]) {
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

export function resourcesOf(group: GroupVersion): ApiResourceList | undefined {
	return group.resources ?? knownResources[`${group.name}/${group.version}`];
}

// --- Aggregated discovery ----------------------------------------------------------------

export const aggregatedV2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const aggregatedV2Beta1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

/** The aggregated discovery version the Accept header asks for first, if any. */
export function aggregatedVersion(accept: string | undefined): 'v2' | 'v2beta1' | undefined {
	for (const part of (accept ?? '').split(',')) {
		const [type, ...params] = part.split(';').map(piece => piece.trim());
		if (type !== 'application/json') continue;
		const values = Object.fromEntries(params.map(param => param.split('=').map(piece => piece.trim()) as [string, string]));
		if (values.g !== 'apidiscovery.k8s.io' || values.as !== 'APIGroupDiscoveryList') continue;
		if (values.v === 'v2' || values.v === 'v2beta1') return values.v;
	}
	return undefined;
}

function discoveryVersion(list: ApiResourceList, version: string) {
	const group = list.groupVersion.includes('/') ? list.groupVersion.split('/')[0]! : '';
	const parents = list.resources.filter(entry => !entry.name.includes('/'));
	return {
		version,
		resources: parents.map(parent => {
			const subresources = list.resources.filter(entry => entry.name.startsWith(`${parent.name}/`));
			return {
				resource: parent.name,
				responseKind: {group, version, kind: parent.kind},
				scope: parent.namespaced ? 'Namespaced' : 'Cluster',
				singularResource: parent.singularName || parent.kind.toLowerCase(),
				verbs: parent.verbs,
				...(parent.shortNames ? {shortNames: parent.shortNames} : {}),
				...(parent.categories ? {categories: parent.categories} : {}),
				...(subresources.length
					? {
							subresources: subresources.map(sub => ({
								subresource: sub.name.slice(parent.name.length + 1),
								responseKind: {group, version, kind: sub.kind},
								verbs: sub.verbs,
							})),
						}
					: {}),
			};
		}),
		freshness: 'Current',
	};
}

export function aggregatedCore(version: 'v2' | 'v2beta1') {
	return {
		kind: 'APIGroupDiscoveryList',
		apiVersion: `apidiscovery.k8s.io/${version}`,
		metadata: {},
		items: [{metadata: {creationTimestamp: null}, versions: [discoveryVersion(coreResources, 'v1')]}],
	};
}

/** Undefined when a group's resources are unknown: the legacy documents are served instead. */
export function aggregatedGroups(groups: GroupVersion[], version: 'v2' | 'v2beta1') {
	const items = [];
	for (const group of groups) {
		const resources = resourcesOf(group);
		if (!resources) return undefined;
		items.push({metadata: {name: group.name, creationTimestamp: null}, versions: [discoveryVersion(resources, group.version)]});
	}
	return {kind: 'APIGroupDiscoveryList', apiVersion: `apidiscovery.k8s.io/${version}`, metadata: {}, items};
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
