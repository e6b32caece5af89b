import type {ServerResponse} from 'node:http';
import {resourcePath} from './resource-path.js';
import type {RequestContext} from '../server.js';
import type {ControllerManager} from '../workloads/controller-manager.js';
import {workloadResources} from '../workloads/resources.js';
import {list, sendOne, watch, type WatchOptions} from './collection.js';
import {queryBool} from './query-params.js';
import {badRequest, methodNotAllowed, noSuchResource, notFound} from './respond.js';
import {createWorkload, deleteWorkloadRequest, writeWorkload} from './workload-writes.js';

// apps/v1 and batch/v1 under /apis/{group}/v1: the URL taken apart, authorized, and each verb
// handed to the shared list/watch code or to the workload writes. Discovery of the groups is
// in discovery.ts, with the other built-in groups.

const versions: Record<string, string> = {apps: 'v1', batch: 'v1'};

/** An extension route: answers and returns true for the workload resources' paths. */
export function workloadRoutes(manager: ControllerManager, watchOptions: WatchOptions): (context: RequestContext) => Promise<boolean> {
	const resources = workloadResources(manager.context.stores);
	const watches = new Set<ServerResponse>();
	return async context => {
		const [root, group, version, ...rest] = context.segments;
		if (root !== 'apis' || !group || !versions[group] || version !== versions[group] || rest.length === 0) return false;
		const {legacyWatch, namespace, parts} = resourcePath(rest);
		const [plural, name, subresource, ...extra] = parts;
		const resource = plural ? resources[group]![plural] : undefined;
		if (!resource || extra.length > 0) throw noSuchResource();
		const method = context.request.method ?? 'GET';
		const query = context.url.searchParams;
		const isWatch = legacyWatch || queryBool(query, 'watch');
		const now = manager.context.now();
		const attributes = {resource: plural!, namespace, name, subresource, group};
		if (!name) {
			if (method === 'GET') {
				const verb = isWatch ? 'watch' : 'list';
				context.authorize({...attributes, verb});
				if (isWatch) watch(resource, namespace, context.request, context.response, query, watchOptions, watches);
				else await list(resource, namespace, context.request, context.response, query, now);
				return true;
			}
			if (method === 'POST' && namespace && resource.kind !== ('ControllerRevision' as string)) {
				context.authorize({...attributes, verb: 'create'});
				await createWorkload(context, manager, resource, namespace);
				return true;
			}
			throw methodNotAllowed();
		}
		if (!namespace) throw noSuchResource();
		if (subresource !== undefined && subresource !== 'status' && subresource !== 'scale') throw noSuchResource();
		if (method === 'GET' && isWatch) {
			context.authorize({...attributes, verb: 'watch'});
			const selector = query.get('fieldSelector');
			if (selector && !selector.split(',').some(term => term.replace(/\s/g, '').replace('==', '=') === `metadata.name=${name}`)) {
				throw badRequest("fieldSelector metadata.name doesn't match requested name");
			}
			query.set('fieldSelector', selector || `metadata.name=${name}`);
			watch(resource, namespace, context.request, context.response, query, watchOptions, watches);
			return true;
		}
		if (method === 'GET' && subresource !== 'scale') {
			context.authorize({...attributes, verb: 'get'});
			const object = resource.store.get(namespace, name);
			if (!object) throw notFound(plural!, name, group);
			sendOne(resource, object, context.request, context.response, query, now);
			return true;
		}
		const verbs: Record<string, string> = {GET: 'get', PUT: 'update', PATCH: 'patch', DELETE: 'delete'};
		const verb = verbs[method];
		if (!verb || (verb === 'delete' && subresource)) throw methodNotAllowed();
		context.authorize({...attributes, verb});
		if (verb === 'delete') await deleteWorkloadRequest(context, manager, {resource, namespace, name});
		else await writeWorkload(context, manager, {resource, namespace, name, subresource}, method);
		return true;
	};
}
