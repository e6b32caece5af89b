import type {Toleration} from '../../model/k8s.js';

// Taints and the tolerations that let a pod onto a tainted node: Toleration.ToleratesTaint
// (k8s.io/api core/v1/toleration.go, v0.35.4; the Gt/Lt operators are behind the alpha
// TaintTolerationComparisonOperators gate, off in 1.35) and FindMatchingUntoleratedTaint
// with the scheduler's filter, which looks only at NoSchedule and NoExecute taints.

export type Taint = {key: string; value?: string; effect: string; timeAdded?: string};

export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
	if (toleration.effect && toleration.effect !== taint.effect) return false;
	if (toleration.key && toleration.key !== taint.key) return false;
	switch (toleration.operator ?? '') {
		case '':
		case 'Equal':
			return (toleration.value ?? '') === (taint.value ?? '');
		case 'Exists':
			return true;
		default:
			return false;
	}
}

/** The first NoSchedule or NoExecute taint none of the tolerations tolerates. */
export function untoleratedTaint(taints: Taint[], tolerations: Toleration[]): Taint | undefined {
	return taints
		.filter(taint => taint.effect === 'NoSchedule' || taint.effect === 'NoExecute')
		.find(taint => !tolerations.some(toleration => toleratesTaint(toleration, taint)));
}
