import {hasPodLevelResources} from './pod-requests.js';
import {clean, type Finding, longRunning, type Rule} from './types.js';

// Without requests the scheduler places the pod blind; without limits one container can
// starve the others of the node the pod shares. Pod-level spec.resources (PodLevelResources,
// on since 1.34) set them for the pod as a whole: its containers share that budget, so a
// container without its own requests or limits is covered.

export const missingResources: Rule = {
	id: 'missing-resources',
	check({pod}) {
		const findings: Finding[] = [];
		const podLevel = hasPodLevelResources(pod);
		for (const entry of longRunning(pod)) {
			const {requests = {}, limits = {}} = entry.spec.resources ?? {};
			const hasRequests = podLevel.requests || requests.cpu !== undefined || requests.memory !== undefined;
			const hasLimits = podLevel.limits || limits.cpu !== undefined || limits.memory !== undefined;
			if (!hasRequests && !hasLimits) {
				findings.push({
					id: 'missing-resources',
					severity: 'warning',
					title: `${clean(entry.name)} has no resource requests or limits`,
					evidence: [`${entry.path}.resources: {}`],
					fix: `Set requests (what ${clean(entry.name)} needs) and limits (what it may use) for cpu and memory, e.g. requests {cpu: 100m, memory: 128Mi}, limits {cpu: 200m, memory: 256Mi}.`,
					container: entry.name,
				});
			} else if (limits.memory === undefined && !podLevel.memoryLimit) {
				findings.push({
					id: 'missing-resources',
					severity: 'info',
					title: `${clean(entry.name)} has no memory limit`,
					evidence: [`${entry.path}.resources.limits.memory: <unset>`],
					fix: `Set a memory limit so a leak in ${clean(entry.name)} is OOM-killed before it squeezes the other containers.`,
					container: entry.name,
				});
			}
		}
		return findings;
	},
};
