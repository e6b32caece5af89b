import {describe, expect, it} from 'vitest';
import type {Container, Pod} from '../../source/model/k8s.js';
import {
	addSample,
	containerUsage,
	effectiveResource,
	emptyUsage,
	maxSamples,
	type PodMetrics,
	podTotals,
	sparkline,
	usageBar,
} from '../../source/model/usage.js';
import {formatBytes, formatCpu} from '../../source/model/usage-format.js';

const withResources = (name: string, requests: Record<string, string>, limits: Record<string, string> = {}, sidecar = false): Container => ({
	name,
	resources: {requests, limits},
	...(sidecar ? {restartPolicy: 'Always'} : {}),
});
const pod = (spec: Partial<Pod['spec']>): Pod => ({metadata: {name: 'p', namespace: 'default'}, spec: {containers: [], ...spec}});
const metrics = (timestamp: string, usage: Record<string, [string, string]>): PodMetrics => ({
	metadata: {name: 'p', namespace: 'default'},
	timestamp,
	window: '15s',
	containers: Object.entries(usage).map(([name, [cpu, memory]]) => ({name, usage: {cpu, memory}})),
});

describe('effective requests, as Kubernetes counts init containers', () => {
	it('takes the larger of the long-running sum and each init container plus the sidecars before it', () => {
		const spec = pod({
			initContainers: [
				withResources('migrate', {cpu: '500m', memory: '64Mi'}),
				withResources('proxy', {cpu: '100m', memory: '32Mi'}, {}, true),
				withResources('warmup', {cpu: '300m', memory: '512Mi'}),
			],
			containers: [withResources('app', {cpu: '200m', memory: '128Mi'}), withResources('shipper', {cpu: '50m', memory: '16Mi'})],
		});
		// cpu: long-running 200+50+100 = 350m; migrate 500m; warmup 300+100 = 400m → 500m.
		expect(effectiveResource(spec, 'cpu', 'requests')).toBeCloseTo(0.5);
		// memory: long-running 128+16+32 = 176Mi; migrate 64Mi; warmup 512+32 = 544Mi → 544Mi.
		expect(effectiveResource(spec, 'memory', 'requests')).toBe(544 * 2 ** 20);
		expect(effectiveResource(pod({containers: [{name: 'bare'}]}), 'cpu', 'requests')).toBeUndefined();
	});
});

describe('usage history', () => {
	it('parses metrics-server quantities, keeps peaks, one sample per scrape and a bounded length', () => {
		let history = emptyUsage();
		history = addSample(history, metrics('2026-01-01T12:00:00Z', {app: ['12345678n', '43008Ki'], proxy: ['3m', '20Mi']}), 0);
		history = addSample(history, metrics('2026-01-01T12:00:00Z', {app: ['12345678n', '43008Ki'], proxy: ['3m', '20Mi']}), 1);
		expect(history.samples).toHaveLength(1);
		expect(history.samples[0]!.cpu.app).toBeCloseTo(0.012345678);
		expect(history.samples[0]!.memory.app).toBe(42 * 2 ** 20);
		history = addSample(history, metrics('2026-01-01T12:00:15Z', {app: ['20m', '30Mi'], proxy: ['3m', '20Mi']}), 2);
		expect(history.peakMemory.app).toBe(42 * 2 ** 20);
		for (let index = 0; index < 100; index++)
			history = addSample(history, metrics(new Date(Date.parse('2026-01-01T13:00:00Z') + index * 15_000).toISOString(), {app: ['1m', '1Mi']}), 0);
		expect(history.samples).toHaveLength(maxSamples);
		expect(history.peakMemory.app).toBe(42 * 2 ** 20);
	});

	it('puts usage next to requests and limits, and totals the pod', () => {
		const spec = pod({
			containers: [withResources('app', {cpu: '100m', memory: '64Mi'}, {cpu: '200m', memory: '128Mi'}), withResources('proxy', {cpu: '50m'}, {})],
		});
		const history = addSample(emptyUsage(), metrics('2026-01-01T12:00:00Z', {app: ['50m', '32Mi'], proxy: ['10m', '8Mi']}), 0);
		const [app, proxy] = containerUsage(spec, history);
		expect(app).toMatchObject({name: 'app', role: 'main', cpu: {usage: 0.05, request: 0.1, limit: 0.2}, memory: {usage: 32 * 2 ** 20, limit: 128 * 2 ** 20}});
		expect(proxy!.memory.limit).toBeUndefined();
		const totals = podTotals(spec, history);
		expect(totals.cpu.usage).toBeCloseTo(0.06);
		expect(totals.cpu.request).toBeCloseTo(0.15);
		// proxy has no memory limit: the pod's memory is not bounded.
		expect(totals.memory.limit).toBeUndefined();
	});
});

describe('usage text', () => {
	it('formats like kubectl top', () => {
		expect(formatCpu(0.012)).toBe('12m');
		expect(formatCpu(1.5)).toBe('1.5');
		expect(formatBytes(42 * 2 ** 20)).toBe('42Mi');
		expect(formatBytes(1.5 * 2 ** 30)).toBe('1.5Gi');
	});

	it('draws sparklines and bars of an exact width', () => {
		expect(sparkline([0, 1, 2, 3], 6)).toBe('  ▁▃▆█');
		expect(sparkline([5, 5], 2, 10)).toBe('▅▅');
		expect(usageBar(32, 64, 10)).toBe('█████·····');
		expect(usageBar(70, 64, 4)).toBe('████');
		expect(usageBar(undefined, 64, 4)).toBe('····');
	});
});
