import type {PodMetrics} from '../model/usage.js';
import {KubeError, type KubeHttp} from './http.js';

// metrics.k8s.io, as metrics-server (bundled with k3s) serves it. A cluster without it
// answers 404 (no such group) or 503 (the APIService is down): that is "metrics
// unavailable", a state to show, never an error to raise.

export type MetricsResult = {available: true; metrics: PodMetrics} | {available: false; reason: string};

export async function getPodMetrics(http: KubeHttp, namespace: string, pod: string, signal?: AbortSignal): Promise<MetricsResult> {
	try {
		const metrics = await http.json<PodMetrics>(`/apis/metrics.k8s.io/v1beta1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}`, {
			signal,
		});
		return {available: true, metrics};
	} catch (error) {
		if (error instanceof KubeError && [403, 404, 503].includes(error.code))
			return {available: false, reason: error.code === 403 ? 'metrics forbidden' : 'metrics unavailable'};
		if (error instanceof KubeError && error.code === 0 && error.reason === 'Aborted') throw error;
		return {available: false, reason: 'metrics unavailable'};
	}
}

export type MetricsPoller = {stop(): void};

/** Sample the pod's metrics every `intervalMs` (metrics-server itself refreshes every 15 s). */
export function pollPodMetrics(
	http: KubeHttp,
	namespace: string,
	pod: string,
	onResult: (result: MetricsResult, at: number) => void,
	intervalMs = 10_000,
): MetricsPoller {
	const controller = new AbortController();
	let timer: NodeJS.Timeout | undefined;
	const tick = async () => {
		try {
			const result = await getPodMetrics(http, namespace, pod, controller.signal);
			if (!controller.signal.aborted) onResult(result, Date.now());
		} catch {
			return;
		}
		if (!controller.signal.aborted) timer = setTimeout(tick, intervalMs);
	};
	void tick();
	return {
		stop() {
			controller.abort();
			if (timer) clearTimeout(timer);
		},
	};
}
