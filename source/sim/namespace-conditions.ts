import type {Namespace, Pod} from '../model/k8s.js';

// The conditions the namespace controller writes on a namespace it is emptying
// (pkg/controller/namespace/deletion/status_condition_utils.go): all five, each False with its
// "ok" reason unless content or finalizers remain. The sim's namespaces hold only pods that
// outlive the controller's first pass (events go with the namespace).

type NamespaceCondition = NonNullable<NonNullable<Namespace['status']>['conditions']>[number];

const ok: Array<[string, string, string]> = [
	['NamespaceDeletionDiscoveryFailure', 'ResourcesDiscovered', 'All resources successfully discovered'],
	['NamespaceDeletionGroupVersionParsingFailure', 'ParsedGroupVersions', 'All legacy kube types successfully parsed'],
	['NamespaceDeletionContentFailure', 'ContentDeleted', 'All content successfully deleted, may be waiting on finalization'],
	['NamespaceContentRemaining', 'ContentRemoved', 'All content successfully removed'],
	['NamespaceFinalizersRemaining', 'ContentHasNoFinalizers', 'All content-preserving finalizers finished'],
];

/** The namespace's conditions with `pods` still in it; a condition keeps its transition time until its status changes. */
export function namespaceConditions(previous: NamespaceCondition[] | undefined, pods: Pod[], now: string): NamespaceCondition[] {
	const failing = new Map<string, [string, string]>();
	if (pods.length > 0)
		failing.set('NamespaceContentRemaining', ['SomeResourcesRemain', `Some resources are remaining: pods. has ${pods.length} resource instances`]);
	const byFinalizer = new Map<string, number>();
	for (const pod of pods) for (const finalizer of pod.metadata.finalizers ?? []) byFinalizer.set(finalizer, (byFinalizer.get(finalizer) ?? 0) + 1);
	if (byFinalizer.size > 0) {
		const remaining = [...byFinalizer].map(([finalizer, count]) => `${finalizer} in ${count} resource instances`).sort();
		failing.set('NamespaceFinalizersRemaining', ['SomeFinalizersRemain', `Some content in the namespace has finalizers remaining: ${remaining.join(', ')}`]);
	}
	return ok.map(([type, okReason, okMessage]) => {
		const [reason, message] = failing.get(type) ?? [okReason, okMessage];
		const status = failing.has(type) ? 'True' : 'False';
		const before = previous?.find(condition => condition.type === type);
		return {type, status, lastTransitionTime: before && before.status === status ? before.lastTransitionTime : now, reason, message};
	});
}
