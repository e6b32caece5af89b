import type {IncomingMessage, ServerResponse} from 'node:http';
import type {ObjectMeta} from '../../model/k8s.js';
import {parseFieldSelector, parseLabelSelector, SelectorError} from '../selectors.js';
import {type Change, type ObjectStore, TooOldError} from '../store.js';
import {ApiError, badRequest, type FieldError, invalid, type Negotiated, negotiate, sendBody, statusBody} from './respond.js';
import {queryBool, queryInteger, queryOptionalBool} from './query-params.js';
import {partialMetadata, type Printer, table} from './table.js';

// list and watch as kube-apiserver serves them: selectors, resourceVersion semantics
// (unset, "0", NotOlderThan, Exact), chunking with continue tokens that read a consistent
// snapshot, 410 Expired when history is gone, watch resume, sendInitialEvents, bookmarks,
// timeoutSeconds, and Table / PartialObjectMetadata output.

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

export type WatchOptions = {
	bookmarkSeconds: number;
	now(): number;
	/** Fault injection: an ERROR event (410 or 500) to answer this watch with instead. */
	fault?(): ReturnType<typeof statusBody> | undefined;
};

type Query = URLSearchParams;
type Stored = {metadata: ObjectMeta};

function filters<T extends Stored>(resource: Resource<T>, namespace: string | undefined, query: Query) {
	try {
		const labels = parseLabelSelector(query.get('labelSelector'));
		const fields = parseFieldSelector(query.get('fieldSelector'), resource.fields, resource.field, resource.plural);
		return (object: T) => (namespace === undefined || object.metadata.namespace === namespace) && labels(object.metadata.labels) && fields(object);
	} catch (error) {
		if (error instanceof SelectorError) throw badRequest(error.message);
		throw error;
	}
}

const hasSelectors = (query: Query) => Boolean(query.get('labelSelector') || query.get('fieldSelector'));

/** The etcd key under the list's prefix: objects list in this (byte) order. */
const relativeKey = (object: Stored, namespace: string | undefined, namespaced: boolean) =>
	namespaced && namespace === undefined ? `${object.metadata.namespace ?? ''}/${object.metadata.name}` : object.metadata.name;

const byKey = (a: {key: string}, b: {key: string}) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** List items carry no apiVersion/kind on the wire: the list names the type. */
const bare = <T extends object>(object: T): T => {
	const {apiVersion: _apiVersion, kind: _kind, ...rest} = object as T & {apiVersion?: string; kind?: string};
	return rest as T;
};

// --- Query parameters -------------------------------------------------------------------

function parseResourceVersion(raw: string): number {
	if (!/^\d+$/.test(raw)) {
		throw badRequest(
			`invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(raw)}: strconv.ParseUint: parsing ${JSON.stringify(raw)}: invalid syntax`,
		);
	}
	return Number(raw);
}

/** metainternalversion ValidateListOptions, for list and for watch. */
function validateListOptions(query: Query, isWatch: boolean): void {
	const errors: FieldError[] = [];
	const match = query.get('resourceVersionMatch') ?? '';
	const rv = query.get('resourceVersion') ?? '';
	const sendInitialEvents = queryOptionalBool(query, 'sendInitialEvents');
	const hasContinue = Boolean(query.get('continue'));
	if (isWatch) {
		if (sendInitialEvents !== undefined && match !== 'NotOlderThan') {
			errors.push({field: 'resourceVersionMatch', type: 'Forbidden', detail: 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'});
		}
		if (match) {
			if (sendInitialEvents === undefined) {
				errors.push({
					field: 'resourceVersionMatch',
					type: 'Forbidden',
					detail: 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
				});
			}
			if (match !== 'NotOlderThan')
				errors.push({field: 'resourceVersionMatch', type: 'NotSupported', value: match, detail: 'supported values: "NotOlderThan"'});
			if (hasContinue) errors.push({field: 'resourceVersionMatch', type: 'Forbidden', detail: 'resourceVersionMatch is forbidden when continue is provided'});
		}
	} else {
		if (match) {
			if (!rv) errors.push({field: 'resourceVersionMatch', type: 'Forbidden', detail: 'resourceVersionMatch is forbidden unless resourceVersion is provided'});
			if (hasContinue) errors.push({field: 'resourceVersionMatch', type: 'Forbidden', detail: 'resourceVersionMatch is forbidden when continue is provided'});
			if (match !== 'Exact' && match !== 'NotOlderThan') {
				errors.push({field: 'resourceVersionMatch', type: 'NotSupported', value: match, detail: 'supported values: "Exact", "NotOlderThan", ""'});
			}
			if (match === 'Exact' && rv === '0') {
				errors.push({field: 'resourceVersionMatch', type: 'Forbidden', detail: 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'});
			}
		}
		if (sendInitialEvents !== undefined) errors.push({field: 'sendInitialEvents', type: 'Forbidden', detail: 'sendInitialEvents is forbidden for list'});
	}
	if (errors.length > 0) throw invalid('ListOptions', '', errors, 'meta.k8s.io');
}

// --- Snapshots --------------------------------------------------------------------------

/**
 * The store's objects as they were at `revision`, rebuilt by undoing the newer changes the
 * history still holds (etcd's MVCC read at a revision). Throws TooOldError once compacted.
 */
function stateAt<T extends Stored>(store: ObjectStore<T>, revision: number): T[] {
	if (revision >= store.revision) return store.list();
	const newer: Array<Change<T>> = [];
	store.watch(revision, change => newer.push(change))();
	const objects = new Map(store.list().map(object => [`${object.metadata.namespace ?? ''}/${object.metadata.name}`, object]));
	for (const change of newer.reverse()) {
		const id = `${change.object.metadata.namespace ?? ''}/${change.object.metadata.name}`;
		if (change.type === 'ADDED') objects.delete(id);
		else if (change.previous) objects.set(id, change.previous);
	}
	return [...objects.values()];
}

/** A newer resourceVersion than the store has: the apiserver waits ~3 s for it, then 504s. */
async function awaitRevision(store: ObjectStore<Stored>, revision: number): Promise<void> {
	const deadline = Date.now() + 3000;
	while (store.revision < revision) {
		if (Date.now() >= deadline) {
			throw new ApiError(504, 'Timeout', `Timeout: Too large resource version: ${revision}, current: ${store.revision}`, {
				causes: [{reason: 'ResourceVersionTooLarge', message: 'Too large resource version'}],
				retryAfterSeconds: 1,
			});
		}
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

// --- Continue tokens --------------------------------------------------------------------

type ContinueToken = {v: string; rv: number; start: string};

const encodeContinue = (rv: number, start: string) => Buffer.from(JSON.stringify({v: 'meta.k8s.io/v1', rv, start})).toString('base64url');

function decodeContinue(token: string): ContinueToken {
	const invalidToken = (why: string) => badRequest(`invalid continue token: continue key is not valid: ${why}`);
	const bad = /[^A-Za-z0-9_-]/.exec(token);
	if (bad) throw invalidToken(`illegal base64 data at input byte ${bad.index}`);
	if (token.length % 4 === 1) throw invalidToken(`illegal base64 data at input byte ${token.length - 1}`);
	let parsed: Partial<ContinueToken>;
	try {
		parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Partial<ContinueToken>;
	} catch (error) {
		throw invalidToken((error as Error).message);
	}
	if (parsed.v !== 'meta.k8s.io/v1')
		throw badRequest(`invalid continue token: continue key is not valid: server does not recognize this encoded version ${parsed.v ?? ''}`);
	if (!parsed.rv) throw badRequest('invalid continue token: continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
	if (!parsed.start) throw badRequest('invalid continue token: continue key is not valid: encoded start key empty');
	return {v: parsed.v, rv: parsed.rv, start: parsed.start};
}

const inconsistentContinue =
	'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

// --- Encoding ---------------------------------------------------------------------------

function encodeOne<T extends Stored>(resource: Resource<T>, object: T, negotiated: Negotiated, now: number, query: Query, withColumns: boolean): unknown {
	if (negotiated.shape === 'partial') return partialMetadata(object.metadata, negotiated.version);
	if (negotiated.shape === 'table' && resource.printer) {
		return table(resource.printer, [object], now, {
			resourceVersion: object.metadata.resourceVersion ?? '',
			includeObject: query.get('includeObject') ?? 'Metadata',
			withColumns,
			version: negotiated.version,
		});
	}
	return object;
}

/** Accept negotiation for a resource: Tables only where a printer exists (all of ours). */
export function negotiateFor(resource: {printer?: unknown}, request: IncomingMessage): Negotiated {
	return negotiate(request.headers.accept, {table: resource.printer !== undefined});
}

/** GET of one object, in the representation the client negotiated. */
export function sendOne<T extends Stored>(
	resource: Resource<T>,
	object: T,
	request: IncomingMessage,
	response: ServerResponse,
	query: Query,
	now: number,
): void {
	const negotiated = negotiateFor(resource, request);
	sendBody(response, 200, encodeOne(resource, object, negotiated, now, query, true), negotiated.format);
}

// --- list -------------------------------------------------------------------------------

/** What a list reads: the objects at its revision, where a continue token left off, and the page size. */
type ListSnapshot<T> = {revision: number; objects: T[]; start?: string; limit: number};

/** resourceVersion and continue semantics: which revision a list reads, and from where. */
async function listSnapshot<T extends Stored>(resource: Resource<T>, query: Query): Promise<ListSnapshot<T>> {
	const store = resource.store as unknown as ObjectStore<Stored>;
	const rvParam = query.get('resourceVersion') ?? '';
	const match = query.get('resourceVersionMatch') ?? '';
	const limit = queryInteger(query, 'limit') ?? 0;
	const token = query.get('continue');

	if (token) {
		if (rvParam && rvParam !== '0') throw badRequest('specifying resource version is not allowed when using continue');
		const decoded = decodeContinue(token);
		const start = decoded.start;
		if (decoded.rv < 0) return {revision: store.revision, objects: resource.store.list(), start, limit};
		try {
			return {revision: decoded.rv, objects: stateAt(resource.store, decoded.rv), start, limit};
		} catch (error) {
			if (!(error instanceof TooOldError)) throw error;
			// etcd compacted the revision: offer the rest at the latest revision instead.
			throw new ApiError(410, 'Expired', inconsistentContinue, undefined, {continue: encodeContinue(-1, decoded.start)});
		}
	}
	if (!rvParam) return {revision: store.revision, objects: resource.store.list(), limit};
	if (rvParam === '0') {
		// Served from the watch cache, which does not paginate.
		return {revision: store.revision, objects: resource.store.list(), limit: 0};
	}
	const requested = parseResourceVersion(rvParam);
	// A paged list at a resourceVersion reads exactly that revision (the legacy default).
	const exact = match === 'Exact' || (match === '' && limit > 0);
	await awaitRevision(store, requested);
	if (!exact) return {revision: store.revision, objects: resource.store.list(), limit};
	try {
		return {revision: requested, objects: stateAt(resource.store, requested), limit};
	} catch (error) {
		if (!(error instanceof TooOldError)) throw error;
		throw new ApiError(410, 'Expired', 'The resourceVersion for the provided list is too old.');
	}
}

/** The page of matching objects in key order, and the list metadata that leads to the next one. */
function listPage<T extends Stored>(
	resource: Resource<T>,
	namespace: string | undefined,
	query: Query,
	matches: (object: T) => boolean,
	snapshot: ListSnapshot<T>,
) {
	const {start, limit} = snapshot;
	let keyed = snapshot.objects
		.filter(matches)
		.map(object => ({key: relativeKey(object, namespace, resource.namespaced), object}))
		.sort(byKey);
	if (start !== undefined) keyed = keyed.filter(entry => entry.key >= start);
	let continueToken: string | undefined;
	let remaining: number | undefined;
	if (limit > 0 && keyed.length > limit) {
		remaining = keyed.length - limit;
		keyed = keyed.slice(0, limit);
		continueToken = encodeContinue(snapshot.revision, `${keyed[keyed.length - 1]!.key}\u0000`);
	}
	// remainingItemCount is only known when nothing filters the rest.
	if (hasSelectors(query)) remaining = undefined;
	const items = keyed.map(entry => entry.object);
	const resourceVersion = String(snapshot.revision);
	const listMeta = {resourceVersion, ...(continueToken ? {continue: continueToken} : {}), ...(remaining ? {remainingItemCount: remaining} : {})};
	return {items, resourceVersion, continueToken, remaining, listMeta};
}

export async function list<T extends Stored>(
	resource: Resource<T>,
	namespace: string | undefined,
	request: IncomingMessage,
	response: ServerResponse,
	query: Query,
	now: number,
): Promise<void> {
	validateListOptions(query, false);
	const negotiated = negotiateFor(resource, request);
	const matches = filters(resource, namespace, query);
	const snapshot = await listSnapshot(resource, query);
	const {items, resourceVersion, continueToken, remaining, listMeta} = listPage(resource, namespace, query, matches, snapshot);

	if (negotiated.shape === 'table' && resource.printer) {
		const includeObject = query.get('includeObject') ?? 'Metadata';
		const body = table(resource.printer, items, now, {
			resourceVersion,
			includeObject,
			withColumns: true,
			continueToken,
			remaining,
			version: negotiated.version,
		});
		sendBody(response, 200, body, negotiated.format);
		return;
	}
	if (negotiated.shape === 'partial') {
		const body = {
			kind: 'PartialObjectMetadataList',
			apiVersion: `meta.k8s.io/${negotiated.version}`,
			metadata: listMeta,
			items: items.map(item => partialMetadata(item.metadata, negotiated.version)),
		};
		sendBody(response, 200, body, negotiated.format);
		return;
	}
	sendBody(response, 200, {kind: resource.listKind, apiVersion: resource.apiVersion, metadata: listMeta, items: items.map(bare)}, negotiated.format);
}

// --- watch ------------------------------------------------------------------------------

/** One watch event as a line of the stream. */
function watchEncoder<T extends Stored>(resource: Resource<T>, negotiated: Negotiated, query: Query, options: WatchOptions) {
	let sentColumns = false;
	return (type: string, object: unknown): string => {
		if (type === 'ERROR' || type === 'BOOKMARK') return JSON.stringify({type, object}) + '\n';
		// Only the first Table of a watch carries the column definitions.
		const encoded = encodeOne(resource, object as T, negotiated, options.now(), query, !sentColumns);
		if (negotiated.shape === 'table') sentColumns = true;
		return JSON.stringify({type, object: encoded}) + '\n';
	};
}

/** The watch's chunked response: events go out until either side closes it; then its cleanups run. */
function openWatchStream(
	request: IncomingMessage,
	response: ServerResponse,
	connections: Set<ServerResponse>,
	encode: (type: string, object: unknown) => string,
) {
	response.writeHead(200, {'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked'});
	response.flushHeaders();
	connections.add(response);

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
	return {send, finish, cleanups};
}

/** A store change as the watcher sees it: an object entering the selection is ADDED, one leaving it DELETED. */
function changeEvents<T extends Stored>(matches: (object: T) => boolean, send: (type: string, object: unknown) => void) {
	return (change: Change<T>) => {
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
}

export function watch<T extends Stored>(
	resource: Resource<T>,
	namespace: string | undefined,
	request: IncomingMessage,
	response: ServerResponse,
	query: Query,
	options: WatchOptions,
	connections: Set<ServerResponse>,
): void {
	validateListOptions(query, true);
	const negotiated = negotiateFor(resource, request);
	const matches = filters(resource, namespace, query);
	const rvParam = query.get('resourceVersion') ?? '';
	const sendInitialEvents = queryOptionalBool(query, 'sendInitialEvents');
	const bookmarks = queryBool(query, 'allowWatchBookmarks');
	const timeoutSeconds = queryInteger(query, 'timeoutSeconds') ?? 0;
	const store = resource.store as unknown as ObjectStore<Stored>;
	const requested = rvParam && rvParam !== '0' ? parseResourceVersion(rvParam) : undefined;

	const {send, finish, cleanups} = openWatchStream(request, response, connections, watchEncoder(resource, negotiated, query, options));
	const bookmark = (annotations?: Record<string, string>) =>
		send('BOOKMARK', {
			kind: resource.kind,
			apiVersion: resource.apiVersion,
			metadata: {resourceVersion: String(store.revision), creationTimestamp: null, ...(annotations ? {annotations} : {})},
		});

	const injected = options.fault?.();
	if (injected) {
		send('ERROR', injected);
		finish();
		return;
	}

	const initialEvents = sendInitialEvents ?? requested === undefined;
	let from: number;
	if (initialEvents) {
		// The current state as synthetic ADDED events, then everything after it.
		from = store.revision;
		const current = resource.store
			.list()
			.filter(matches)
			.map(object => ({key: relativeKey(object, namespace, resource.namespaced), object}))
			.sort(byKey);
		for (const {object} of current) send('ADDED', object);
		if (sendInitialEvents && bookmarks) bookmark({'k8s.io/initial-events-end': 'true'});
	} else {
		from = requested ?? store.revision;
	}
	try {
		cleanups.push(resource.store.watch(from, changeEvents(matches, send)));
	} catch (error) {
		if (!(error instanceof TooOldError)) throw error;
		// The watch cache answers 200 and one ERROR event: the client must relist.
		send('ERROR', statusBody(410, 'Expired', `too old resource version: ${error.requested} (${error.oldest - 1})`));
		finish();
		return;
	}

	if (bookmarks) {
		const timer = setInterval(() => bookmark(), options.bookmarkSeconds * 1000);
		cleanups.push(() => clearInterval(timer));
	}
	// Without timeoutSeconds the apiserver picks between --min-request-timeout and twice that.
	const seconds = timeoutSeconds > 0 ? timeoutSeconds : 1800 * (1 + Math.random());
	const timeout = setTimeout(finish, seconds * 1000);
	cleanups.push(() => clearTimeout(timeout));
}
