import {randomBytes} from 'node:crypto';
import type {KubeEvent, Pod} from '../model/k8s.js';
import type {ObjectStore} from './store.js';

// client-go's event recorder as the kubelet uses it: identical events (same object,
// field, reason, message, source) are folded into one with a count and a last timestamp.

const seconds = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

export class EventRecorder {
	private readonly byKey = new Map<string, string>();

	constructor(
		private readonly store: ObjectStore<KubeEvent>,
		private readonly now: () => number,
		private readonly host: string,
	) {}

	record(pod: Pod, type: string, reason: string, message: string, fieldPath?: string, component = 'kubelet'): void {
		const namespace = pod.metadata.namespace ?? 'default';
		const key = [pod.metadata.uid, fieldPath, type, reason, message, component].join('\u0000');
		const stamp = seconds(this.now());
		const existingName = this.byKey.get(key);
		const existing = existingName ? this.store.get(namespace, existingName) : undefined;
		if (existing) {
			this.store.update({...existing, count: (existing.count ?? 1) + 1, lastTimestamp: stamp});
			return;
		}
		const name = `${pod.metadata.name}.${randomBytes(8).toString('hex')}`;
		this.byKey.set(key, name);
		const fromKubelet = component === 'kubelet';
		this.store.create({
			apiVersion: 'v1',
			kind: 'Event',
			metadata: {name, namespace, creationTimestamp: stamp, uid: crypto.randomUUID()},
			involvedObject: {
				kind: 'Pod',
				namespace,
				name: pod.metadata.name,
				uid: pod.metadata.uid,
				apiVersion: 'v1',
				resourceVersion: pod.metadata.resourceVersion,
				...(fieldPath ? {fieldPath} : {}),
			},
			reason,
			message,
			source: fromKubelet ? {component, host: this.host} : {},
			firstTimestamp: stamp,
			lastTimestamp: stamp,
			count: 1,
			type,
			eventTime: null,
			reportingComponent: fromKubelet ? 'kubelet' : component,
			reportingInstance: fromKubelet ? this.host : '',
		});
	}

	/** Events of a deleted Pod stay, as they do until their TTL; only the folding index goes. */
	forget(uid: string | undefined): void {
		for (const key of this.byKey.keys()) {
			if (key.startsWith(`${uid}\u0000`)) this.byKey.delete(key);
		}
	}
}
