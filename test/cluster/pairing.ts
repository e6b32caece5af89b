import type {Observation} from './observe.js';

// Pods of workloads, paired between the two sides by their owner. A ReplicaSet names its pods
// at random (web-5d8f7c9b4-x2x9q) and its own name carries a hash of the template that the
// sim and the real node need not compute alike, so such a pod is known as its Deployment's
// name and its place among that Deployment's pods by creation (web#0, web#1, ...): replicas
// are alike, so any pairing of them compares the same behaviour. A DaemonSet's or a Job's
// pods likewise (node-agent#0, migrate#0). A StatefulSet names its pods itself (db-0, db-1):
// they pair by name, as bare pods do.

/** The pods seen on one side, keyed for pairing; `of` maps a key back to the pod's name. */
export function pairKeys(seen: Map<string, Observation>): Map<string, string> {
	const keys = new Map<string, string>();
	const byDeployment = new Map<string, Array<[string, Observation]>>();
	for (const [name, observation] of seen) {
		const [kind, owner] = observation.owner?.split('/', 2) ?? [];
		if (!kind || !owner || kind === 'StatefulSet') {
			keys.set(name, name);
			continue;
		}
		// A Deployment's ReplicaSet is its name, a dash and the template hash.
		const deployment = kind === 'ReplicaSet' ? owner.replace(/-[a-z0-9]+$/, '') : owner;
		byDeployment.set(deployment, [...(byDeployment.get(deployment) ?? []), [name, observation]]);
	}
	for (const [deployment, pods] of byDeployment) {
		pods.sort(([a, first], [b, second]) => (first.created ?? '').localeCompare(second.created ?? '') || a.localeCompare(b));
		for (const [index, [name]] of pods.entries()) keys.set(`${deployment}#${index}`, name);
	}
	return keys;
}
