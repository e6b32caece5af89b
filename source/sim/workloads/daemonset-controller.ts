import type {Pod} from '../../model/k8s.js';
import {writeStatus, type ControllerContext} from './context.js';
import {currentRevision, truncateHistory} from './controller-revisions.js';
import {daemonTolerations, nodeNameAffinity, shouldRun} from './daemon-pods.js';
import {createPodFromTemplate, deleteControlledPod, isAvailable, isReady, podsOf} from './pod-control.js';
import type {Workload} from './types.js';

// The DaemonSet controller (pkg/controller/daemon: daemon_controller.go, update.go): one pod
// "<set>-xxxxx" on each node that should run it, pinned there by node affinity and tolerating
// what a daemon must, failed daemon pods replaced, and old revisions replaced within
// maxUnavailable (RollingUpdate) or only when deleted (OnDelete).

export const daemonSetComponent = 'daemonset-controller';

const revisionLabel = 'controller-revision-hash';
const generationLabel = 'pod-template-generation';

function createDaemonPod(context: ControllerContext, set: Workload, nodeName: string, revision: string): void {
	const template = set.spec.template;
	const spec = {
		affinity: nodeNameAffinity(template.spec.affinity, nodeName),
		tolerations: daemonTolerations(template.spec.tolerations, Boolean((template.spec as {hostNetwork?: boolean}).hostNetwork)),
	};
	// pod-template-generation: the set's templateGeneration, kept in its deprecated annotation.
	const labels = {
		[revisionLabel]: revision.slice(set.metadata.name.length + 1),
		[generationLabel]: set.metadata.annotations?.['deprecated.daemonset.template.generation'] ?? '1',
	};
	const behaviours = context.stores.behavioursOf('DaemonSet', set.metadata.namespace ?? 'default', set.metadata.name);
	createPodFromTemplate(context.cluster, context.events, set, template, {generateName: `${set.metadata.name}-`, labels, spec}, daemonSetComponent, behaviours);
}

/** The node a daemon pod is meant for: where it runs, or what its affinity names. */
const nodeOf = (pod: Pod) =>
	pod.spec.nodeName ?? pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];

export function syncDaemonSet(context: ControllerContext, namespace: string, name: string): void {
	const set = context.stores.daemonSets.get(namespace, name);
	if (!set || set.metadata.deletionTimestamp) return;
	const revision = currentRevision(context, set).metadata.name;
	const hash = revision.slice(name.length + 1);
	const pods = podsOf(context.cluster, set);
	const probe = {metadata: {name: 'probe', namespace}, spec: set.spec.template.spec} as Pod;
	const nodes = context.cluster.nodes.list();
	let unavailableBudget = Number(set.spec.updateStrategy?.rollingUpdate?.maxUnavailable ?? 1) || 1;
	for (const node of nodes) {
		const onNode = pods.filter(pod => nodeOf(pod) === node.metadata.name && !pod.metadata.deletionTimestamp);
		const wanted = shouldRun(probe, node);
		for (const pod of onNode.filter(pod => pod.status?.phase === 'Failed')) {
			context.events.record(
				set,
				'Warning',
				'FailedDaemonPod',
				`Found failed daemon pod ${namespace}/${pod.metadata.name} on node ${node.metadata.name}, will try to kill it`,
				daemonSetComponent,
			);
			deleteControlledPod(context.cluster, context.events, set, pod, daemonSetComponent);
		}
		const healthy = onNode.filter(pod => pod.status?.phase !== 'Failed');
		if (wanted && healthy.length === 0 && !pods.some(pod => nodeOf(pod) === node.metadata.name && pod.metadata.deletionTimestamp))
			createDaemonPod(context, set, node.metadata.name, revision);
		if (!wanted) for (const pod of healthy) deleteControlledPod(context.cluster, context.events, set, pod, daemonSetComponent);
		else for (const pod of healthy.slice(1)) deleteControlledPod(context.cluster, context.events, set, pod, daemonSetComponent);
		// RollingUpdate: an old pod goes while the budget of unavailable daemons allows.
		const old = healthy[0];
		if (wanted && old && old.metadata.labels?.[revisionLabel] !== hash && set.spec.updateStrategy?.type !== 'OnDelete' && unavailableBudget > 0) {
			unavailableBudget -= 1;
			deleteControlledPod(context.cluster, context.events, set, old, daemonSetComponent);
		}
	}
	const live = podsOf(context.cluster, set).filter(pod => !pod.metadata.deletionTimestamp);
	const desired = nodes.filter(node => shouldRun(probe, node)).length;
	const scheduled = live.filter(pod => pod.spec.nodeName);
	const available = scheduled.filter(pod => isAvailable(pod, set.spec.minReadySeconds ?? 0, context.since)).length;
	truncateHistory(context, set, new Set(live.map(pod => `${name}-${pod.metadata.labels?.[revisionLabel] ?? ''}`)));
	writeStatus(context, set, {
		currentNumberScheduled: scheduled.length,
		numberMisscheduled: 0,
		desiredNumberScheduled: desired,
		numberReady: scheduled.filter(isReady).length,
		observedGeneration: set.metadata.generation ?? 1,
		updatedNumberScheduled: scheduled.filter(pod => pod.metadata.labels?.[revisionLabel] === hash).length,
		numberAvailable: available,
		...(desired - available > 0 ? {numberUnavailable: desired - available} : {}),
	});
}
