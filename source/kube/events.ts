import type {KubeEvent} from '../model/k8s.js';
import type {KubeHttp} from './http.js';
import {type ConnectionState, ListWatch} from './list-watch.js';

// A pod's events, live: an informer on the namespace's events narrowed by a field selector
// to the pod, so a busy namespace costs nothing and new events arrive as they are recorded.

export type PodEventsHandle = {stop(): void};

export function eventFieldSelector(namespace: string, pod: string): string {
	return `involvedObject.name=${pod},involvedObject.namespace=${namespace}`;
}

export function watchPodEvents(
	http: KubeHttp,
	namespace: string,
	pod: string,
	onEvents: (events: KubeEvent[]) => void,
	onState?: (state: ConnectionState) => void,
): PodEventsHandle {
	const informer = new ListWatch<KubeEvent>(http, `/api/v1/namespaces/${encodeURIComponent(namespace)}/events`, {
		fieldSelector: eventFieldSelector(namespace, pod),
		onChange: objects => onEvents([...objects.values()]),
		onState,
	});
	informer.start();
	return {stop: () => informer.stop()};
}
