import type {LabelSelector} from '../../model/k8s.js';

// metav1.LabelSelector as the controllers and printers read it: LabelSelectorAsSelector's
// matching (an empty selector selects everything, a missing one nothing) and its String(),
// requirements sorted by key (apimachinery pkg/apis/meta/v1/helpers.go, pkg/labels/selector.go).

type Requirement = {key: string; operator: string; values: string[]};

function requirements(selector: LabelSelector): Requirement[] {
	const result: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, value]) => ({key, operator: '=', values: [value]}));
	for (const expression of selector.matchExpressions ?? []) {
		result.push({key: expression.key, operator: expression.operator, values: [...(expression.values ?? [])].sort()});
	}
	return result.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

export function selectorMatches(selector: LabelSelector | undefined | null, labels: Record<string, string> | undefined): boolean {
	if (!selector) return false;
	const have = labels ?? {};
	return requirements(selector).every(({key, operator, values}) => {
		const present = Object.hasOwn(have, key);
		switch (operator) {
			case '=':
			case 'In':
				return present && values.includes(have[key]!);
			case 'NotIn':
				return !present || !values.includes(have[key]!);
			case 'Exists':
				return present;
			case 'DoesNotExist':
				return !present;
			default:
				return false;
		}
	});
}

/** labels.Selector's String(): "app=web,tier in (a,b),!legacy". */
export function selectorString(selector: LabelSelector | undefined | null): string {
	if (!selector) return '';
	return requirements(selector)
		.map(({key, operator, values}) => {
			if (operator === '=') return `${key}=${values[0]}`;
			if (operator === 'In') return `${key} in (${values.join(',')})`;
			if (operator === 'NotIn') return `${key} notin (${values.join(',')})`;
			if (operator === 'Exists') return key;
			return `!${key}`;
		})
		.join(',');
}

/** metav1.FormatLabelSelector: the string, or "<none>" when it selects everything. */
export const formatLabelSelector = (selector: LabelSelector | undefined | null) => selectorString(selector) || '<none>';
