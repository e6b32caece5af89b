import type {Pod} from './k8s.js';

// The workload a pod belongs to, as kubectl and k9s users name it: `deploy/web` for a pod of
// a Deployment's ReplicaSet, `sts/db`, `ds/node-exporter`, `job/migrate`, `-` for a bare pod.
// The pod only names its direct controller; a Deployment shows through its ReplicaSet, whose
// name the deployment controller makes as `<deployment>-<pod-template-hash>` and whose pods
// carry that hash as the `pod-template-hash` label (pkg/controller/deployment/sync.go,
// getNewReplicaSet and generateReplicaSetName; apps/v1 DefaultDeploymentUniqueLabelKey). A ReplicaSet made by hand
// has no such suffix and stays `rs/NAME`. A Job made by a CronJob stays `job/NAME`: the
// CronJob is one more hop the pod does not record.

export type Owner = {
	/** The controller's kind as the pod records it (ReplicaSet for a Deployment's pods). */
	kind: string;
	/** The workload's kind as shown (Deployment for a Deployment's pods). */
	workloadKind: string;
	/** The workload's name (the Deployment's, not the ReplicaSet's). */
	name: string;
	/** `deploy/web`: the column's text and the grouping's key within a namespace. */
	text: string;
};

/** kubectl's short names of the kinds that own pods (kubectl api-resources). */
const shortNames: Record<string, string> = {
	Deployment: 'deploy',
	ReplicaSet: 'rs',
	StatefulSet: 'sts',
	DaemonSet: 'ds',
	Job: 'job',
	CronJob: 'cj',
	ReplicationController: 'rc',
	Node: 'node',
};

const hashLabel = 'pod-template-hash';
const cache = new WeakMap<Pod, Owner | null>();

function compute(pod: Pod): Owner | undefined {
	const references = pod.metadata.ownerReferences ?? [];
	// The controller reference is the one that manages the pod; others only keep it alive.
	const reference = references.find(item => item.controller) ?? references[0];
	if (!reference) return undefined;
	let workloadKind = reference.kind;
	let name = reference.name;
	const hash = pod.metadata.labels?.[hashLabel];
	if (reference.kind === 'ReplicaSet' && hash && name.endsWith(`-${hash}`) && name.length > hash.length + 1) {
		workloadKind = 'Deployment';
		name = name.slice(0, -(hash.length + 1));
	}
	const short = shortNames[workloadKind] ?? workloadKind.toLowerCase();
	return {kind: reference.kind, workloadKind, name, text: `${short}/${name}`};
}

/** The pod's workload, or undefined for a bare pod; computed once per pod object. */
export function podOwner(pod: Pod): Owner | undefined {
	let owner = cache.get(pod);
	if (owner === undefined) {
		owner = compute(pod) ?? null;
		cache.set(pod, owner);
	}
	return owner ?? undefined;
}

/** The OWNER column: the workload, or `-` as kubectl prints an empty cell. */
export const ownerText = (pod: Pod) => podOwner(pod)?.text ?? '-';
