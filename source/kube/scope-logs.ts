import type {Pod} from '../model/k8s.js';
import type {KubeHttp} from './http.js';
import {collectLogs} from './pod-details.js';

// Log tails for many pods at once, a few pods at a time: 300 pods must not mean 600 requests in
// flight against one API server. Each pod's tails are what the one-pod doctor reads (collectLogs),
// so both paths see the same evidence.

export type PodLogs = Awaited<ReturnType<typeof collectLogs>>;

export async function collectLogsOf(http: KubeHttp, pods: Pod[], concurrency = 4, signal?: AbortSignal): Promise<Map<Pod, PodLogs>> {
	const logs = new Map<Pod, PodLogs>();
	let next = 0;
	const worker = async () => {
		while (next < pods.length) {
			const pod = pods[next++]!;
			logs.set(pod, await collectLogs(http, pod, signal));
		}
	};
	await Promise.all(Array.from({length: Math.min(concurrency, pods.length)}, worker));
	return logs;
}
