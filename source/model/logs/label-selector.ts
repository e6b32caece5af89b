import type {LabelSelector} from '../k8s.js';

// A workload's spec.selector as the labelSelector query string kubectl sends when it lists
// the workload's pods: metav1.LabelSelectorAsSelector then String()
// (k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go, pkg/labels/selector.go): every
// requirement sorted by key, values sorted, joined by commas.

const operators: Record<string, (key: string, values: string[]) => string> = {
	In: (key, values) => `${key} in (${values.join(',')})`,
	NotIn: (key, values) => `${key} notin (${values.join(',')})`,
	Exists: key => key,
	DoesNotExist: key => `!${key}`,
};

export class SelectorError extends Error {}

/** The selector's query string; '' selects every pod (an empty selector), as in kubectl. */
export function selectorString(selector: LabelSelector | null | undefined): string {
	if (!selector) return '';
	const requirements: Array<[string, string]> = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => [key, `${key}=${value}`]);
	for (const expression of selector.matchExpressions ?? []) {
		const render = operators[expression.operator];
		if (!render) throw new SelectorError(`invalid label selector: ${JSON.stringify(expression.operator)} is not a valid label selector operator`);
		requirements.push([expression.key, render(expression.key, [...(expression.values ?? [])].sort())]);
	}
	return requirements
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
		.map(([, text]) => text)
		.join(',');
}
