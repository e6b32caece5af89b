import {randomUUID} from 'node:crypto';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Namespace} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import {statusTime} from '../kubelet/pod-worker.js';
import {namespaceConditions} from '../namespace-conditions.js';
import {metadataErrors} from '../pod-defaults.js';
import {
	ApiError,
	badRequest,
	type FieldError,
	invalid,
	protoMessage,
	protoObjectMeta,
	readObject,
	readRaw,
	requestMediaType,
	sendJson,
	unwrapProtobuf,
} from './respond.js';
import {isDryRun} from './write-options.js';

// Namespace writes: create (generateName, the name label the apiserver adds) and delete,
// which leaves the namespace Terminating until the namespace controller has emptied it.

/** The body of a namespace create: kubectl create namespace sends protobuf, as its typed client does. */
export async function readNamespace(request: IncomingMessage): Promise<Namespace> {
	return requestMediaType(request) === 'application/vnd.kubernetes.protobuf'
		? ({metadata: protoObjectMeta(protoMessage(unwrapProtobuf(await readRaw(request)).raw, 1))} as Namespace)
		: await readObject<Namespace>(request);
}

export function createNamespace(cluster: Cluster, body: Namespace, query: URLSearchParams, response: ServerResponse): void {
	if (!body || typeof body !== 'object') throw badRequest("Object 'Kind' is missing in 'null'");
	const generated = !body.metadata?.name && body.metadata?.generateName ? `${body.metadata.generateName}${randomUUID().slice(0, 5)}` : undefined;
	const name = body.metadata?.name || generated || '';
	const errors: FieldError[] = [];
	if (!name) errors.push({field: 'metadata.name', type: 'Required', detail: 'name or generateName is required'});
	else if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name) || name.length > 63) {
		errors.push({
			field: 'metadata.name',
			type: 'Invalid',
			value: name,
			detail:
				"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')",
		});
	}
	errors.push(...(metadataErrors(body.metadata) as FieldError[]));
	if (errors.length > 0) throw invalid('Namespace', name, errors);
	if (cluster.namespaces.get(undefined, name)) throw new ApiError(409, 'AlreadyExists', `namespaces "${name}" already exists`, {name, kind: 'namespaces'});
	const namespace: Namespace = {
		apiVersion: 'v1',
		kind: 'Namespace',
		metadata: {
			...body.metadata,
			name,
			uid: randomUUID(),
			creationTimestamp: statusTime(cluster.clock.now()),
			// The apiserver labels every namespace with its own name.
			labels: {...body.metadata?.labels, 'kubernetes.io/metadata.name': name},
		},
		spec: {finalizers: ['kubernetes']},
		status: {phase: 'Active'},
	};
	delete namespace.metadata.generateName;
	sendJson(response, 201, isDryRun(query) ? namespace : cluster.namespaces.create(namespace));
}

/** Namespace deletion: Terminating until the namespace controller has emptied it. */
export function deleteNamespace(cluster: Cluster, namespace: Namespace, query: URLSearchParams, response: ServerResponse): void {
	const name = namespace.metadata.name;
	if (['default', 'kube-system', 'kube-public'].includes(name)) {
		throw new ApiError(403, 'Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, {name, kind: 'namespaces'});
	}
	if (namespace.metadata.deletionTimestamp) {
		sendJson(response, 200, namespace);
		return;
	}
	const terminating: Namespace = {
		...namespace,
		metadata: {...namespace.metadata, deletionTimestamp: statusTime(cluster.clock.now())},
		status: {...namespace.status, phase: 'Terminating'},
	};
	if (isDryRun(query)) {
		sendJson(response, 200, terminating);
		return;
	}
	const stored = cluster.namespaces.update(terminating);
	for (const pod of cluster.pods.list().filter(pod => pod.metadata.namespace === name)) cluster.deletePod(name, pod.metadata.name);
	// The namespace controller deletes the workloads too; the garbage collector takes their pods.
	for (const store of cluster.workloads.all())
		for (const object of store.list().filter(item => item.metadata.namespace === name)) store.delete(name, object.metadata.name);
	const timer = setInterval(() => {
		const remaining = cluster.pods.list().filter(pod => pod.metadata.namespace === name);
		const current = cluster.namespaces.get(undefined, name);
		if (current && current.metadata.uid === namespace.metadata.uid) {
			// What keeps it Terminating, as the namespace controller reports it (a pod's finalizers, say).
			const conditions = namespaceConditions(current.status?.conditions, remaining, statusTime(cluster.clock.now()));
			cluster.namespaces.update({...current, status: {...current.status, conditions}});
		}
		if (remaining.length > 0) return;
		clearInterval(timer);
		for (const event of cluster.events.list().filter(event => event.metadata.namespace === name)) cluster.events.delete(name, event.metadata.name);
		for (const store of [cluster.configMaps, cluster.secrets] as const) {
			for (const object of store.list().filter(object => object.metadata.namespace === name)) store.delete(name, object.metadata.name);
		}
		if (cluster.namespaces.get(undefined, name)?.metadata.uid === namespace.metadata.uid) cluster.namespaces.delete(undefined, name);
	}, 100);
	timer.unref();
	sendJson(response, 200, stored);
}
