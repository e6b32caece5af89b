import {age, condition} from './pod-facts.js';
import {clean, listNames, type Rule} from './types.js';

// A pod with schedulingGates is not even considered by the scheduler (PodSchedulingReadiness,
// GA in 1.30): kubectl shows SchedulingGated and no FailedScheduling event ever comes. The
// apiserver sets PodScheduled False, reason SchedulingGated, "Scheduling is blocked due to
// non-empty scheduling gates" (pkg/registry/core/pod/strategy.go). Whoever added a gate removes
// it: by convention a controller of the gate's domain (a queue or quota manager such as Kueue).

export const schedulingGates: Rule = {
	id: 'scheduling-gates',
	check({pod, now}) {
		const gates = (pod.spec.schedulingGates ?? []).map(gate => gate.name);
		const gated = condition(pod, 'PodScheduled');
		if (gates.length === 0 || pod.spec.nodeName) return [];
		const since = age(gated?.reason === 'SchedulingGated' ? gated.lastTransitionTime : pod.metadata.creationTimestamp, now);
		const owners = [...new Set(gates.map(gate => (gate.includes('/') ? gate.split('/')[0]! : undefined)).filter(Boolean))] as string[];
		return [
			{
				id: 'scheduling-gates',
				severity: 'warning',
				title: `the scheduler ignores the pod until ${gates.length === 1 ? 'its scheduling gate is' : 'its scheduling gates are'} removed: ${listNames(gates.map(clean))}${since ? ` (gated for ${since})` : ''}`,
				evidence: [
					...gates.map((gate, index) => `spec.schedulingGates[${index}].name: ${clean(gate)}`),
					...(gated?.reason === 'SchedulingGated' ? [`status.conditions{PodScheduled}: False, SchedulingGated: ${clean(gated.message ?? '')}`] : []),
				],
				fix: `The controller that added the gate removes it when the pod may run${owners.length > 0 ? ` (a controller of ${listNames(owners.map(clean))}: is it running, and does it know this pod?)` : ''}. If nothing will, remove it yourself: kubectl patch pod ${clean(pod.metadata.name)} --type=json -p '[{"op":"remove","path":"/spec/schedulingGates"}]'.`,
			},
		];
	},
};
