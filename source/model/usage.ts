import type {ContainerRole} from './containers.js';
import type {Container, ObjectMeta, Pod} from './k8s.js';
import {toTime} from './k8s.js';
import {isRestartableInitContainer} from './pod-status.js';
import {parseQuantity} from './quantity.js';

// Per-container CPU and memory from metrics.k8s.io against requests and limits, with a short
// bounded history for sparklines and peaks, and the pod's totals counted the way Kubernetes
// counts them for scheduling (init containers and native sidecars included).

export type PodMetrics = {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	timestamp?: string;
	window?: string;
	containers: Array<{name: string; usage: {cpu?: string; memory?: string}}>;
};

/** cpu in cores, memory in bytes, per container name. */
export type UsageSample = {at: number; cpu: Record<string, number>; memory: Record<string, number>};

export type UsageHistory = {samples: UsageSample[]; unavailable?: string; peakMemory: Record<string, number>};

/** Ten minutes at metrics-server's pace: enough for a trend, bounded whatever the session length. */
export const maxSamples = 60;

export const emptyUsage = (): UsageHistory => ({samples: [], peakMemory: {}});

export function addSample(history: UsageHistory, metrics: PodMetrics, at: number): UsageHistory {
	const sample: UsageSample = {at: toTime(metrics.timestamp) ?? at, cpu: {}, memory: {}};
	const peakMemory = {...history.peakMemory};
	for (const container of metrics.containers ?? []) {
		const cpu = parseQuantity(container.usage.cpu);
		const memory = parseQuantity(container.usage.memory);
		if (cpu !== undefined) sample.cpu[container.name] = cpu;
		if (memory !== undefined) {
			sample.memory[container.name] = memory;
			peakMemory[container.name] = Math.max(peakMemory[container.name] ?? 0, memory);
		}
	}
	// metrics-server repeats a sample until its next scrape: keep one per timestamp.
	const samples = history.samples.at(-1)?.at === sample.at ? [...history.samples.slice(0, -1), sample] : [...history.samples, sample];
	return {samples: samples.slice(-maxSamples), peakMemory};
}

export const markUnavailable = (history: UsageHistory, reason: string): UsageHistory => ({...history, unavailable: reason});

export type Amount = {usage?: number; request?: number; limit?: number; series: number[]};
export type ContainerUsage = {name: string; role: ContainerRole; cpu: Amount; memory: Amount; peakMemory?: number};

const amount = (container: Container, resource: 'cpu' | 'memory', samples: UsageSample[]): Amount => {
	const series = samples.map(sample => sample[resource][container.name]).filter((value): value is number => value !== undefined);
	const last = samples.at(-1)?.[resource][container.name];
	const result: Amount = {series};
	if (last !== undefined) result.usage = last;
	const request = parseQuantity(container.resources?.requests?.[resource]);
	const limit = parseQuantity(container.resources?.limits?.[resource]);
	if (request !== undefined) result.request = request;
	if (limit !== undefined) result.limit = limit;
	return result;
};

/** Every container (init containers that finished have no usage) in start order. */
export function containerUsage(pod: Pod, history: UsageHistory): ContainerUsage[] {
	const rows = [
		...(pod.spec.initContainers ?? []).map(container => ({container, role: (isRestartableInitContainer(container) ? 'sidecar' : 'init') as ContainerRole})),
		...pod.spec.containers.map(container => ({container, role: 'main' as ContainerRole})),
	];
	return rows.map(({container, role}) => {
		const row: ContainerUsage = {
			name: container.name,
			role,
			cpu: amount(container, 'cpu', history.samples),
			memory: amount(container, 'memory', history.samples),
		};
		if (history.peakMemory[container.name] !== undefined) row.peakMemory = history.peakMemory[container.name];
		return row;
	});
}

/**
 * What Kubernetes reserves for the pod (component-helpers' PodRequests with sidecars): the
 * larger of the long-running sum (main containers and native sidecars) and, for each init
 * container, its own value plus the sidecars started before it. Undefined when nothing sets it.
 */
export function effectiveResource(pod: Pod, resource: 'cpu' | 'memory', kind: 'requests' | 'limits'): number | undefined {
	const value = (container: Container) => parseQuantity(container.resources?.[kind]?.[resource]);
	let any = false;
	const of = (container: Container) => {
		const found = value(container);
		if (found !== undefined) any = true;
		return found ?? 0;
	};
	let sum = pod.spec.containers.reduce((total, container) => total + of(container), 0);
	let sidecars = 0;
	let initPeak = 0;
	for (const container of pod.spec.initContainers ?? []) {
		if (isRestartableInitContainer(container)) {
			sidecars += of(container);
			initPeak = Math.max(initPeak, sidecars);
		} else {
			initPeak = Math.max(initPeak, of(container) + sidecars);
		}
	}
	sum += sidecars;
	return any ? Math.max(sum, initPeak) : undefined;
}

export type PodTotals = {cpu: Amount; memory: Amount};

export function podTotals(pod: Pod, history: UsageHistory): PodTotals {
	const total = (resource: 'cpu' | 'memory'): Amount => {
		const series = history.samples.map(sample => Object.values(sample[resource]).reduce((sum, item) => sum + item, 0));
		const result: Amount = {series};
		const last = history.samples.at(-1);
		if (last) result.usage = Object.values(last[resource]).reduce((sum, item) => sum + item, 0);
		const request = effectiveResource(pod, resource, 'requests');
		const limit = effectiveResource(pod, resource, 'limits');
		if (request !== undefined) result.request = request;
		// A limit on some containers only does not bound the pod.
		const longRunning = [...pod.spec.containers, ...(pod.spec.initContainers ?? []).filter(isRestartableInitContainer)];
		if (limit !== undefined && longRunning.every(container => container.resources?.limits?.[resource] !== undefined)) result.limit = limit;
		return result;
	};
	return {cpu: total('cpu'), memory: total('memory')};
}

const blocks = '▁▂▃▄▅▆▇█';

/** The last `width` values as block characters, scaled to `max` (default: their own peak). */
export function sparkline(values: number[], width: number, max?: number): string {
	const recent = values.slice(-width);
	const top = max ?? Math.max(0, ...recent);
	const chars = recent.map(value => (top <= 0 ? blocks[0]! : blocks[Math.min(blocks.length - 1, Math.round((value / top) * (blocks.length - 1)))]!));
	return chars.join('').padStart(width, ' ');
}

/** A usage bar against a limit (else the request): "████▌·····", `width` cells. */
export function usageBar(usage: number | undefined, scale: number | undefined, width: number): string {
	if (usage === undefined || !scale) return '·'.repeat(width);
	const eighths = Math.round(Math.min(1, usage / scale) * width * 8);
	const full = Math.floor(eighths / 8);
	const partial = eighths % 8;
	const partialChar = partial > 0 ? '▏▎▍▌▋▊▉'[partial - 1]! : '';
	return ('█'.repeat(full) + partialChar).padEnd(width, '·').slice(0, width);
}
