import type {Pod} from '../../model/k8s.js';
import type {Cluster, Node} from '../cluster.js';
import {statusTime} from '../kubelet/pod-worker.js';
import type {ContainerSlot} from '../kubelet/container-slot.js';
import {parseLabelSelector, SelectorError} from '../selectors.js';
import type {RequestContext} from '../server.js';
import {metricsResources} from './discovery.js';
import {ApiError, badRequest, notFound, sendJson} from './respond.js';

// metrics.k8s.io/v1beta1 as k3s's bundled metrics-server serves it: PodMetrics with
// per-container usage of running containers (CPU in nanocores, memory in KiB) and
// NodeMetrics, with the window and scrape timestamp of its last collection.

const group = 'metrics.k8s.io';
const version = 'v1beta1';
export const metricsGroup = {name: group, version};

/** metrics-server's scrape interval (--metric-resolution=15s). */
const resolutionMs = 15_000;
/** What an idle process holds, for containers whose behaviour declares nothing. */
const idleMillicores = 1;
const idleMebibytes = 4;
/** The node's own use besides the pods: kubelet, containerd, k3s. */
const systemMillicores = 180;
const systemMebibytes = 720;

const nanocores = (millicores: number) => `${Math.round(millicores * 1_000_000)}n`;
const kibibytes = (mebibytes: number) => `${Math.round(mebibytes * 1024)}Ki`;

function slotUsage(slot: ContainerSlot): {cpu: number; memory: number} {
	return {cpu: slot.behaviour.cpu ?? idleMillicores, memory: slot.memoryMi > 0 ? slot.memoryMi : idleMebibytes};
}

function runningSlots(cluster: Cluster, pod: Pod): ContainerSlot[] {
	return cluster.worker(pod)?.slots.filter(slot => slot.running) ?? [];
}

/** Usage is reported as of the last scrape, a little before now. */
function scrape(cluster: Cluster) {
	const now = cluster.clock.now();
	return {timestamp: statusTime(now - (now % resolutionMs)), window: `${resolutionMs / 1000}s`, now: statusTime(now)};
}

function podMetrics(cluster: Cluster, pod: Pod) {
	const slots = runningSlots(cluster, pod);
	if (slots.length === 0) return undefined;
	const {timestamp, window, now} = scrape(cluster);
	return {
		metadata: {
			name: pod.metadata.name,
			namespace: pod.metadata.namespace,
			creationTimestamp: now,
			...(pod.metadata.labels ? {labels: pod.metadata.labels} : {}),
		},
		timestamp,
		window,
		containers: slots.map(slot => {
			const usage = slotUsage(slot);
			return {name: slot.name, usage: {cpu: nanocores(usage.cpu), memory: kibibytes(usage.memory)}};
		}),
	};
}

function nodeMetrics(cluster: Cluster, node: Node) {
	let cpu = systemMillicores;
	let memory = systemMebibytes;
	for (const pod of cluster.pods.list()) {
		if (pod.spec.nodeName !== node.metadata.name) continue;
		for (const slot of runningSlots(cluster, pod)) {
			const usage = slotUsage(slot);
			cpu += usage.cpu;
			memory += usage.memory;
		}
	}
	const {timestamp, window, now} = scrape(cluster);
	return {
		metadata: {name: node.metadata.name, creationTimestamp: now, labels: node.metadata.labels},
		timestamp,
		window,
		usage: {cpu: nanocores(cpu), memory: kibibytes(memory)},
	};
}

function matcher(query: URLSearchParams) {
	try {
		return parseLabelSelector(query.get('labelSelector'));
	} catch (error) {
		if (error instanceof SelectorError) throw badRequest(error.message);
		throw error;
	}
}

const list = (kind: string, items: unknown[]) => ({kind, apiVersion: `${group}/${version}`, metadata: {}, items});

export function metricsRoutes(context: RequestContext): boolean {
	const {segments, request, response, cluster, url} = context;
	if (segments[0] !== 'apis' || segments[1] !== group) return false;
	if ((request.method ?? 'GET') !== 'GET') throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
	const rest = segments.slice(2);
	if (rest.length === 0) {
		const groupVersion = {groupVersion: `${group}/${version}`, version};
		sendJson(response, 200, {kind: 'APIGroup', apiVersion: 'v1', name: group, versions: [groupVersion], preferredVersion: groupVersion});
		return true;
	}
	if (rest[0] !== version) throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
	let parts = rest.slice(1);
	if (parts.length === 0) {
		sendJson(response, 200, metricsResources);
		return true;
	}
	let namespace: string | undefined;
	if (parts[0] === 'namespaces' && parts.length >= 3) {
		namespace = parts[1];
		parts = parts.slice(2);
	}
	const [resource, name, ...extra] = parts;
	if ((resource !== 'pods' && resource !== 'nodes') || extra.length > 0 || (resource === 'nodes' && namespace !== undefined)) {
		throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
	}
	context.authorize({verb: name ? 'get' : 'list', resource, group, namespace, name});
	const matches = matcher(url.searchParams);

	if (resource === 'nodes') {
		if (name) {
			const node = cluster.nodes.get(undefined, name);
			if (!node) throw notFound('nodemetrics', name, group);
			sendJson(response, 200, {kind: 'NodeMetrics', apiVersion: `${group}/${version}`, ...nodeMetrics(cluster, node)});
			return true;
		}
		const items = cluster.nodes
			.list()
			.filter(node => matches(node.metadata.labels))
			.map(node => nodeMetrics(cluster, node));
		sendJson(response, 200, list('NodeMetricsList', items));
		return true;
	}

	if (name) {
		const pod = namespace ? cluster.pods.get(namespace, name) : undefined;
		const metrics = pod ? podMetrics(cluster, pod) : undefined;
		if (!metrics) throw notFound('podmetrics', name, group);
		sendJson(response, 200, {kind: 'PodMetrics', apiVersion: `${group}/${version}`, ...metrics});
		return true;
	}
	const items = cluster.pods
		.list()
		.filter(pod => (namespace === undefined || pod.metadata.namespace === namespace) && matches(pod.metadata.labels))
		.sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`))
		.map(pod => podMetrics(cluster, pod))
		.filter(metrics => metrics !== undefined);
	sendJson(response, 200, list('PodMetricsList', items));
	return true;
}
