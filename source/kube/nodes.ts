import type {List} from '../model/k8s.js';
import type {Node} from '../model/k8s-node.js';
import {KubeError, type KubeHttp} from './http.js';

// The cluster's nodes, for the doctor to explain an unschedulable pod against (labels, taints,
// cordon, allocatable). Nodes are cluster-scoped: a user bound to one namespace may not list
// them (403), and the doctor then works without; that is a state, not an error.

export async function listNodes(http: KubeHttp, signal?: AbortSignal): Promise<Node[] | undefined> {
	try {
		const items: Node[] = [];
		let token: string | undefined;
		do {
			const page = await http.json<List<Node>>('/api/v1/nodes', {query: {limit: 500, continue: token}, signal});
			items.push(...page.items);
			token = page.metadata.continue || undefined;
		} while (token);
		return items;
	} catch (error) {
		if (error instanceof KubeError && error.code === 0 && error.reason === 'Aborted') throw error;
		return undefined;
	}
}
