import type {Action, AppState} from '../model/app-state.js';
import type {ContainerRef} from '../model/container-ref.js';
import {containerRows} from '../model/containers.js';
import type {Pod} from '../model/k8s.js';
import {ownerText} from '../model/owner.js';
import type {Store} from '../model/store.js';
import type {LogSession} from './log-session.js';

// A logs screen opened on a workload follows its rollout: a pod of the workload that appears
// gets panes (the same containers the screen opened with, by name), a pod that is deleted
// closes its panes with a marker line. The pods come from the session's pod informer (the
// store), which already watches the namespace: no second watch for the same pods. A pod
// recreated under the same name (a StatefulSet's) is a new pod: its uid changed.

export class RolloutFollower {
	/** The workload's pods on screen: name → uid ('' until first seen in the store). */
	private readonly known = new Map<string, string>();
	private readonly containers: Set<string>;
	private lastPods?: readonly Pod[];
	private unsubscribe?: () => void;

	constructor(
		private readonly store: Store<AppState, Action>,
		private readonly session: LogSession,
		private readonly namespace: string,
		/** The workload as the list names it: `deploy/web`. */
		private readonly owner: string,
		opened: readonly ContainerRef[],
	) {
		for (const ref of opened) this.known.set(ref.pod, '');
		this.containers = new Set(opened.map(ref => ref.container));
	}

	start(): void {
		this.unsubscribe = this.store.subscribe(() => this.sync());
		this.sync();
	}

	stop(): void {
		this.unsubscribe?.();
		this.unsubscribe = undefined;
	}

	/** The containers a new pod gets panes for: those the screen opened with, else its default one. */
	private containersOf(pod: Pod): string[] {
		const rows = containerRows(pod);
		const same = rows.filter(row => this.containers.has(row.name)).map(row => row.name);
		if (same.length > 0) return same;
		const fallback = rows.find(row => row.isDefault) ?? rows[0];
		return fallback ? [fallback.name] : [];
	}

	private sync(): void {
		const {pods, listed} = this.store.getSnapshot();
		if (!listed || pods === this.lastPods) return;
		this.lastPods = pods;
		const current = new Map<string, Pod>();
		for (const pod of pods) {
			if ((pod.metadata.namespace ?? '') === this.namespace && ownerText(pod) === this.owner) current.set(pod.metadata.name, pod);
		}
		for (const [name, uid] of this.known) {
			const pod = current.get(name);
			const sameUid = pod && (uid === '' || uid === (pod.metadata.uid ?? ''));
			if (sameUid) {
				this.known.set(name, pod.metadata.uid ?? '');
				continue;
			}
			this.known.delete(name);
			this.session.podGone(this.namespace, name);
		}
		for (const [name, pod] of current) {
			if (this.known.has(name)) continue;
			this.known.set(name, pod.metadata.uid ?? '');
			this.session.addPod(this.namespace, name, this.containersOf(pod));
		}
	}
}
