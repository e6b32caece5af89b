import {orderMergedList} from './patch-order.js';
import {ApiError, badRequest} from './routes/respond.js';

// The patch formats kube-apiserver accepts, for every resource the sim serves: JSON Merge
// Patch (RFC 7386), strategic merge patch (lists merged by their patchMergeKey, with its
// directives), and JSON Patch (RFC 6902).

export const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json};
export type JsonObject = {[key: string]: Json};

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);
export const toJson = (value: unknown): Json => JSON.parse(JSON.stringify(value)) as Json;

/** JSON with object keys sorted: equal documents compare equal whatever their key order. */
export function canonical(value: unknown): string {
	return JSON.stringify(value, (_key, item: unknown) =>
		isObject(item)
			? Object.fromEntries(
					Object.keys(item)
						.sort()
						.map(key => [key, item[key]]),
				)
			: item,
	);
}

export function unsupportedPatch(): ApiError {
	return new ApiError(
		415,
		'UnsupportedMediaType',
		'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
	);
}

export function parsePatch(text: string): Json {
	try {
		return JSON.parse(text) as Json;
	} catch (error) {
		throw badRequest(`error decoding patch: ${(error as Error).message}`);
	}
}

/** RFC 7386 JSON Merge Patch. */
export function mergePatch(target: Json, patch: Json): Json {
	if (!isObject(patch)) return patch;
	const result: JsonObject = isObject(target) ? {...target} : {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete result[key];
		else result[key] = mergePatch(result[key] ?? null, value);
	}
	return result;
}

/** patchMergeKey of the lists in the core/v1 types the sim serves; other lists are replaced. */
const mergeKeys: Record<string, string> = {
	containers: 'name',
	initContainers: 'name',
	ephemeralContainers: 'name',
	volumes: 'name',
	env: 'name',
	volumeMounts: 'mountPath',
	volumeDevices: 'devicePath',
	ports: 'containerPort',
	imagePullSecrets: 'name',
	hostAliases: 'ip',
	ownerReferences: 'uid',
	conditions: 'type',
	addresses: 'type',
	podIPs: 'ip',
	hostIPs: 'ip',
	topologySpreadConstraints: 'topologyKey',
	resourceClaims: 'name',
	schedulingGates: 'name',
};
/** Lists of scalars whose patch strategy is merge (a union). */
const mergedScalars = new Set(['finalizers']);

/** A strategic merge patch with the directives kubectl sends ($patch, $retainKeys, $setElementOrder, $deleteFromPrimitiveList). */
export function strategicMerge(target: Json, patch: Json, field: string): Json {
	if (Array.isArray(patch)) return mergeList(Array.isArray(target) ? target : [], patch, field);
	if (!isObject(patch)) return patch;
	if (patch.$patch === 'replace') {
		const {$patch: _directive, ...rest} = patch;
		return stripDirectives(rest);
	}
	if (patch.$patch === 'delete') return null;
	const result: JsonObject = isObject(target) ? {...target} : {};
	for (const [key, value] of Object.entries(patch)) {
		if (key.startsWith('$deleteFromPrimitiveList/')) {
			const list = key.slice('$deleteFromPrimitiveList/'.length);
			const remove = Array.isArray(value) ? value.map(item => canonical(item)) : [];
			const existing = result[list];
			if (Array.isArray(existing)) result[list] = existing.filter(item => !remove.includes(canonical(item)));
			continue;
		}
		if (key.startsWith('$')) continue;
		if (value === null) delete result[key];
		else {
			const merged = strategicMerge(result[key] ?? null, value, key);
			if (merged === null) delete result[key];
			else result[key] = merged;
		}
	}
	// $setElementOrder/<list> (kubectl apply sends it): the list's final order, named by merge key.
	for (const [key, order] of Object.entries(patch)) {
		if (!key.startsWith('$setElementOrder/') || !Array.isArray(order)) continue;
		const list = key.slice('$setElementOrder/'.length);
		const merged = result[list];
		const live = isObject(target) ? target[list] : undefined;
		if (Array.isArray(merged))
			result[list] = orderMergedList(merged, order, Array.isArray(live) ? live : [], mergedScalars.has(list) ? undefined : mergeKeys[list]);
	}
	if (Array.isArray(patch.$retainKeys)) {
		const keep = new Set(patch.$retainKeys.map(String));
		for (const key of Object.keys(result)) if (!keep.has(key)) delete result[key];
	}
	return result;
}

function mergeList(target: Json[], patch: Json[], field: string): Json {
	if (patch.some(item => isObject(item) && item.$patch === 'replace')) {
		return patch.filter(item => !(isObject(item) && item.$patch === 'replace')).map(stripDirectives);
	}
	const key = mergeKeys[field];
	// A list only the patch has is taken as it is (mergeMap's "list was added").
	if (target.length === 0) return patch.filter(item => !(isObject(item) && item.$patch === 'delete')).map(stripDirectives);
	if (mergedScalars.has(field)) {
		// deduplicateScalars(append(original, patch...)), then ordered as any merged list.
		const merged = [...new Map([...target, ...patch].map(item => [canonical(item), item])).values()];
		return orderMergedList(merged, patch, target, undefined);
	}
	if (!key) return patch.filter(item => !(isObject(item) && item.$patch === 'delete')).map(stripDirectives);
	// mergeSliceWithSpecialElements: $patch: delete items leave both lists first.
	const deleted = new Set(patch.filter(item => isObject(item) && item.$patch === 'delete').map(item => canonical((item as JsonObject)[key] ?? null)));
	const live = target.filter(item => !(isObject(item) && deleted.has(canonical(item[key] ?? null))));
	const named = patch.filter(item => isObject(item) && item.$patch !== 'delete');
	const merged = [...live];
	for (const item of named) {
		if (!isObject(item)) continue;
		const index = merged.findIndex(existing => isObject(existing) && canonical(existing[key]) === canonical(item[key]));
		if (index >= 0) merged[index] = strategicMerge(merged[index]!, item, '');
		else merged.push(strategicMerge({}, item, ''));
	}
	return orderMergedList(merged, named, live, key);
}

export function stripDirectives(value: Json): Json {
	if (Array.isArray(value)) return value.map(stripDirectives);
	if (!isObject(value)) return value;
	return Object.fromEntries(
		Object.entries(value)
			.filter(([key]) => !key.startsWith('$'))
			.map(([key, item]) => [key, stripDirectives(item)]),
	);
}

/** RFC 6902 JSON Patch; a failing operation is the apiserver's 422. */
export function applyJsonPatch(document: Json, operations: Json): Json {
	if (!Array.isArray(operations)) throw badRequest('json: cannot unmarshal object into Go value of type jsonpatch.Patch');
	// The patch handler answers NewGenericServerResponse(422, …, isUnexpectedResponse false): the
	// json-patch library's own text (kept here as the reason each operation fails) has no cause to
	// go in, and clients see only the generic message.
	const failed = (_reason: string) => new ApiError(422, 'Invalid', 'the server rejected our request due to an error in our request', {});
	const tokens = (pointer: Json): string[] => {
		if (typeof pointer !== 'string' || (pointer !== '' && !pointer.startsWith('/')))
			throw failed(`JSON pointer must be empty or start with a "/": ${String(pointer)}`);
		return pointer === ''
			? []
			: pointer
					.slice(1)
					.split('/')
					.map(token => token.replace(/~1/g, '/').replace(/~0/g, '~'));
	};
	const get = (root: Json, path: string[]): Json | undefined => {
		let node: Json | undefined = root;
		for (const token of path) {
			if (Array.isArray(node)) node = node[Number(token)];
			else if (isObject(node)) node = node[token];
			else return undefined;
		}
		return node;
	};
	const parentOf = (root: Json, path: string[], pointer: string): {container: JsonObject | Json[]; key: string} => {
		const container = get(root, path.slice(0, -1));
		if (!Array.isArray(container) && !isObject(container)) throw failed(`doc is missing path: "${pointer}": missing value`);
		return {container, key: path[path.length - 1]!};
	};
	const add = (root: Json, path: string[], value: Json, pointer: string): Json => {
		if (path.length === 0) return value;
		const {container, key} = parentOf(root, path, pointer);
		if (Array.isArray(container)) {
			const index = key === '-' ? container.length : Number(key);
			if (!Number.isInteger(index) || index < 0 || index > container.length)
				throw failed(`add operation does not apply: doc is missing path: "${pointer}": missing value`);
			container.splice(index, 0, value);
		} else container[key] = value;
		return root;
	};
	const remove = (root: Json, path: string[], pointer: string): Json => {
		const {container, key} = parentOf(root, path, pointer);
		if (Array.isArray(container)) {
			const index = Number(key);
			if (!Number.isInteger(index) || index < 0 || index >= container.length)
				throw failed(`remove operation does not apply: doc is missing path: "${pointer}": missing value`);
			container.splice(index, 1);
		} else {
			if (!(key in container)) throw failed(`remove operation does not apply: doc is missing path: "${pointer}": missing value`);
			delete container[key];
		}
		return root;
	};
	let root = document;
	for (const operation of operations) {
		if (!isObject(operation)) throw badRequest('json: cannot unmarshal into Go value of type jsonpatch.Operation');
		const pointer = String(operation.path ?? '');
		const path = tokens(operation.path ?? null);
		switch (operation.op) {
			case 'add':
				root = add(root, path, toJson(operation.value ?? null), pointer);
				break;
			case 'remove':
				root = remove(root, path, pointer);
				break;
			case 'replace':
				if (get(root, path) === undefined) throw failed(`replace operation does not apply: doc is missing key: ${pointer}: missing value`);
				root = remove(root, path, pointer);
				root = add(root, path, toJson(operation.value ?? null), pointer);
				break;
			case 'move':
			case 'copy': {
				const fromPath = tokens(operation.from ?? null);
				const value = get(root, fromPath);
				if (value === undefined) throw failed(`${operation.op} operation does not apply: doc is missing from path: ${String(operation.from)}: missing value`);
				if (operation.op === 'move') root = remove(root, fromPath, String(operation.from));
				root = add(root, path, toJson(value), pointer);
				break;
			}
			case 'test':
				if (canonical(get(root, path) ?? null) !== canonical(operation.value ?? null)) throw failed(`testing value ${pointer} failed: test failed`);
				break;
			default:
				throw badRequest(`Unexpected kind: ${String(operation.op)}`);
		}
	}
	return root;
}
