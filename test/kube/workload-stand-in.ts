import type {LabelSelector} from '../../source/model/k8s.js';
import {sendJson, statusBody} from '../../source/sim/routes/respond.js';
import type {RequestContext} from '../../source/sim/server.js';

// Until the sim serves apps/v1 and batch/v1 itself, tests of `podscope logs TYPE/NAME` put
// these routes in front of it: the groups' resource lists and GET of named workload objects
// (only what kubectl's logs reads: the object's spec.selector), with kube-apiserver's
// NotFound text for any other name. The pods are the sim's own, made with the same labels.

export type StandInWorkload = {group: 'apps' | 'batch'; resource: string; namespace: string; name: string; selector: LabelSelector};

const kinds: Record<string, string> = {deployments: 'Deployment', replicasets: 'ReplicaSet', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet', jobs: 'Job'};
const groupResources = {apps: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], batch: ['jobs']};

export function workloadStandIn(workloads: StandInWorkload[]) {
	return ({url, request, response}: RequestContext): boolean => {
		if (request.method !== 'GET') return false;
		const list = /^\/apis\/(apps|batch)\/v1$/.exec(url.pathname);
		if (list) {
			const group = list[1] as 'apps' | 'batch';
			sendJson(response, 200, {
				kind: 'APIResourceList',
				apiVersion: 'v1',
				groupVersion: `${group}/v1`,
				resources: groupResources[group].map(name => ({name, singularName: name.slice(0, -1), namespaced: true, kind: kinds[name], verbs: ['get', 'list']})),
			});
			return true;
		}
		const item = /^\/apis\/(apps|batch)\/v1\/namespaces\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(url.pathname);
		if (!item) return false;
		const [, group, namespace, resource, name] = item as unknown as [string, string, string, string, string];
		const found = workloads.find(w => w.group === group && w.namespace === namespace && w.resource === resource && w.name === name);
		if (found) sendJson(response, 200, {apiVersion: `${group}/v1`, kind: kinds[resource], metadata: {name, namespace}, spec: {selector: found.selector}});
		else sendJson(response, 404, statusBody(404, 'NotFound', `${resource}.${group} "${name}" not found`, {name, group, kind: resource}));
		return true;
	};
}
