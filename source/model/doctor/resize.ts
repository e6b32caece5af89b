import {formatBytes} from '../usage-format.js';
import {age, condition, oneLine} from './pod-facts.js';
import {clean, entries, type Finding, type Rule} from './types.js';

// In-place resize (InPlacePodVerticalScaling, GA in 1.35): after a change to a container's
// resources the kubelet sets PodResizePending (reason Infeasible: this node can never fit it;
// Deferred: not now, retried when room frees up) or PodResizeInProgress (reason Error when
// applying failed). Messages such as "Node didn't have enough capacity: memory, requested: N,
// capacity: M" come from pkg/kubelet/allocation/allocation_manager.go. Until then the container
// runs with the resources in status.containerStatuses[].resources.

/** The kubelet writes bytes ("requested: 68719476736"); a person reads 64Gi. */
const readable = (message: string | undefined) =>
	/memory/.test(message ?? '')
		? oneLine(message).replace(/: (\d{7,})\b/g, (_, bytes: string) => `: ${bytes} (${formatBytes(Number(bytes))})`)
		: oneLine(message);

const compare = (pod: Parameters<Rule['check']>[0]['pod']) =>
	entries(pod).flatMap(entry => {
		const wanted = entry.spec.resources ?? {};
		const applied = entry.status?.resources ?? {};
		const lines: string[] = [];
		for (const kind of ['requests', 'limits'] as const) {
			for (const [name, value] of Object.entries(wanted[kind] ?? {})) {
				const now = applied[kind]?.[name];
				if (now !== undefined && now !== value)
					lines.push(`${entry.path}.resources.${kind}.${clean(name)}: ${clean(value)} (running with ${clean(now)}, ${entry.statusPath}.resources)`);
			}
		}
		return lines;
	});

export const resizePending: Rule = {
	id: 'resize',
	check({pod, now}) {
		const pending = condition(pod, 'PodResizePending');
		const progress = condition(pod, 'PodResizeInProgress');
		const findings: Finding[] = [];
		if (pending?.status === 'True') {
			const infeasible = pending.reason === 'Infeasible';
			const since = age(pending.lastTransitionTime, now);
			findings.push({
				id: 'resize',
				severity: 'warning',
				title: infeasible
					? `the resize cannot be done on this node (Infeasible): ${readable(pending.message)}`
					: `the resize waits for room on the node (${clean(pending.reason ?? 'Deferred')}${since ? ` for ${since}` : ''}): ${readable(pending.message)}`,
				evidence: [`status.conditions{PodResizePending}: True, ${clean(pending.reason ?? '')}: ${readable(pending.message)}`, ...compare(pod)],
				fix: infeasible
					? "Set the container's resources back to what the node can hold (it keeps running with the old ones meanwhile), or recreate the pod with the new resources so the scheduler places it on a node big enough."
					: "The kubelet applies it as soon as the node has room: lower the new requests, or free capacity on the node (other pods' requests hold it).",
			});
		}
		if (progress?.status === 'True' && progress.reason === 'Error') {
			findings.push({
				id: 'resize',
				severity: 'warning',
				title: `applying the resize failed: ${readable(progress.message)}`,
				evidence: [`status.conditions{PodResizeInProgress}: True, Error: ${readable(progress.message)}`, ...compare(pod)],
				fix: 'The kubelet retries; if the error persists, set the resources back, or recreate the pod with the new values.',
			});
		} else if (progress?.status === 'True' && pending?.status !== 'True') {
			findings.push({
				id: 'resize',
				severity: 'info',
				title: 'a resize is being applied',
				evidence: [`status.conditions{PodResizeInProgress}: True`, ...compare(pod)],
				fix: 'Nothing to do: the kubelet applies the new resources in place.',
			});
		}
		return findings;
	},
};
