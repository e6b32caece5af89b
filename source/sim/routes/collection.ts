import type {IncomingMessage, ServerResponse} from 'node:http';
import type {ObjectMeta} from '../../model/k8s.js';
import {parseFieldSelector, parseLabelSelector, SelectorError} from '../selectors.js';
import {type Change, type ObjectStore, TooOldError} from '../store.js';
import {ApiError, badRequest, sendJson, statusBody} from './respond.js';
import {type Printer, table, wantsTable} from './table.js';

// list and watch for any stored resource: selectors, chunking (limit/continue), watch
// resume from a resourceVersion, 410 for a resourceVersion the history no longer holds,
// bookmarks, timeoutSeconds, and Table output.

export type Resource<T extends {metadata: ObjectMeta}> = {
	/** Plural name as in the URL and in error messages. */
	plural: string;
	listKind: string;
	kind: string;
	apiVersion: string;
	store: ObjectStore<T>;
	printer?: Printer<T>;
	fields: readonly string[];
	field(object: T, name: string): string | undefined;
	namespaced: boolean;
};

export type WatchOptions = {bookmarkSeconds: number; now(): number};

type Query = URLSearchParams;

function filters<T extends {metadata: ObjectMeta}>(resource: Resource<T>, namespace: string | undefined, query: Query) {
	try {
		const labels = parseLabelSelector(query.get('labelSelector'));
		const fields = parseFieldSelector(query.get('fieldSelector'), resource.fields, resource.field, resource.plural);
		return (object: T) =>
			(namespace === undefined || object.metadata.namespace === namespace) && labels(object.metadata.labels) && fields(object);
	} catch (error) {
		if (error instanceof SelectorError) throw badRequest(error.message);
		throw error;
	}
}

const byKey = (a: {metadata: ObjectMeta}, b: {metadata: ObjectMeta}) => {
	const left = `${a.metadata.namespace ?? ''}/${a.metadata.name}`;
	const right = `${b.metadata.namespace ?? ''}/${b.metadata.name}`;
	return left < right ? -1 : left > right ? 1 : 0;
};

/** List items carry no apiVersion/kind on the wire: the list names the type. */
const bare = <T extends object>(object: T): T => {
	const {apiVersion: _apiVersion, kind: _kind, ...rest} = object as T & {apiVersion?: string; kind?: string};
	return rest as T;
};

export function list<T extends {metadata: ObjectMeta}>(
	resource: Resource<T>,
	namespace: string | undefined,
	request: IncomingMessage,
	response: ServerResponse,
	query: Query,
	now: number,
): void {
	const matches = filters(resource, namespace, query);
	let items = resource.store.list().filter(matches).sort(byKey);
	const resourceVersion = String(resource.store.revision);
	const limit = Number(query.get('limit') ?? 0);
	let continueToken: string | undefined;
	let remaining: number | undefined;
	const token = query.get('continue');
	if (token) {
		let after: string;
		try {
			after = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as {start: string}).start;
		} catch {
			throw badRequest('continue key is not valid: illegal base64 data at input byte 0');
		}
		items = items.filter(item => `${item.metadata.namespace ?? ''}/${item.metadata.name}` > after);
	}
	if (limit > 0 && items.length > limit) {
		remaining = items.length - limit;
		items = items.slice(0, limit);
		const last = items[items.length - 1]!;
		continueToken = Buffer.from(JSON.stringify({rv: resourceVersion, start: `${last.metadata.namespace ?? ''}/${last.metadata.name}`})).toString('base64url');
	}
	const accept = request.headers.accept;
	if (resource.printer && wantsTable(accept)) {
		const includeObject = query.get('includeObject') ?? 'Metadata';
		sendJson(response, 200, table(resource.printer, items, now, {resourceVersion, includeObject, withColumns: true, continueToken, remaining}));
		return;
	}
	sendJson(response, 200, {
		kind: resource.listKind,
		apiVersion: resource.apiVersion,
		metadata: {resourceVersion, ...(continueToken ? {continue: continueToken, remainingItemCount: remaining} : {})},
		items: items.map(bare),
	});
}

export function watch<T extends {metadata: ObjectMeta}>(
	resource: Resource<T>,
	namespace: string | undefined,
	request: IncomingMessage,
	response: ServerResponse,
	query: Query,
	options: WatchOptions,
	connections: Set<ServerResponse>,
): void {
	const matches = filters(resource, namespace, query);
	const asTable = resource.printer !== undefined && wantsTable(request.headers.accept);
	const includeObject = query.get('includeObject') ?? 'Metadata';
	let sentColumns = false;
	const encode = (type: string, object: T | unknown): string => {
		if (asTable && type !== 'ERROR' && type !== 'BOOKMARK') {
			const tableObject = table(resource.printer!, [object as T], options.now(), {
				resourceVersion: (object as T).metadata.resourceVersion ?? '',
				includeObject,
				withColumns: !sentColumns,
			});
			sentColumns = true;
			return JSON.stringify({type, object: tableObject}) + '\n';
		}
		return JSON.stringify({type, object}) + '\n';
	};

	response.writeHead(200, {
		'Content-Type': asTable ? 'application/json;as=Table;v=v1;g=meta.k8s.io' : 'application/json',
		'Cache-Control': 'no-cache, private',
		'Transfer-Encoding': 'chunked',
	});
	response.flushHeaders();
	connections.add(response);

	const rvParam = query.get('resourceVersion');
	const cleanups: Array<() => void> = [];
	const finish = () => {
		for (const cleanup of cleanups.splice(0)) cleanup();
		connections.delete(response);
		if (!response.writableEnded) response.end();
	};
	request.on('close', finish);
	response.on('close', finish);

	const send = (type: string, object: unknown) => {
		if (!response.writableEnded) response.write(encode(type, object));
	};

	const onChange = (change: Change<T>) => {
		const now = matches(change.object);
		const before = change.previous !== undefined && change.type !== 'ADDED' ? matches(change.previous) : false;
		if (change.type === 'DELETED') {
			if (before || now) send('DELETED', change.object);
			return;
		}
		if (now && !before) send('ADDED', change.object);
		else if (now && before) send(change.type, change.object);
		else if (!now && before) send('DELETED', change.object);
	};

	let from: number;
	if (!rvParam || rvParam === '0') {
		from = resource.store.revision;
		for (const object of resource.store.list().filter(matches).sort(byKey)) send('ADDED', object);
	} else {
		from = Number(rvParam);
		if (!Number.isInteger(from) || from < 0) {
			throw new ApiError(400, 'BadRequest', `resourceVersion: Invalid value: "${rvParam}": must be a valid resource version`);
		}
	}
	try {
		cleanups.push(resource.store.watch(from, onChange));
	} catch (error) {
		if (error instanceof TooOldError) {
			// kube-apiserver answers 200 and one ERROR event: the client must relist.
			send('ERROR', statusBody(410, 'Expired', error.message));
			finish();
			return;
		}
		throw error;
	}

	if (query.get('allowWatchBookmarks') === 'true') {
		const timer = setInterval(() => {
			send('BOOKMARK', {kind: resource.kind, apiVersion: resource.apiVersion, metadata: {resourceVersion: String(resource.store.revision)}});
		}, options.bookmarkSeconds * 1000);
		cleanups.push(() => clearInterval(timer));
	}
	const timeoutSeconds = Number(query.get('timeoutSeconds') ?? 0);
	const timeout = setTimeout(finish, (timeoutSeconds > 0 ? timeoutSeconds : 1800) * 1000);
	cleanups.push(() => clearTimeout(timeout));
}
