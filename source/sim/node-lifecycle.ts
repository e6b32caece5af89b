import type {Cancel, Clock} from './clock.js';
import type {Node} from './cluster.js';
import type {ObjectStore} from './store.js';

// The one duty of kube-controller-manager's node lifecycle controller the sim's node needs:
// a cordoned node (spec.unschedulable) carries the node.kubernetes.io/unschedulable:NoSchedule
// taint, stamped with when it was added (SwapNodeControllerTaint), and loses it when
// uncordoned (doNoScheduleTaintingPass, pkg/controller/nodelifecycle/node_lifecycle_controller.go,
// v1.35.4). The write follows the change, never inside it.

const key = 'node.kubernetes.io/unschedulable';

type Taint = {key: string; value?: string; effect: string; timeAdded?: string};

const stamp = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

function tainted(node: Node, now: number): Node | undefined {
	const spec = node.spec as {unschedulable?: boolean; taints?: Taint[]};
	const taints = spec.taints ?? [];
	const has = taints.some(taint => taint.key === key && taint.effect === 'NoSchedule');
	if (Boolean(spec.unschedulable) === has) return undefined;
	const next = spec.unschedulable
		? [...taints, {key, effect: 'NoSchedule', timeAdded: stamp(now)}]
		: taints.filter(taint => !(taint.key === key && taint.effect === 'NoSchedule'));
	const {taints: _old, ...rest} = spec;
	return {...node, spec: next.length > 0 ? {...rest, taints: next} : rest};
}

export function nodeLifecycle(nodes: ObjectStore<Node>, clock: Clock): Cancel {
	return nodes.watch(nodes.revision, ({type, object}) => {
		if (type !== 'MODIFIED' || !tainted(object, clock.now())) return;
		clock.after(0, () => {
			const current = nodes.get(undefined, object.metadata.name);
			const next = current && tainted(current, clock.now());
			if (next) nodes.update(next);
		});
	});
}
