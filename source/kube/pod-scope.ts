import type {KubeEvent, List, Pod} from '../model/k8s.js';
import {KubeError, type KubeHttp} from './http.js';

// One-shot reads of many pods at once (`podscope doctor` without a name): the pods of a
// namespace or of every namespace, narrowed by kubectl's label and field selectors, and the
// events about pods in the same scope; each one list in pages of 500, as kubectl's pager reads.

export type PodScope = {
	/** The namespace, or undefined for every namespace (-A). */
	namespace?: string;
	labelSelector?: string;
	fieldSelector?: string;
};

const collection = (scope: PodScope, plural: string) =>
	scope.namespace === undefined ? `/api/v1/${plural}` : `/api/v1/namespaces/${encodeURIComponent(scope.namespace)}/${plural}`;

/**
 * Every page of a list. A continue token that expired (410) starts again with one unpaged list,
 * as client-go's pager does (FullListIfExpired, k8s.io/client-go/tools/pager/pager.go).
 */
async function listAll<T>(http: KubeHttp, path: string, query: Record<string, string | undefined>, signal?: AbortSignal): Promise<T[]> {
	const items: T[] = [];
	let token: string | undefined;
	do {
		let page: List<T>;
		try {
			page = await http.json<List<T>>(path, {query: {...query, limit: 500, continue: token}, signal});
		} catch (error) {
			if (!(token && error instanceof KubeError && error.code === 410)) throw error;
			return (await http.json<List<T>>(path, {query, signal})).items;
		}
		items.push(...page.items);
		token = page.metadata.continue || undefined;
	} while (token);
	return items;
}

/**
 * kubectl's wording for a list the server refused as a bad request or not found: the message
 * says what was listed and with which selectors (k8s.io/cli-runtime/pkg/resource/selector.go).
 */
function selectorError(error: unknown, scope: PodScope): unknown {
	if (!(error instanceof KubeError) || (error.code !== 400 && error.code !== 404)) return error;
	const resource = '"/v1, Resource=pods"';
	const message =
		scope.labelSelector || scope.fieldSelector
			? `Unable to find ${resource} that match label selector ${JSON.stringify(scope.labelSelector ?? '')}, field selector ${JSON.stringify(scope.fieldSelector ?? '')}: ${error.message}`
			: `Unable to list ${resource}: ${error.message}`;
	return new KubeError(message, error.code, error.reason, error.status, error.retryAfterSeconds);
}

/** The scope's pods in the API's order, which kubectl prints: by namespace, then name (the storage's key order). */
export async function listScopePods(http: KubeHttp, scope: PodScope, signal?: AbortSignal): Promise<Pod[]> {
	try {
		return await listAll<Pod>(
			http,
			collection(scope, 'pods'),
			{labelSelector: scope.labelSelector || undefined, fieldSelector: scope.fieldSelector || undefined},
			signal,
		);
	} catch (error) {
		throw selectorError(error, scope);
	}
}

/** Events about pods in the scope's namespace (or every namespace): the selectors narrow pods, not events. */
export function listScopeEvents(http: KubeHttp, scope: Pick<PodScope, 'namespace'>, signal?: AbortSignal): Promise<KubeEvent[]> {
	return listAll<KubeEvent>(http, collection(scope, 'events'), {fieldSelector: 'involvedObject.kind=Pod'}, signal);
}
