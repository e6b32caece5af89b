import {ApiError, badRequest} from '../routes/respond.js';

// The three patch formats the apiserver accepts, enough of each for what clients send to
// pods/ephemeralcontainers: JSON Patch (RFC 6902), JSON Merge Patch (RFC 7386), and a
// strategic merge patch whose lists of containers merge by name.

type Json = null | boolean | number | string | Json[] | {[key: string]: Json};
type JsonObject = {[key: string]: Json};

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

export const patchTypes = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

export function unsupportedPatch(): ApiError {
	return new ApiError(
		415,
		'UnsupportedMediaType',
		'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json',
	);
}

export function mergePatch(target: Json, patch: Json): Json {
	if (!isObject(patch)) return patch;
	const result: JsonObject = isObject(target) ? {...target} : {};
	for (const [key, value] of Object.entries(patch)) {
		if (value === null) delete result[key];
		else result[key] = mergePatch(result[key] ?? null, value);
	}
	return result;
}

/** Lists whose items merge by `name` (patchMergeKey) in a strategic merge patch of a Pod. */
const mergeByName = new Set(['containers', 'initContainers', 'ephemeralContainers', 'env', 'volumes', 'volumeMounts', 'ports']);

export function strategicMergePatch(target: Json, patch: Json, key = ''): Json {
	if (Array.isArray(patch)) {
		if (!mergeByName.has(key) || !Array.isArray(target)) return patch.filter(item => !(isObject(item) && item.$patch === 'delete'));
		const merged = [...target];
		for (const item of patch) {
			if (!isObject(item)) continue;
			const index = merged.findIndex(existing => isObject(existing) && existing.name === item.name);
			if (item.$patch === 'delete') {
				if (index >= 0) merged.splice(index, 1);
			} else if (index >= 0) {
				merged[index] = strategicMergePatch(merged[index]!, item);
			} else {
				merged.push(strategicMergePatch({}, item));
			}
		}
		return merged;
	}
	if (!isObject(patch)) return patch;
	if (patch.$patch === 'replace') {
		const {$patch: _, ...rest} = patch;
		return rest;
	}
	const result: JsonObject = isObject(target) ? {...target} : {};
	for (const [field, value] of Object.entries(patch)) {
		// Ordering directives ($setElementOrder/…) and other $-keys say nothing about content.
		if (field.startsWith('$')) continue;
		if (value === null) delete result[field];
		else result[field] = strategicMergePatch(result[field] ?? null, value, field);
	}
	return result;
}

const unescape = (token: string) => token.replace(/~1/g, '/').replace(/~0/g, '~');

function parent(document: Json, pointer: string): {container: JsonObject | Json[]; key: string} {
	if (!pointer.startsWith('/')) throw badRequest(`the server rejected our request due to an error in our request`);
	const tokens = pointer.slice(1).split('/').map(unescape);
	const key = tokens.pop()!;
	let node: Json = document;
	for (const token of tokens) {
		const next: Json | undefined = Array.isArray(node) ? node[Number(token)] : isObject(node) ? node[token] : undefined;
		if (next === undefined) throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}": missing value`);
		node = next;
	}
	if (!Array.isArray(node) && !isObject(node)) throw new ApiError(422, 'Invalid', `doc is missing path: "${pointer}": missing value`);
	return {container: node, key};
}

export function jsonPatch(document: Json, operations: unknown): Json {
	if (!Array.isArray(operations)) throw badRequest('the server rejected our request due to an error in our request');
	const result = structuredClone(document);
	for (const operation of operations as Array<{op?: string; path?: string; value?: Json; from?: string}>) {
		const {op, path = '', value} = operation;
		const {container, key} = parent(result, path);
		const index = Array.isArray(container) ? (key === '-' ? container.length : Number(key)) : -1;
		switch (op) {
			case 'add':
				if (Array.isArray(container)) container.splice(index, 0, value ?? null);
				else container[key] = value ?? null;
				break;
			case 'replace':
			case 'remove': {
				const exists = Array.isArray(container) ? index >= 0 && index < container.length : key in container;
				if (!exists) throw new ApiError(422, 'Invalid', `${op} operation does not apply: doc is missing path: "${path}": missing value`);
				if (op === 'replace') {
					if (Array.isArray(container)) container[index] = value ?? null;
					else container[key] = value ?? null;
				} else if (Array.isArray(container)) container.splice(index, 1);
				else delete container[key];
				break;
			}
			case 'test': {
				const actual = Array.isArray(container) ? container[index] : container[key];
				if (JSON.stringify(actual) !== JSON.stringify(value)) throw new ApiError(422, 'Invalid', `testing value ${path} failed: test failed`);
				break;
			}
			default:
				throw new ApiError(422, 'Invalid', `Unexpected kind: ${op ?? ''}`);
		}
	}
	return result;
}

export type {Json};
