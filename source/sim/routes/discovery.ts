import {appsResources, batchResources} from '../workloads/resources.js';

// Discovery documents: what kubectl and client-go read to map `pods`, `po`, `events`, `ns`
// to URLs. Both forms kube-apiserver 1.35 serves: the legacy per-group-version documents and
// aggregated discovery (apidiscovery.k8s.io/v2, one request for /api and one for /apis),
// chosen by the client's Accept header.

export type ApiResource = {
	name: string;
	singularName: string;
	namespaced: boolean;
	/** A subresource served in another group's kind (pods/eviction: policy/v1 Eviction). */
	group?: string;
	version?: string;
	kind: string;
	verbs: string[];
	shortNames?: string[];
	categories?: string[];
};

export type ApiResourceList = {kind: 'APIResourceList'; apiVersion?: string; groupVersion: string; resources: ApiResource[]};

const resource = (
	name: string,
	kind: string,
	namespaced: boolean,
	verbs: string[],
	shortNames?: string[],
	singularName = '',
	categories?: string[],
): ApiResource => ({
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
		resource('configmaps', 'ConfigMap', true, readWrite, ['cm'], 'configmap'),
		resource('events', 'Event', true, readWrite, ['ev'], 'event'),
		resource('namespaces', 'Namespace', false, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], ['ns'], 'namespace'),
		resource('nodes', 'Node', false, readWrite, ['no'], 'node'),
		resource('pods', 'Pod', true, readWrite, ['po'], 'pod', ['all']),
		resource('pods/attach', 'PodAttachOptions', true, ['create', 'get']),
		resource('pods/ephemeralcontainers', 'Pod', true, ['get', 'patch', 'update']),
		// kubectl drain finds the Eviction API here by name, kind, group and version (CheckEvictionSupport).
		{name: 'pods/eviction', singularName: '', namespaced: true, group: 'policy', version: 'v1', kind: 'Eviction', verbs: ['create']},
		resource('pods/exec', 'PodExecOptions', true, ['create', 'get']),
		resource('pods/log', 'Pod', true, ['get']),
		resource('pods/portforward', 'PodPortForwardOptions', true, ['create', 'get']),
		resource('pods/status', 'Pod', true, ['get', 'patch', 'update']),
		resource('secrets', 'Secret', true, readWrite, undefined, 'secret'),
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

/** events.k8s.io/v1: the core Events again, converted (routes/events-v1.ts); the same REST, so the same verbs and short name. */
export const eventsResources: ApiResourceList = {
	kind: 'APIResourceList',
	apiVersion: 'v1',
	groupVersion: 'events.k8s.io/v1',
	resources: [resource('events', 'Event', true, readWrite, ['ev'], 'event')],
};

/** A served API group version and, when known, its resources (needed for aggregated discovery). */
export type GroupVersion = {name: string; version: string; resources?: ApiResourceList};

/**
 * Groups the sim serves itself, ahead of those extensions add. Of the review APIs only the
 * self-reviews are served (the ones any user may call), so only they are advertised.
 */
export const builtinGroups: GroupVersion[] = [
	{name: 'apps', version: 'v1', resources: appsResources},
	// kube-apiserver's group priority puts events.k8s.io (17750) after apps (17800), before authentication (17700).
	{name: 'events.k8s.io', version: 'v1', resources: eventsResources},
	{name: 'authentication.k8s.io', version: 'v1', resources: authenticationResources},
	{name: 'authorization.k8s.io', version: 'v1', resources: authorizationResources},
	{name: 'batch', version: 'v1', resources: batchResources},
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

/**
 * Whether the Accept header asks for aggregated discovery. Only v2: in 1.35
 * AggregatedDiscoveryRemoveBetaType is locked on, so negotiation passes over a v2beta1 entry
 * (IsAggregatedDiscoveryGVK, apiserver pkg/endpoints/discovery/aggregated/negotiation.go) and a
 * client that asks only for v2beta1 gets the legacy document.
 */
export function wantsAggregated(accept: string | undefined): boolean {
	for (const part of (accept ?? '').split(',')) {
		const [type, ...params] = part.split(';').map(piece => piece.trim());
		if (type !== 'application/json') continue;
		const values = Object.fromEntries(params.map(param => param.split('=').map(piece => piece.trim()) as [string, string]));
		if (values.g !== 'apidiscovery.k8s.io' || values.as !== 'APIGroupDiscoveryList') continue;
		if (values.v === 'v2') return true;
	}
	return false;
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
								responseKind: {group: sub.group ?? group, version: sub.version ?? version, kind: sub.kind},
								verbs: sub.verbs,
							})),
						}
					: {}),
			};
		}),
		freshness: 'Current',
	};
}

export function aggregatedCore() {
	return {
		kind: 'APIGroupDiscoveryList',
		apiVersion: 'apidiscovery.k8s.io/v2',
		metadata: {},
		items: [{metadata: {creationTimestamp: null}, versions: [discoveryVersion(coreResources, 'v1')]}],
	};
}

/** Undefined when a group's resources are unknown: the legacy documents are served instead. */
export function aggregatedGroups(groups: GroupVersion[]) {
	const items = [];
	for (const group of groups) {
		const resources = resourcesOf(group);
		if (!resources) return undefined;
		items.push({metadata: {name: group.name, creationTimestamp: null}, versions: [discoveryVersion(resources, group.version)]});
	}
	return {kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items};
}

/**
 * GET /version of a kube-apiserver v1.35.4: with the emulation and minimum compatibility
 * versions of apimachinery's version.Info, which a binary at 1.35 sets to 1.35 and 1.34
 * (component-base compatibility/version.go, NewEffectiveVersion), and the Go of v1.35.4's
 * .go-version.
 */
export const version = {
	major: '1',
	minor: '35',
	emulationMajor: '1',
	emulationMinor: '35',
	minCompatibilityMajor: '1',
	minCompatibilityMinor: '34',
	gitVersion: 'v1.35.4+podscope-sim',
	gitCommit: '0000000000000000000000000000000000000000',
	gitTreeState: 'clean',
	buildDate: '2026-01-01T00:00:00Z',
	goVersion: 'go1.25.9',
	compiler: 'gc',
	platform: 'linux/amd64',
};

// --- OpenAPI v3 --------------------------------------------------------------------------

/**
 * The OpenAPI v3 documents kubectl reads before create, replace and apply: for each group
 * version its paths and operations, tagged with their group/version/kind, and the query
 * parameters each takes. kubectl sees `fieldValidation` on the writes and leaves validation
 * to the server. Component schemas are left out: without them kubectl builds strategic merge
 * patches from its compiled-in types, as it does for any type its OpenAPI lookup misses.
 */
export function openapiIndex(groups: GroupVersion[]) {
	const entries: Array<[string, string]> = [['api/v1', '/openapi/v3/api/v1']];
	for (const group of groups) {
		if (resourcesOf(group)) entries.push([`apis/${group.name}/${group.version}`, `/openapi/v3/apis/${group.name}/${group.version}`]);
	}
	return {paths: Object.fromEntries(entries.map(([key, url]) => [key, {serverRelativeURL: `${url}?hash=${hashOf(key)}`}]))};
}

const hashOf = (text: string) => {
	let hash = 0x811c9dc5;
	for (const char of `${version.gitVersion}/${text}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193) >>> 0;
	return hash.toString(16).toUpperCase().padStart(8, '0').repeat(16);
};

const queryParameter = (name: string, description: string) => ({name, in: 'query', description, schema: {type: 'string', uniqueItems: true}});
const writeParameters = [
	queryParameter('dryRun', 'When present, indicates that modifications should not be persisted.'),
	queryParameter('fieldManager', 'fieldManager is a name associated with the actor or entity that is making these changes.'),
	queryParameter(
		'fieldValidation',
		'fieldValidation instructs the server on how to handle objects in the request (POST/PUT/PATCH) containing unknown or duplicate fields. Valid values are: - Ignore - Warn - Strict',
	),
];

/** The document of one group version, or undefined for one the sim does not serve. */
export function openapiDocument(groupVersion: string, groups: GroupVersion[]) {
	const list = groupVersion === 'api/v1' ? coreResources : groups.map(resourcesOf).find(entry => entry && `apis/${entry.groupVersion}` === groupVersion);
	if (!list) return undefined;
	const [group, gvVersion] = list.groupVersion.includes('/') ? list.groupVersion.split('/') : ['', list.groupVersion];
	const prefix = `/${groupVersion}`;
	const paths: Record<string, Record<string, unknown>> = {};
	for (const entry of list.resources) {
		if (entry.name.includes('/')) continue;
		const gvk = {group, version: gvVersion, kind: entry.kind};
		const operation = (verb: string, action: string, id: string, extra: object = {}) =>
			entry.verbs.includes(verb)
				? {
						[verb === 'create'
							? 'post'
							: verb === 'update'
								? 'put'
								: verb === 'list' || verb === 'get'
									? 'get'
									: verb === 'deletecollection'
										? 'delete'
										: verb]: {
							operationId: `${id}${entry.kind}`,
							'x-kubernetes-action': action,
							'x-kubernetes-group-version-kind': gvk,
							...extra,
						},
					}
				: {};
		const collection = entry.namespaced ? `${prefix}/namespaces/{namespace}/${entry.name}` : `${prefix}/${entry.name}`;
		const scope = entry.namespaced ? 'Namespaced' : '';
		paths[collection] = {
			...operation('list', 'list', `list${scope}`),
			...operation('create', 'post', `create${scope}`, {parameters: writeParameters}),
			...operation('deletecollection', 'deletecollection', `deleteCollection${scope}`),
		};
		paths[`${collection}/{name}`] = {
			...operation('get', 'get', `read${scope}`),
			...operation('update', 'put', `replace${scope}`, {parameters: writeParameters}),
			...operation('patch', 'patch', `patch${scope}`, {parameters: [...writeParameters, queryParameter('force', 'Force is going to "force" Apply requests.')]}),
			...operation('delete', 'delete', `delete${scope}`, {parameters: [writeParameters[0]]}),
		};
	}
	return {openapi: '3.0.0', info: {title: 'Kubernetes', version: version.gitVersion}, paths, components: {}};
}
