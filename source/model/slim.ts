import type {KubeEvent, Pod} from './k8s.js';
import {type Interner, internStrings} from './interner.js';

// What the TUI keeps of each object its list watches, as client-go's informers' transform
// functions do: thousands of pods and tens of thousands of events live for the whole session.

const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * A pod as the list keeps it: everything any screen reads (list, containers, describe, doctor,
 * timeline, logs, port-forward), without managedFields (often a third of a real cluster's pod)
 * or the last-applied annotation (a copy of the manifest describe does not show), and with its
 * strings shared (when given an interner: see internStrings for doing that later). Changes and
 * returns the object it is given: one fresh from JSON.parse.
 */
export function slimPod(pod: Pod, strings?: Interner): Pod {
	const metadata = pod.metadata;
	if (metadata) {
		delete metadata.managedFields;
		if (metadata.annotations && lastApplied in metadata.annotations) {
			const {[lastApplied]: _, ...rest} = metadata.annotations;
			metadata.annotations = rest;
		}
	}
	return strings ? internStrings(pod, strings) : pod;
}

/**
 * An event as the namespace doctor keeps it: what diagnose() and the event index read (which
 * pod it is about, its reason, message, type, count and times, and its resourceVersion for the
 * doctor's cache). The scope's events outnumber its pods ten to one (5,000 pods started: 55,000
 * events); slim and with shared strings, each takes 350 bytes instead of 840.
 */
export function slimEvent(event: KubeEvent, strings: Interner): KubeEvent {
	const {metadata, involvedObject} = event;
	const slim: KubeEvent = {
		metadata: {name: metadata.name, namespace: metadata.namespace, resourceVersion: metadata.resourceVersion, creationTimestamp: metadata.creationTimestamp},
		involvedObject: {
			kind: involvedObject?.kind,
			namespace: involvedObject?.namespace,
			name: involvedObject?.name,
			uid: involvedObject?.uid,
			fieldPath: involvedObject?.fieldPath,
		},
		reason: event.reason,
		message: event.message,
		type: event.type,
		count: event.count,
		firstTimestamp: event.firstTimestamp,
		lastTimestamp: event.lastTimestamp,
		eventTime: event.eventTime,
	};
	if (event.series) slim.series = event.series;
	return internStrings(slim, strings);
}
