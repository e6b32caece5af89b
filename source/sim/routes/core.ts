import type {ServerResponse} from 'node:http';
import type {Namespace, Pod} from '../../model/k8s.js';
import type {Cluster} from '../cluster.js';
import type {Faults} from '../faults.js';
import type {RequestContext} from '../server.js';
import {list, type Resource, sendOne, watch, type WatchOptions} from './collection.js';
import {evictPod} from './eviction.js';
import {serveLogs} from './logs.js';
import {createNamespace, deleteNamespace, readNamespace} from './namespaces.js';
import {configKinds, createConfig, readConfigBody} from './config-objects.js';
import {createPod, deletePod} from './pods.js';
import {queryBool} from './query-params.js';
import {type Stored, servedResources} from './resources.js';
import {badRequest, methodNotAllowed, noSuchResource, notFound, readObject, sendJson} from './respond.js';
import {patch, replace} from './update.js';
import {isDryRun} from './write-options.js';

// The core/v1 resources under /api/v1: the URL taken apart, then each verb on a collection
// (list, watch, create) or on one object (get, watch, delete, patch, update, and the pod's
// log), authorized before anything is read.

export type CoreOptions = {
	cluster: Cluster;
	faults: Faults;
	bookmarkSeconds: number;
	/** Open watches, which the server drops with every connection. */
	watches: Set<ServerResponse>;
};

type Core = CoreOptions & {watchOptions: WatchOptions};

/** What a request under /api/v1 names. */
type Target = {resource: Resource<Stored>; plural: string; namespace: string | undefined; isWatch: boolean; now: number};

type ObjectTarget = Target & {name: string; subresource: string | undefined};

/** The route for /api/v1/...: answers and returns the verb, or undefined for any other path. */
export function coreRoutes(options: CoreOptions): (context: RequestContext) => Promise<string | undefined> {
	const resources = servedResources(options.cluster);
	const {cluster, faults} = options;
	const core: Core = {...options, watchOptions: {bookmarkSeconds: options.bookmarkSeconds, now: () => cluster.clock.now(), fault: () => faults.watchFault()}};
	return async context => {
		const now = cluster.clock.now();
		const [root, ...rest] = context.segments;
		if (root !== 'api' || rest[0] !== 'v1') return undefined;
		const method = context.request.method ?? 'GET';

		// /api/v1/[watch/][namespaces/{ns}/]{resource}[/{name}[/{subresource}]]
		let parts = rest.slice(1);
		let legacyWatch = false;
		if (parts[0] === 'watch') {
			legacyWatch = true;
			parts = parts.slice(1);
		}
		let namespace: string | undefined;
		if (parts[0] === 'namespaces' && parts.length >= 3) {
			namespace = parts[1];
			parts = parts.slice(2);
		}
		const [plural, name, subresource, ...extra] = parts;
		const resource = plural ? resources[plural] : undefined;
		if (!resource || extra.length > 0) throw noSuchResource();
		if ((namespace !== undefined) !== resource.namespaced && !(namespace === undefined && !name && method === 'GET')) throw noSuchResource();
		const query = context.url.searchParams;
		const isWatch = legacyWatch || queryBool(query, 'watch');
		const target: Target = {resource, plural: plural!, namespace, isWatch, now};
		if (!name) return collection(context, target, core);
		return one(context, {...target, name, subresource}, core);
	};
}

/** A collection: list, watch, create. */
async function collection(context: RequestContext, target: Target, core: Core): Promise<string> {
	const {request, response, url} = context;
	const {resource, plural, namespace} = target;
	const method = request.method ?? 'GET';
	const query = url.searchParams;
	if (method === 'GET') {
		const verb = target.isWatch ? 'watch' : 'list';
		context.authorize({verb, resource: plural, namespace});
		if (target.isWatch) watch(resource, namespace, request, response, query, core.watchOptions, core.watches);
		else await list(resource, namespace, request, response, query, target.now);
		return verb;
	}
	if (method === 'POST' && plural === 'namespaces' && !namespace) {
		context.authorize({verb: 'create', resource: 'namespaces'});
		const body = await readNamespace(request);
		createNamespace(core.cluster, body, query, response);
		return 'create';
	}
	if (method === 'POST' && plural === 'pods' && namespace) {
		context.authorize({verb: 'create', resource: 'pods', namespace});
		const body = await readObject<Pod>(request);
		createPod(core.cluster, body, namespace, query, response);
		return 'create';
	}
	const configKind = configKinds[plural];
	if (method === 'POST' && configKind && namespace) {
		context.authorize({verb: 'create', resource: plural, namespace});
		createConfig(core.cluster, configKind, await readConfigBody(request, configKind), namespace, query, response);
		return 'create';
	}
	throw methodNotAllowed();
}

/** One object, or its subresource: the pod's log, its status, its ephemeral containers. */
async function one(context: RequestContext, target: ObjectTarget, core: Core): Promise<string> {
	const {request, response, url} = context;
	const {resource, plural, namespace, name, subresource} = target;
	const method = request.method ?? 'GET';
	const query = url.searchParams;
	const {cluster, faults} = core;
	const object = resource.store.get(namespace, name);
	if (subresource === 'log' && plural === 'pods') {
		context.authorize({verb: 'get', resource: 'pods', subresource: 'log', namespace, name});
		if (method !== 'GET') throw methodNotAllowed();
		if (!object) throw notFound('pods', name);
		await serveLogs(cluster, object as unknown as Pod, query, request, response, {
			afterBytes: faults.logBudget(),
			onCut: () => faults.noteLogCut(),
			missesRotation: () => faults.missesRotation(),
		});
		return 'get';
	}
	if (subresource === 'eviction' && plural === 'pods') {
		context.authorize({verb: 'create', resource: 'pods', subresource: 'eviction', namespace, name});
		if (method !== 'POST') throw methodNotAllowed();
		await evictPod(cluster, namespace!, object as unknown as Pod | undefined, name, context);
		return 'create';
	}
	const readable = subresource === undefined || subresource === 'status' || (plural === 'pods' && subresource === 'ephemeralcontainers');
	if (!readable) throw noSuchResource();
	// pods/status takes updates and patches (pod-status-update.ts); other subresources are read here.
	const statusWrite = plural === 'pods' && subresource === 'status' && (method === 'PUT' || method === 'PATCH');
	if (subresource !== undefined && method !== 'GET' && !statusWrite) throw methodNotAllowed();

	if (method === 'GET') return get(context, target, object, core);
	if (method === 'DELETE') {
		context.authorize({verb: 'delete', resource: plural, namespace, name});
		if (plural === 'nodes') throw methodNotAllowed();
		if (!object) throw notFound(plural, name);
		if (plural === 'pods') await deletePod(cluster, object as unknown as Pod, request, response, query);
		else if (plural === 'namespaces') deleteNamespace(cluster, object as unknown as Namespace, query, response);
		else {
			// Events go at once, and the answer is a Status (their strategy returns no object).
			if (!isDryRun(query)) resource.store.delete(namespace, name);
			sendJson(response, 200, {kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: {name, kind: plural, uid: object.metadata.uid}});
		}
		return 'delete';
	}
	if (method === 'PATCH') {
		context.authorize({verb: 'patch', resource: plural, subresource, namespace, name});
		await patch(cluster, resource, plural, namespace, name, object, context, subresource);
		return 'patch';
	}
	if (method === 'PUT') {
		context.authorize({verb: 'update', resource: plural, subresource, namespace, name});
		if (!object) throw notFound(plural, name);
		await replace(cluster, resource, plural, name, object, context, subresource);
		return 'update';
	}
	throw methodNotAllowed();
}

/** GET of one object, or a watch on it alone. */
function get(context: RequestContext, target: ObjectTarget, object: Stored | undefined, core: Core): string {
	const {request, response, url} = context;
	const {resource, plural, namespace, name, subresource} = target;
	const query = url.searchParams;
	if (target.isWatch) {
		context.authorize({verb: 'watch', resource: plural, namespace, name});
		const selector = query.get('fieldSelector');
		if (
			selector &&
			!selector.split(',').some(term => term.replace(/\s/g, '') === `metadata.name=${name}` || term.replace(/\s/g, '') === `metadata.name==${name}`)
		) {
			throw badRequest("fieldSelector metadata.name doesn't match requested name");
		}
		query.set('fieldSelector', selector || `metadata.name=${name}`);
		watch(resource, namespace, request, response, query, core.watchOptions, core.watches);
		return 'watch';
	}
	context.authorize({verb: 'get', resource: plural, subresource, namespace, name});
	if (!object) throw notFound(plural, name);
	sendOne(resource, object, request, response, query, target.now);
	return 'get';
}
