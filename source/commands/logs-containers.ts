import type {Pod} from '../model/k8s.js';
import {LogOptionError} from '../model/logs/options.js';
import type {LogsQuery} from '../model/logs/query.js';
import {containerExcluded, selectContainers} from '../model/logs/selection.js';
import {allContainerNames, defaultContainer} from './default-container.js';

// Which containers of a pod `podscope logs` reads: --all-containers, the -c names and
// patterns, or (without -c) the pod's default container as kubectl picks it. -E takes
// containers away; given without -c it applies to every container, as in stern, where no
// -c means all of them.

export type ContainersOf = (pod: Pod) => string[];

/**
 * `single`: one pod named on the command line (or picked from a workload), where a -c that
 * matches none of its containers is kubectl's error and the defaulted container is said once.
 */
export function containersOfQuery(query: LogsQuery, single: boolean, stderr: (text: string) => void): ContainersOf {
	const filter = query.containerFilter;
	let noticed = false;
	return pod => {
		const names = allContainerNames(pod);
		if (query.allContainers || (filter.include.length === 0 && filter.exclude.length > 0)) return names.filter(name => !containerExcluded(filter, name));
		const matched = selectContainers({...filter, exclude: []}, names);
		if (matched !== undefined) {
			if (single && matched.length === 0) throw new LogOptionError(`container ${filter.names[0]} is not valid for pod ${pod.metadata.name}`);
			return matched.filter(name => !containerExcluded(filter, name));
		}
		const chosen = defaultContainer(pod);
		// Said once on stderr, as kubectl does, however often the pod is read again; not for
		// many pods (kubectl's allPods and selector reads say nothing either).
		if (single && chosen.notice && !noticed && !query.allPods) stderr(`${chosen.notice}\n`);
		noticed = true;
		return [chosen.name];
	};
}
