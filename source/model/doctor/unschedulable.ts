import type {Node} from '../k8s-node.js';
import {parseQuantity} from '../quantity.js';
import {affinityAllows, requirementText, selectorMisses, taintText, untoleratedTaints} from './node-match.js';
import {age, condition, eventLine, oneLine, podEvents} from './pod-facts.js';
import {formatAmount, podRequest} from './pod-requests.js';
import {clean, type DoctorInput, entries, type Rule} from './types.js';

// The scheduler's FailedScheduling message explained. kube-scheduler 1.35 writes one text for
// the event and the PodScheduled condition (FitError.Error, pkg/scheduler/framework/types.go):
// "0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption:
// 0/1 nodes are available: 1 Preemption is not helpful for scheduling." Each reason is matched
// to the part of the spec that causes it and, when the nodes could be listed, to the node's side.

type Explanation = {title: string; evidence: string[]; fix: string};

/** The reasons of the filter part ("1 Insufficient cpu", "1 node(s) had untolerated taint(s)"), and what preemption said. */
export function parseFitError(message: string): {reasons: string[]; preemption?: string} {
	const text = message.replace(/\s+/g, ' ').trim();
	const head = /^0\/\d+ nodes are available: (.*?)\.(?: |$)/.exec(text);
	const reasons = head ? head[1]!.split(/, (?=\d+ )/).map(reason => reason.replace(/^\d+ /, '')) : [text];
	const preemption = /preemption: 0\/\d+ nodes are available: (?:\d+ )?(.*?)\.?$/.exec(text)?.[1];
	return {reasons, ...(preemption ? {preemption} : {})};
}

function insufficient(input: DoctorInput, resource: string): Explanation {
	const {pod} = input;
	const request = podRequest(pod, resource);
	const wanted = formatAmount(resource, request.total);
	const sizes = (input.nodes ?? [])
		.map(node => ({node, raw: node.status?.allocatable?.[resource], value: parseQuantity(node.status?.allocatable?.[resource])}))
		.filter(item => item.value !== undefined);
	const largest = sizes.length > 0 ? Math.max(...sizes.map(item => item.value!)) : undefined;
	const tooBig = largest !== undefined && request.total > largest;
	const field =
		request.from === 'pod-level'
			? `spec.resources.requests.${resource}`
			: request.from === 'init'
				? `spec.initContainers{${clean(request.initName!)}}.resources.requests.${resource}`
				: request.largest
					? `${request.largest}.resources.requests.${resource}`
					: `the containers' resources.requests.${resource}`;
	const evidence = [
		...request.evidence,
		...(request.from === 'init'
			? [`init container ${clean(request.initName!)} with the native sidecars declared before it needs ${wanted}, more than the containers that run after it`]
			: []),
		...(input.nodes === undefined
			? ['nodes: not listed (no permission to list nodes?): compare with kubectl describe nodes']
			: sizes.map(item => {
					const human = formatAmount(resource, item.value!);
					return `node ${clean(item.node.metadata.name)} status.allocatable.${clean(resource)}: ${clean(item.raw!)}${human === item.raw ? '' : ` (${human})`}`;
				})),
	];
	return tooBig
		? {
				title: `it requests ${wanted} ${resource}, more than any node can allocate (${formatAmount(resource, largest)})`,
				evidence,
				fix: `Lower ${field} to what the pod needs (at most ${formatAmount(resource, largest)} here), or add a node with more ${resource}.`,
			}
		: {
				title: `it requests ${wanted} ${resource} and no node has that much ${input.nodes === undefined ? 'free' : 'left unrequested'}`,
				evidence,
				fix: `Other pods' requests hold the rest of the nodes' ${resource} (kubectl describe node: "Allocated resources"): lower ${field}, scale down or delete pods you do not need, or add a node.`,
			};
}

function selector(input: DoctorInput): Explanation {
	const {pod} = input;
	const wanted = Object.entries(pod.spec.nodeSelector ?? {});
	const terms = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
	const nodes = input.nodes ?? [];
	const evidence = [
		...wanted.map(([key, value]) => `spec.nodeSelector.${clean(key)}: ${clean(value)}`),
		...terms.map(
			(term, index) =>
				`spec.affinity.nodeAffinity.required…nodeSelectorTerms[${index}]: ${clean([...(term.matchExpressions ?? []), ...(term.matchFields ?? [])].map(requirementText).join(', '))}`,
		),
		...nodes.flatMap(node => [
			...selectorMisses(pod, node).map(miss => {
				const key = miss.split('=')[0]!;
				return `node ${clean(node.metadata.name)} metadata.labels.${clean(key)}: ${clean(node.metadata.labels?.[key] ?? '<unset>')}`;
			}),
			...(affinityAllows(pod, node) ? [] : [`node ${clean(node.metadata.name)}: matches none of the required nodeSelectorTerms`]),
		]),
	];
	const labels = wanted.map(([key, value]) => `${key}=${value}`).join(' ');
	return {
		title: wanted.length > 0 ? `no node has the labels of its nodeSelector (${clean(labels)})` : 'no node matches its required node affinity',
		evidence,
		fix:
			wanted.length > 0
				? `Label the node that should run it (kubectl label node NODE ${clean(labels)}), or change spec.nodeSelector to labels your nodes have (kubectl get nodes --show-labels).`
				: "Change spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution to match your nodes' labels (kubectl get nodes --show-labels), or make it preferred.",
	};
}

function taints(input: DoctorInput): Explanation {
	const tainted = (input.nodes ?? []).map(node => ({node, taints: untoleratedTaints(input.pod, node)})).filter(item => item.taints.length > 0);
	const cordoned = tainted.filter(item => item.taints.some(taint => taint.key === 'node.kubernetes.io/unschedulable'));
	const first = tainted[0]?.taints.find(taint => taint.key !== 'node.kubernetes.io/unschedulable');
	const evidence = [
		`spec.tolerations: ${clean((input.pod.spec.tolerations ?? []).map(item => `${item.key ?? '*'}${item.value ? `=${item.value}` : ''}:${item.effect ?? '*'}`).join(', ') || '<none>')}`,
		...tainted.map(item => `node ${clean(item.node.metadata.name)} spec.taints: ${clean(item.taints.map(taintText).join(', '))} (not tolerated)`),
		...(input.nodes === undefined ? ['nodes: not listed: see kubectl describe nodes | grep Taints'] : []),
	];
	if (cordoned.length > 0 && !first) {
		const name = clean(cordoned[0]!.node.metadata.name);
		return {
			title: `the node is cordoned (taint node.kubernetes.io/unschedulable)`,
			evidence,
			fix: `Uncordon the node once its maintenance is over (kubectl uncordon ${name}).`,
		};
	}
	return {
		title: `the nodes carry taints it does not tolerate${first ? ` (${clean(taintText(first))})` : ''}`,
		evidence,
		fix: first
			? `If the pod belongs on that node, add to spec.tolerations {key: ${clean(first.key)}, operator: Equal, value: ${clean(first.value ?? '')}, effect: ${clean(first.effect)}}; otherwise remove the taint (kubectl taint node ${clean(tainted[0]!.node.metadata.name)} ${clean(taintText(first))}-).`
			: 'Add a matching toleration to spec.tolerations, or remove the taint from the node (kubectl describe nodes | grep Taints).',
	};
}

function cordon(input: DoctorInput): Explanation {
	const nodes = (input.nodes ?? []).filter((node: Node) => node.spec?.unschedulable);
	return {
		title: 'the node is cordoned (spec.unschedulable)',
		evidence: nodes.map(node => `node ${clean(node.metadata.name)} spec.unschedulable: true`),
		fix: `Uncordon the node once its maintenance is over (kubectl uncordon ${clean(nodes[0]?.metadata.name ?? 'NODE')}), or add a node.`,
	};
}

function hostPorts(input: DoctorInput): Explanation {
	const ports = entries(input.pod).flatMap(entry =>
		(entry.spec.ports ?? []).flatMap((port, index) => (port.hostPort ? [`${entry.path}.ports[${index}].hostPort: ${port.hostPort}`] : [])),
	);
	return {
		title: 'another pod on the node already binds its hostPort',
		evidence: ports,
		fix: 'Drop hostPort (reach the pod through a Service instead), or run at most one such pod per node (a DaemonSet).',
	};
}

const simple: Array<[RegExp, (input: DoctorInput, match: RegExpExecArray) => Explanation]> = [
	[/^Insufficient (\S+)$/, (input, match) => insufficient(input, match[1]!)],
	[/didn't match Pod's node affinity\/selector/, selector],
	[/untolerated taint/, taints],
	[/were unschedulable/, cordon],
	[/didn't have free ports/, hostPorts],
	[
		/^Too many pods$/,
		() => ({title: 'the nodes run as many pods as they may (status.allocatable.pods)', evidence: [], fix: 'Delete pods you do not need, or add a node.'}),
	],
	[
		/pod (?:anti-)?affinity|existing pods anti-affinity/,
		({pod}) => ({
			title: 'its pod affinity or anti-affinity rules exclude every node',
			evidence: [
				`spec.affinity.podAffinity: ${pod.spec.affinity?.podAffinity ? 'set' : '<unset>'}`,
				`spec.affinity.podAntiAffinity: ${pod.spec.affinity?.podAntiAffinity ? 'set' : '<unset>'}`,
			],
			fix: 'Relax spec.affinity.podAffinity/podAntiAffinity (preferred instead of required), or add nodes in the topology it asks for.',
		}),
	],
	[
		/topology spread constraints/,
		({pod}) => ({
			title: 'placing it would break its topology spread constraints',
			evidence: (pod.spec.topologySpreadConstraints ?? []).map(
				(item, index) => `spec.topologySpreadConstraints[${index}]: maxSkew ${item.maxSkew}, ${clean(item.topologyKey)}, ${clean(item.whenUnsatisfiable)}`,
			),
			fix: 'Raise maxSkew or use whenUnsatisfiable: ScheduleAnyway in spec.topologySpreadConstraints, or add nodes in the missing topology domain.',
		}),
	],
	[
		/PersistentVolumeClaim|persistentvolumeclaim|volume node affinity/,
		({pod}) => ({
			title: 'its volumes cannot be provided on any node',
			evidence: (pod.spec.volumes ?? [])
				.filter(volume => volume.persistentVolumeClaim)
				.map(volume => `spec.volumes{${clean(volume.name)}}.persistentVolumeClaim.claimName: ${clean(volume.persistentVolumeClaim!.claimName)}`),
			fix: 'Check the claims (kubectl describe pvc): a missing claim, no StorageClass to provision it, or a volume bound to a zone without nodes.',
		}),
	],
];

const preemptionMeaning = (text: string) =>
	/not helpful/.test(text)
		? 'preemption: evicting lower-priority pods would not make room'
		: /No preemption victims/.test(text)
			? 'preemption: it would fit if some pods were gone, but none has a lower priority it may preempt'
			: `preemption: ${oneLine(text)}`;

export const unschedulable: Rule = {
	id: 'unschedulable',
	check(input) {
		const {pod} = input;
		if (pod.spec.nodeName || (pod.spec.schedulingGates?.length ?? 0) > 0) return [];
		const scheduled = condition(pod, 'PodScheduled');
		const events = podEvents(input, /^FailedScheduling$/);
		const conditionMessage = scheduled?.status === 'False' && scheduled.reason === 'Unschedulable' ? scheduled.message : undefined;
		const message = conditionMessage ?? events.at(-1)?.message;
		if (!message) return [];
		const {reasons, preemption} = parseFitError(message);
		const explained = reasons.map(reason => {
			for (const [pattern, explain] of simple) {
				const match = pattern.exec(reason);
				if (match) return explain(input, match);
			}
			return {
				title: oneLine(reason),
				evidence: [],
				fix: "Read the reason above in the scheduler's message and compare the pod spec with kubectl describe nodes.",
			};
		});
		const since = age(scheduled?.lastTransitionTime, input.now);
		return [
			{
				id: 'unschedulable',
				severity: 'error',
				title: `the pod cannot be scheduled: ${explained.map(item => item.title).join('; ')}`,
				evidence: [
					...(scheduled?.status === 'False' ? [`status.conditions{PodScheduled}: False, ${clean(scheduled.reason ?? '')}${since ? ` for ${since}` : ''}`] : []),
					...(events.length > 0 ? [eventLine(events.at(-1)!)] : [`status.conditions{PodScheduled}.message: ${oneLine(message)}`]),
					...explained.flatMap(item => item.evidence),
					...(preemption ? [preemptionMeaning(preemption)] : []),
				],
				fix: explained.map(item => item.fix).join(' '),
			},
		];
	},
};
