import type {LabelSelectorRequirement, NodeSelectorTerm, Pod, Toleration} from '../k8s.js';
import type {Node, Taint} from '../k8s-node.js';

// Which nodes a pod's nodeSelector, required node affinity and tolerations allow: the
// scheduler's NodeAffinity and TaintToleration filters (pkg/scheduler/framework/plugins,
// v1.35.4; k8s.io/component-helpers/scheduling/corev1), reduced to what explains a
// FailedScheduling message to a person.

function matchesRequirement(labels: Record<string, string>, requirement: LabelSelectorRequirement): boolean {
	const value = labels[requirement.key];
	const values = requirement.values ?? [];
	switch (requirement.operator) {
		case 'In':
			return value !== undefined && values.includes(value);
		case 'NotIn':
			return value === undefined || !values.includes(value);
		case 'Exists':
			return value !== undefined;
		case 'DoesNotExist':
			return value === undefined;
		case 'Gt':
			return value !== undefined && Number(value) > Number(values[0]);
		case 'Lt':
			return value !== undefined && Number(value) < Number(values[0]);
		default:
			return false;
	}
}

// matchFields supports only metadata.name.
const matchesTerm = (node: Node, term: NodeSelectorTerm) =>
	(term.matchExpressions ?? []).every(requirement => matchesRequirement(node.metadata.labels ?? {}, requirement)) &&
	(term.matchFields ?? []).every(requirement => matchesRequirement({'metadata.name': node.metadata.name}, requirement)) &&
	(term.matchExpressions?.length ?? 0) + (term.matchFields?.length ?? 0) > 0;

/** The nodeSelector entries a node lacks, e.g. ["disktype=ssd"]. */
export const selectorMisses = (pod: Pod, node: Node) =>
	Object.entries(pod.spec.nodeSelector ?? {})
		.filter(([key, value]) => node.metadata.labels?.[key] !== value)
		.map(([key, value]) => `${key}=${value}`);

/** Whether the required node affinity lets the node in (no terms: yes; terms are ORed). */
export function affinityAllows(pod: Pod, node: Node): boolean {
	const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
	return !terms || terms.some(term => matchesTerm(node, term));
}

export const requirementText = (requirement: LabelSelectorRequirement) =>
	`${requirement.key} ${requirement.operator}${requirement.values?.length ? ` (${requirement.values.join(', ')})` : ''}`;

// v1.Toleration.ToleratesTaint: an empty effect matches all; Exists with no key matches every taint.
function tolerates(toleration: Toleration, taint: Taint): boolean {
	if (toleration.effect && toleration.effect !== taint.effect) return false;
	if (toleration.key && toleration.key !== taint.key) return false;
	if (!toleration.key && toleration.operator !== 'Exists') return false;
	return toleration.operator === 'Exists' || (toleration.value ?? '') === (taint.value ?? '');
}

/** The node's NoSchedule and NoExecute taints no toleration of the pod tolerates. */
export const untoleratedTaints = (pod: Pod, node: Node) =>
	(node.spec?.taints ?? []).filter(
		taint => (taint.effect === 'NoSchedule' || taint.effect === 'NoExecute') && !(pod.spec.tolerations ?? []).some(item => tolerates(item, taint)),
	);

export const taintText = (taint: Taint) => `${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`;
