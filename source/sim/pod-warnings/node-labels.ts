import type {NodeSelectorTerm} from '../../model/k8s.js';

// Deprecated node labels in a pod's scheduling constraints: the table and
// GetWarningsForNodeSelectorTerm of kubernetes pkg/api/node/util.go (v1.35.4), copied as data.

const deprecatedNodeLabels: Record<string, string> = {
	'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
	'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
	'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
	'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
	'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
	'app.kubernetes.io/created-by': 'deprecated since v1.9',
	'scheduler.alpha.kubernetes.io/preferAvoidPods': 'deprecated since v1.22; use Taints and Tolerations instead',
	'node-role.kubernetes.io/master': 'use "node-role.kubernetes.io/control-plane" instead',
};

/** GetNodeLabelDeprecatedMessage. */
export function nodeLabelDeprecation(key: string): string | undefined {
	return Object.hasOwn(deprecatedNodeLabels, key) ? deprecatedNodeLabels[key] : undefined;
}

// content.IsLabelValue (apimachinery pkg/api/validate/content/kube.go): its length message says
// bytes, unlike the older validation.MaxLenError's characters.
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const labelValueMessage =
	"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function labelValueErrors(value: string): string[] {
	const errors: string[] = [];
	if (Buffer.byteLength(value) > 63) errors.push('must be no more than 63 bytes');
	if (!labelValue.test(value)) errors.push(labelValueMessage);
	return errors;
}

/**
 * GetWarningsForNodeSelectorTerm: deprecated keys in matchExpressions, and for a preferred
 * term (checkLabelValue) values that are not label values. Unquoted, as the Go source prints.
 */
export function nodeSelectorTermWarnings(term: NodeSelectorTerm | null | undefined, checkLabelValue: boolean, path: string): string[] {
	const warnings: string[] = [];
	for (const [index, expression] of (term?.matchExpressions ?? []).entries()) {
		const message = nodeLabelDeprecation(expression.key);
		if (message) warnings.push(`${path}.matchExpressions[${index}].key: ${expression.key} is ${message}`);
		if (!checkLabelValue) continue;
		for (const [valueIndex, value] of (expression.values ?? []).entries()) {
			for (const error of labelValueErrors(value)) {
				warnings.push(`${path}.matchExpressions[${index}].values[${valueIndex}]: ${value} is invalid, ${error}`);
			}
		}
	}
	return warnings;
}
