import type {Pod, PodCondition} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import {statusTime} from '../kubelet/pod-worker.js';
import type {RequestContext} from '../server.js';
import {
	ApiError,
	badRequest,
	conflict,
	decode,
	invalid,
	notFound,
	type ProtoFields,
	protoMessage,
	protoObjectMeta,
	protoString,
	readRaw,
	requestMediaType,
	sendJson,
	unwrapProtobuf,
} from './respond.js';
import {isDryRun} from './write-options.js';

// POST pods/{name}/eviction: the Eviction API as kube-apiserver serves it (EvictionREST.Create,
// pkg/registry/core/pod/storage/eviction.go). It takes policy/v1 and policy/v1beta1 Eviction
// bodies, marks the pod with a DisruptionTarget condition and deletes it with the eviction's
// DeleteOptions, and answers 201 with a Status of Success. The sim serves no
// PodDisruptionBudgets, so no budget ever refuses an eviction (no 429).

type DeleteOptions = {
	gracePeriodSeconds?: number | null;
	preconditions?: {uid?: string; resourceVersion?: string} | null;
	dryRun?: string[];
	ignoreStoreReadErrorWithClusterBreakingPotential?: boolean;
};

type Eviction = {apiVersion?: string; kind?: string; metadata?: {name?: string; namespace?: string}; deleteOptions?: DeleteOptions | null};

/** The two versions EvictionREST accepts (AcceptsGroupVersion). */
const versions = new Set(['policy/v1', 'policy/v1beta1']);

/** Eviction in protobuf (k8s.io/api/policy/v1 generated.proto), as client-go's typed clients send it. */
function protoEviction(fields: ProtoFields): Eviction {
	const options = protoMessage(fields, 2);
	const preconditions = protoMessage(options, 2);
	const grace = options?.get(1)?.[0];
	return {
		metadata: protoObjectMeta(protoMessage(fields, 1)),
		...(options
			? {
					deleteOptions: {
						...(typeof grace === 'number' ? {gracePeriodSeconds: grace > 2 ** 63 ? grace - 2 ** 64 : grace} : {}),
						...(preconditions ? {preconditions: {uid: protoString(preconditions, 1), resourceVersion: protoString(preconditions, 2)}} : {}),
						dryRun: (options.get(5) ?? []).filter(Buffer.isBuffer).map(value => value.toString('utf8')),
						...(options.get(6)?.[0] === 1 ? {ignoreStoreReadErrorWithClusterBreakingPotential: true} : {}),
					},
				}
			: {}),
	};
}

async function readEviction(context: RequestContext): Promise<Eviction> {
	const type = requestMediaType(context.request);
	const body = await readRaw(context.request);
	if (type === 'application/vnd.kubernetes.protobuf') {
		const {apiVersion, kind, raw} = unwrapProtobuf(body);
		return {apiVersion, kind, ...protoEviction(raw)};
	}
	const eviction = decode<Eviction | null>(body.toString('utf8'), type === 'application/yaml' ? 'yaml' : 'json');
	if (!eviction || typeof eviction !== 'object') throw badRequest("Object 'Kind' is missing in 'null'");
	return eviction;
}

/** propagateDryRun: the request's dryRun and the eviction's own must agree. */
function deleteOptions(eviction: Eviction, query: URLSearchParams): DeleteOptions {
	const fromQuery = query.getAll('dryRun');
	const options = {...(eviction.deleteOptions ?? {})};
	if (!options.dryRun?.length) options.dryRun = fromQuery;
	else if (fromQuery.length > 0 && JSON.stringify(fromQuery) !== JSON.stringify(options.dryRun)) {
		throw new ApiError(
			500,
			'InternalError',
			`Internal error occurred: Non-matching dry-run options in request and content: [${fromQuery.join(' ')}] and [${options.dryRun.join(' ')}]`,
		);
	}
	return options;
}

/** The condition the Eviction API adds before the delete (addConditionAndDeletePod). */
export function evictionCondition(now: number): PodCondition {
	return {
		type: 'DisruptionTarget',
		status: 'True',
		lastProbeTime: null,
		lastTransitionTime: statusTime(now),
		reason: 'EvictionByEvictionAPI',
		message: 'Eviction API: evicting',
	};
}

/** UpdatePodCondition: replace the condition of that type (keeping its transition time if the status is unchanged) or append it. */
export function withCondition(pod: Pod, condition: PodCondition): Pod {
	const conditions = [...(pod.status?.conditions ?? [])];
	const index = conditions.findIndex(existing => existing.type === condition.type);
	if (index < 0) conditions.push(condition);
	else {
		const before = conditions[index]!;
		conditions[index] = {...condition, ...(before.status === condition.status ? {lastTransitionTime: before.lastTransitionTime} : {})};
	}
	return {...pod, status: {...pod.status, conditions}};
}

export async function evictPod(cluster: Cluster, namespace: string, pod: Pod | undefined, name: string, context: RequestContext): Promise<void> {
	const eviction = await readEviction(context);
	if (eviction.apiVersion !== undefined && !versions.has(eviction.apiVersion)) {
		// No other version has an Eviction kind: the body does not decode (transformDecodeError, handlers/rest.go).
		const kind = eviction.kind ?? 'Eviction';
		const version = eviction.apiVersion.split('/').pop();
		throw badRequest(
			`${kind} in version "${version}" cannot be handled as a Eviction: no kind "${kind}" is registered for version "${eviction.apiVersion}" in scheme "pkg/api/legacyscheme/scheme.go:30"`,
		);
	}
	// EnsureObjectNamespaceMatchesRequestNamespace (create.go), then EvictionREST's own check.
	if (eviction.metadata?.namespace && eviction.metadata.namespace !== namespace) {
		throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
	}
	if (eviction.metadata?.name !== name) throw badRequest('name in URL does not match name in Eviction object');
	if (eviction.deleteOptions?.ignoreStoreReadErrorWithClusterBreakingPotential) {
		throw invalid(
			'Eviction',
			name,
			[
				{
					field: 'deleteOptions.ignoreStoreReadErrorWithClusterBreakingPotential',
					type: 'Invalid',
					value: true,
					detail: 'can not be set for pod eviction, try after removing the option',
				},
			],
			'policy',
		);
	}
	const options = deleteOptions(eviction, context.url.searchParams);
	if (!pod) throw notFound('pods', name);
	const {uid, resourceVersion} = options.preconditions ?? {};
	if (uid && uid !== pod.metadata.uid) {
		throw conflict(
			'Pod',
			name,
			`the UID in the precondition (${uid}) does not match the UID in record (${pod.metadata.uid}). The object might have been deleted and then recreated`,
		);
	}
	if (resourceVersion && resourceVersion !== pod.metadata.resourceVersion) {
		throw conflict(
			'Pod',
			name,
			`the ResourceVersion in the precondition (${resourceVersion}) does not match the ResourceVersion in record (${pod.metadata.resourceVersion}). The object might have been modified`,
		);
	}
	const dryRun = isDryRun(context.url.searchParams) || (options.dryRun ?? []).includes('All');
	if (!dryRun) {
		// With no budget to check, every pod goes the way canIgnorePDB's do: condition, then delete.
		const marked = cluster.pods.update(withCondition(pod, evictionCondition(cluster.clock.now())));
		cluster.worker(marked)?.adopt(marked);
		const grace = options.gracePeriodSeconds ?? undefined;
		cluster.deletePod(namespace, name, grace !== undefined && grace < 0 ? 1 : grace);
	}
	sendJson(context.response, 201, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201});
}
