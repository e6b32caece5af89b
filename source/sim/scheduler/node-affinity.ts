import type {LabelSelectorRequirement, NodeSelectorTerm, Pod} from '../../model/k8s.js';
import type {Node} from '../cluster.js';

// Whether a node satisfies a Pod's nodeSelector and required node affinity, as
// GetRequiredNodeAffinity(pod).Match(node) decides (k8s.io/component-helpers
// scheduling/corev1/nodeaffinity/nodeaffinity.go, v0.35.4): every nodeSelector label, and
// at least one of the terms (ORed); a term ANDs its expressions and fields, and an empty term
// or one that fails to parse matches nothing.

/** One requirement against a label (or field) set; undefined when it does not parse. */
function requirementMatches(requirement: LabelSelectorRequirement, values: Record<string, string>): boolean | undefined {
	const {key, operator} = requirement;
	const wanted = requirement.values ?? [];
	const has = Object.hasOwn(values, key);
	const value = values[key];
	switch (operator) {
		case 'In':
			return wanted.length === 0 ? undefined : has && wanted.includes(value!);
		case 'NotIn':
			return wanted.length === 0 ? undefined : !has || !wanted.includes(value!);
		case 'Exists':
			return wanted.length > 0 ? undefined : has;
		case 'DoesNotExist':
			return wanted.length > 0 ? undefined : !has;
		case 'Gt':
		case 'Lt': {
			if (wanted.length !== 1 || !/^-?\d+$/.test(wanted[0]!)) return undefined;
			if (!has || !/^-?\d+$/.test(value!)) return false;
			const [label, bound] = [BigInt(value!), BigInt(wanted[0]!)];
			return operator === 'Gt' ? label > bound : label < bound;
		}
		default:
			return undefined;
	}
}

function termMatches(term: NodeSelectorTerm, node: Node): boolean {
	const expressions = term.matchExpressions ?? [];
	const fields = term.matchFields ?? [];
	if (expressions.length === 0 && fields.length === 0) return false;
	const labels = node.metadata.labels ?? {};
	// Only metadata.name may be a field, with In or NotIn and one value.
	const nodeFields = {'metadata.name': node.metadata.name};
	for (const requirement of expressions) {
		if (requirementMatches(requirement, labels) !== true) return false;
	}
	for (const requirement of fields) {
		const valid = requirement.key === 'metadata.name' && ['In', 'NotIn'].includes(requirement.operator) && requirement.values?.length === 1;
		if (!valid || requirementMatches(requirement, nodeFields) !== true) return false;
	}
	return true;
}

export function matchesNodeSelectorTerms(terms: NodeSelectorTerm[], node: Node): boolean {
	return terms.some(term => termMatches(term, node));
}

/** RequiredNodeAffinity.Match: the nodeSelector, then the required terms. */
export function matchesRequiredNodeAffinity(pod: Pod, node: Node): boolean {
	const labels = node.metadata.labels ?? {};
	for (const [key, value] of Object.entries(pod.spec.nodeSelector ?? {})) {
		if (labels[key] !== value) return false;
	}
	const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
	if (!required) return true;
	return matchesNodeSelectorTerms(required.nodeSelectorTerms ?? [], node);
}

/**
 * The NodeAffinity PreFilter's node names: when every required term names nodes with
 * matchFields metadata.name In, only those nodes are looked at (pkg/scheduler/framework/
 * plugins/nodeaffinity/node_affinity.go). undefined means every node; an empty set, a conflict.
 */
export function preFilterNodeNames(pod: Pod): Set<string> | undefined {
	const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
	if (terms.length === 0) return undefined;
	let names: Set<string> | undefined;
	for (const term of terms) {
		let termNames: Set<string> | undefined;
		for (const field of term.matchFields ?? []) {
			if (field.key !== 'metadata.name' || field.operator !== 'In') continue;
			const values = new Set(field.values ?? []);
			termNames = termNames ? new Set([...termNames].filter(name => values.has(name))) : values;
		}
		if (!termNames) return undefined;
		names = new Set([...(names ?? []), ...termNames]);
	}
	return names;
}
