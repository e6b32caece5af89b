// What `podscope doctor` checks: one named pod (the detailed report), or every pod of a scope
// (a table). A name with a selector or with -A is refused with kubectl get's own texts, in its
// order: selectors first (k8s.io/cli-runtime/pkg/resource/builder.go, visitBySelector, then
// visitByName).

export type DoctorScopeFlags = {selector?: string; fieldSelector?: string; allNamespaces?: boolean};

export type DoctorTarget =
	| {kind: 'pod'; name: string}
	| {kind: 'pods'; allNamespaces: boolean; labelSelector?: string; fieldSelector?: string}
	| {kind: 'error'; text: string};

export function doctorTarget(input: string[], flags: DoctorScopeFlags): DoctorTarget {
	const selected = Boolean(flags.selector || flags.fieldSelector);
	if (input.length > 0 && selected) return {kind: 'error', text: 'error: name cannot be provided when a selector is specified'};
	if (input.length > 0 && flags.allNamespaces) return {kind: 'error', text: 'error: a resource cannot be retrieved by name across all namespaces'};
	if (input.length > 1) return {kind: 'error', text: 'error: at most one pod name: podscope doctor [POD | -l SELECTOR | -A]'};
	if (input[0] !== undefined) return {kind: 'pod', name: input[0]};
	return {
		kind: 'pods',
		allNamespaces: flags.allNamespaces === true,
		...(flags.selector ? {labelSelector: flags.selector} : {}),
		...(flags.fieldSelector ? {fieldSelector: flags.fieldSelector} : {}),
	};
}
