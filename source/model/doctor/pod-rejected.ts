import {parseQuantity} from '../quantity.js';
import {age, oneLine} from './pod-facts.js';
import {clean, entries, type Finding, type Rule} from './types.js';

// status.reason values the kubelet or the node lifecycle controller set on a whole pod, other
// than Evicted (evicted.ts):
// - NodeLost: the node stopped reporting, "Node X which was running pod Y is unresponsive"
//   (pkg/util/node/node.go, set by pkg/controller/util/node); kubectl prints Unknown once the pod
//   is deleted, and it cannot finish terminating until the node answers or is removed.
// - UnexpectedAdmissionError and the other admission rejections (OutOfcpu, NodeAffinity, …):
//   the kubelet refused the pod when it arrived (pkg/kubelet/lifecycle/predicate.go); the pod is
//   Failed and never retried on that node. "Allocate failed due to requested number of devices
//   unavailable for nvidia.com/gpu. Requested: 1, Available: 0, which is unexpected"
//   (pkg/kubelet/cm/admission/errors.go, devicemanager/manager.go).

function nodeLost(pod: Parameters<Rule['check']>[0]['pod'], now: number): Finding {
	const node = clean(pod.spec.nodeName ?? '?');
	const deleting = pod.metadata.deletionTimestamp !== undefined;
	const ready = pod.status?.conditions?.find(item => item.type === 'Ready');
	const since = age(ready?.lastTransitionTime, now);
	return {
		id: 'node-lost',
		severity: 'error',
		title: `node ${node} stopped responding${since ? ` ${since} ago` : ''}: the pod's state is unknown${deleting ? ', and it cannot finish terminating (kubectl shows Unknown)' : ''}`,
		evidence: [
			'status.reason: NodeLost',
			`status.message: ${oneLine(pod.status?.message)}`,
			`spec.nodeName: ${node}`,
			...(ready ? [`status.conditions{Ready}: ${clean(ready.status)}${ready.reason ? `, ${clean(ready.reason)}` : ''}`] : []),
			...(deleting ? [`metadata.deletionTimestamp: ${clean(pod.metadata.deletionTimestamp!)}`] : []),
		],
		fix: `Check the node (kubectl get node ${node}; kubectl describe node ${node}): the pod goes once its kubelet answers again or the Node object is deleted. If the machine is gone for good, kubectl delete node ${node}; force-deleting the pod (--grace-period=0 --force) is safe only if the node is really off, or a StatefulSet's pod may run twice.`,
	};
}

function rejected(pod: Parameters<Rule['check']>[0]['pod']): Finding {
	const reason = clean(pod.status?.reason ?? '');
	const message = pod.status?.message ?? '';
	const node = clean(pod.spec.nodeName ?? '?');
	const device = /devices unavailable for (\S+?)\. Requested: (\d+), Available: (\d+)/.exec(message);
	const resource = device?.[1] ?? /^OutOf(\S+)$/.exec(pod.status?.reason ?? '')?.[1];
	const asking = resource
		? entries(pod).flatMap(entry => {
				const value = entry.spec.resources?.limits?.[resource] ?? entry.spec.resources?.requests?.[resource];
				return value !== undefined && parseQuantity(value) !== 0 ? [`${entry.path}.resources.limits.${clean(resource)}: ${clean(value)}`] : [];
			})
		: [];
	const owner = pod.metadata.ownerReferences?.find(ref => ref.controller);
	return {
		id: 'pod-rejected',
		severity: 'error',
		title: `the kubelet on ${node} rejected the pod (${reason})${device ? `: no free ${clean(device[1]!)} (requested ${device[2]}, available ${device[3]})` : `: ${oneLine(message)}`}`,
		evidence: [
			`status.phase: ${clean(pod.status?.phase ?? '')}`,
			`status.reason: ${reason}`,
			`status.message: ${oneLine(message)}`,
			`spec.nodeName: ${node}`,
			...asking,
		],
		fix: `${device ? `The scheduler saw a free ${clean(device[1]!)} on ${node}, its device plugin did not: check the plugin's pod on that node and kubectl describe node ${node} (Allocatable vs Allocated). ` : ''}A rejected pod is Failed and never retried: ${owner ? `delete it and its ${clean(owner.kind)} makes a new one, which may land elsewhere` : 'delete it and create it again'} (kubectl delete pod ${clean(pod.metadata.name)}).`,
	};
}

export const podRejected: Rule = {
	id: 'pod-rejected',
	check({pod, now}) {
		const reason = pod.status?.reason;
		if (reason === 'NodeLost') return [nodeLost(pod, now)];
		if (
			reason &&
			reason !== 'Evicted' &&
			pod.status?.phase === 'Failed' &&
			(reason === 'UnexpectedAdmissionError' || /^(OutOf|Node|Unexpected)|Admission/.test(reason))
		)
			return [rejected(pod)];
		return [];
	},
};
