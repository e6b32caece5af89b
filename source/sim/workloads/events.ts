import type {KubeEvent, ObjectMeta} from '../../model/k8s.js';
import type {ObjectStore} from '../store.js';

// The events kube-controller-manager's controllers record. They use client-go's legacy
// core/v1 recorder with a source component and no host (eventBroadcaster.NewRecorder with
// v1.EventSource{Component: "deployment-controller"}): identical events fold into one with a
// count, and the reporting controller is the component.

type Subject = {apiVersion: string; kind: string; metadata: ObjectMeta};

const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class ControllerEvents {
	private readonly byKey = new Map<string, string>();
	private lastNanos = 0n;

	constructor(
		private readonly store: ObjectStore<KubeEvent>,
		private readonly now: () => number,
	) {}

	record(subject: Subject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void {
		const namespace = subject.metadata.namespace ?? 'default';
		const ms = this.now();
		const stamp = seconds(ms);
		const key = [subject.metadata.uid, type, reason, message, component].join('\u0000');
		const existingName = this.byKey.get(key);
		const existing = existingName ? this.store.get(namespace, existingName) : undefined;
		if (existing) {
			this.store.update({...existing, count: (existing.count ?? 1) + 1, lastTimestamp: stamp});
			return;
		}
		let nanos = BigInt(ms) * 1_000_000n;
		if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
		this.lastNanos = nanos;
		const name = `${subject.metadata.name}.${nanos.toString(16)}`;
		this.byKey.set(key, name);
		this.store.create({
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name, namespace, creationTimestamp: stamp, uid: crypto.randomUUID()},
			involvedObject: {
				kind: subject.kind,
				namespace,
				name: subject.metadata.name,
				uid: subject.metadata.uid,
				apiVersion: subject.apiVersion,
				resourceVersion: subject.metadata.resourceVersion,
			},
			reason,
			message,
			source: {component},
			firstTimestamp: stamp,
			lastTimestamp: stamp,
			count: 1,
			type,
			eventTime: null,
			reportingComponent: component,
			reportingInstance: '',
		});
	}
}
