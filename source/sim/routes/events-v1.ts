import type {ServerResponse} from 'node:http';
import {resourcePath} from './resource-path.js';
import type {Cluster} from '../cluster.js';
import {ConvertedStore} from '../converted-store.js';
import {type CoreEvent, type EventV1, eventsV1Fields, fromEventsV1, toEventsV1} from '../events-v1.js';
import type {Faults} from '../faults.js';
import type {RequestContext} from '../server.js';
import {list, type Resource, sendOne, watch, type WatchOptions} from './collection.js';
import {queryBool} from './query-params.js';
import {eventResource} from './resources.js';
import {badRequest, methodNotAllowed, noSuchResource, notFound, sendJson} from './respond.js';
import {eventPrinter} from './table.js';
import {isDryRun} from './write-options.js';

// events.k8s.io/v1 under /apis/events.k8s.io/v1: list, watch, get and delete of the core
// Events store, converted (events-v1.ts). The Table is the core Event's: both versions share
// one REST storage and its TableConvertor, which prints the internal Event.
// Creates, updates and patches in this version are not served (405).

const group = 'events.k8s.io';

export type EventsV1Options = {cluster: Cluster; faults: Faults; bookmarkSeconds: number; watches: Set<ServerResponse>};

export function eventsV1Resource(cluster: Cluster): {resource: Resource<EventV1>; view: ConvertedStore<CoreEvent, EventV1>} {
	const core = eventResource(cluster);
	const view = new ConvertedStore<CoreEvent, EventV1>(cluster.events, toEventsV1);
	const resource: Resource<EventV1> = {
		plural: 'events',
		listKind: 'EventList',
		kind: 'Event',
		apiVersion: `${group}/v1`,
		store: view.asStore(),
		printer: {columns: eventPrinter.columns, row: (event, now) => eventPrinter.row(fromEventsV1(event), now)},
		namespaced: true,
		fields: Object.keys(eventsV1Fields),
		field: (event, name) => core.field(fromEventsV1(event), eventsV1Fields[name] ?? name),
	};
	return {resource, view};
}

/** The route for /apis/events.k8s.io/v1/...: answers and returns the verb, or undefined for any other path. */
export function eventsV1Routes(options: EventsV1Options): (context: RequestContext) => Promise<string | undefined> {
	const {cluster, faults} = options;
	const {resource, view} = eventsV1Resource(cluster);
	const watchOptions: WatchOptions = {bookmarkSeconds: options.bookmarkSeconds, now: () => cluster.clock.now(), fault: () => faults.watchFault()};
	return async context => {
		const [root, name0, version, ...rest] = context.segments;
		if (root !== 'apis' || name0 !== group || version !== 'v1' || rest.length === 0) return undefined;
		const {request, response} = context;
		const method = request.method ?? 'GET';
		// /apis/events.k8s.io/v1/[watch/][namespaces/{ns}/]events[/{name}]
		const {legacyWatch, namespace, parts} = resourcePath(rest);
		const [plural, name, ...extra] = parts;
		if (plural !== 'events' || extra.length > 0) throw noSuchResource();
		if (name && namespace === undefined) throw noSuchResource();
		const query = context.url.searchParams;
		const isWatch = legacyWatch || queryBool(query, 'watch');
		const now = cluster.clock.now();
		if (!name) {
			if (method !== 'GET') throw methodNotAllowed();
			const verb = isWatch ? 'watch' : 'list';
			context.authorize({verb, resource: 'events', namespace, group});
			if (isWatch) watch(resource, namespace, request, response, query, watchOptions, options.watches);
			else await list(resource, namespace, request, response, query, now);
			return verb;
		}
		if (method === 'GET' && isWatch) {
			context.authorize({verb: 'watch', resource: 'events', namespace, name, group});
			const selector = query.get('fieldSelector');
			if (selector && !selector.split(',').some(term => ['metadata.name=', 'metadata.name=='].some(op => term.replace(/\s/g, '') === `${op}${name}`))) {
				throw badRequest("fieldSelector metadata.name doesn't match requested name");
			}
			query.set('fieldSelector', selector || `metadata.name=${name}`);
			watch(resource, namespace, request, response, query, watchOptions, options.watches);
			return 'watch';
		}
		const object = view.get(namespace, name);
		if (method === 'GET') {
			context.authorize({verb: 'get', resource: 'events', namespace, name, group});
			if (!object) throw notFound('events', name, group);
			sendOne(resource, object, request, response, query, now);
			return 'get';
		}
		if (method === 'DELETE') {
			context.authorize({verb: 'delete', resource: 'events', namespace, name, group});
			if (!object) throw notFound('events', name, group);
			if (!isDryRun(query)) view.delete(namespace, name);
			sendJson(response, 200, {
				kind: 'Status',
				apiVersion: 'v1',
				metadata: {},
				status: 'Success',
				details: {name, group, kind: 'events', uid: object.metadata.uid},
			});
			return 'delete';
		}
		throw methodNotAllowed();
	};
}
