import {toTime} from '../k8s.js';
import {age, isTerminal} from './pod-facts.js';
import {clean, listNames, type Rule} from './types.js';

// A deleted pod that does not go. metadata.deletionTimestamp is when the grace period ends
// (the request time plus deletionGracePeriodSeconds), so "deleted at" is that minus the grace.
// The API keeps the object while metadata.finalizers is not empty, even once the kubelet has
// stopped every container (kubectl then prints Completed or Error, not Terminating); without
// finalizers, a pod past its grace period is waiting for a kubelet that does not answer.

const slackMs = 30_000;

export const stuckTerminating: Rule = {
	id: 'stuck-terminating',
	check({pod, now}) {
		const deletion = toTime(pod.metadata.deletionTimestamp);
		if (deletion === undefined || pod.status?.reason === 'NodeLost') return [];
		const grace = pod.metadata.deletionGracePeriodSeconds ?? 0;
		const requested = deletion - grace * 1000;
		const since = age(requested, now) ?? '?';
		const finalizers = pod.metadata.finalizers ?? [];
		const stopped = isTerminal(pod);
		const pastGrace = now > deletion + slackMs;
		const evidence = [
			`metadata.deletionTimestamp: ${clean(pod.metadata.deletionTimestamp!)} (deleted ${since} ago, grace period ${grace}s)`,
			...finalizers.map((finalizer, index) => `metadata.finalizers[${index}]: ${clean(finalizer)}`),
			...(pod.status?.phase ? [`status.phase: ${clean(pod.status.phase)}${stopped ? ' (every container has stopped)' : ''}`] : []),
		];
		const name = clean(pod.metadata.name);
		if (finalizers.length > 0 && (stopped || pastGrace)) {
			const domains = [...new Set(finalizers.map(item => (item.includes('/') ? item.split('/')[0]! : item)))];
			return [
				{
					id: 'stuck-terminating',
					severity: 'warning',
					title: `the pod was deleted ${since} ago but ${finalizers.length === 1 ? 'finalizer' : 'finalizers'} ${listNames(finalizers.map(clean))} ${finalizers.length === 1 ? 'keeps' : 'keep'} it${stopped ? ': its containers have stopped, the object stays until the list is empty' : ''}`,
					evidence,
					fix: `The controller that added ${finalizers.length === 1 ? 'it' : 'them'} (${listNames(domains.map(clean))}) removes ${finalizers.length === 1 ? 'it' : 'them'} when its clean-up is done: is it running? If nothing will, remove ${finalizers.length === 1 ? 'it' : 'them'} yourself: kubectl patch pod ${name} --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'.`,
				},
			];
		}
		if (!pastGrace || stopped) return [];
		const node = clean(pod.spec.nodeName ?? '');
		return [
			{
				id: 'stuck-terminating',
				severity: 'warning',
				title: `the pod has been Terminating for ${since}, past its ${grace}s grace period: ${node ? `the kubelet on ${node} has not confirmed` : 'nothing has confirmed'} that its containers stopped`,
				evidence,
				fix: node
					? `Check the node (kubectl get node ${node}; kubectl describe node ${node}). If it is gone for good, kubectl delete pod ${name} --grace-period=0 --force removes the object (its containers may still run if the node comes back).`
					: `Force the deletion: kubectl delete pod ${name} --grace-period=0 --force.`,
			},
		];
	},
};
