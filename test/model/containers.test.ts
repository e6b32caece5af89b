import {describe, expect, it} from 'vitest';
import {type ContainerRow, containerRows, patternHint, stateText} from '../../source/model/containers.js';
import type {Pod} from '../../source/model/k8s.js';
import * as f from '../fixtures/pods.js';

const {NOW, container, running, terminated, status, variant} = f;

const find = (pod: Pod, name: string): ContainerRow => {
	const row = containerRows(pod).find(r => r.name === name);
	if (!row) throw new Error(`no row ${name}`);
	return row;
};

describe('containerRows', () => {
	it('joins spec and status for a native sidecar', () => {
		expect(find(f.sidecarRunning, 'log-shipper')).toEqual({
			name: 'log-shipper',
			image: 'cr.fluentbit.io/fluent/fluent-bit:3.0.4',
			role: 'sidecar',
			index: 2,
			isDefault: false,
			state: {kind: 'running', startedAt: NOW - 588_000, ready: true},
			ready: true,
			started: true,
			restartCount: 0,
			ports: [],
			probes: {liveness: false, readiness: false, startup: true},
		});
	});

	it('orders init, sidecar, main, ephemeral and numbers init containers by spec position', () => {
		const pod = variant(f.sidecarRunning, p => {
			p.spec.initContainers = [container('proxy', 'envoyproxy/envoy:v1.29.1', {restartPolicy: 'Always'}), ...p.spec.initContainers!];
			p.spec.ephemeralContainers = [container('debugger-abc12', 'busybox:1.36', {targetContainerName: 'api'})];
		});
		expect(containerRows(pod).map(r => [r.name, r.role, r.index])).toEqual([
			['migrate', 'init', 2],
			['proxy', 'sidecar', 1],
			['log-shipper', 'sidecar', 3],
			['api', 'main', undefined],
			['debugger-abc12', 'ephemeral', undefined],
		]);
	});

	it('carries restarts and the last termination of a crash-looping container', () => {
		const row = find(f.crashLoop, 'checkout');
		expect(row.state).toEqual({kind: 'waiting', reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=checkout'});
		expect(row.restartCount).toBe(7);
		expect(row.lastTermination).toEqual({reason: 'Error', exitCode: 1, finishedAt: NOW - 123_000, signal: undefined});
		expect(row.probes).toEqual({liveness: true, readiness: false, startup: false});
		expect(row.isDefault).toBe(true);
	});

	it('reports an OOM kill as the current state', () => {
		expect(find(f.oomKilled, 'redis').state).toEqual({kind: 'terminated', reason: 'OOMKilled', exitCode: 137, finishedAt: NOW - 12_000, signal: undefined});
	});

	it('says unknown before the kubelet reports anything', () => {
		const row = find(f.schedulingGated, 'api');
		expect(row).toMatchObject({state: {kind: 'unknown'}, ready: false, started: false, restartCount: 0});
		expect(row.ports).toEqual([{name: 'http', containerPort: 8080, protocol: 'TCP'}]);
	});

	it('marks the annotated default container, and the first when the annotation is absent or stale', () => {
		const defaults = (pod: Pod) =>
			containerRows(pod)
				.filter(r => r.isDefault)
				.map(r => r.name);
		expect(defaults(f.debugged)).toEqual(['payments']);
		expect(defaults(f.crashLoop)).toEqual(['checkout']);
		const stale = variant(f.debugged, p => {
			p.metadata.annotations = {'kubectl.kubernetes.io/default-container': 'gone'};
		});
		expect(defaults(stale)).toEqual(['istio-proxy']);
	});

	it('keeps the target of an ephemeral container', () => {
		expect(find(f.debugged, 'debugger-x7k2q')).toMatchObject({role: 'ephemeral', targetContainerName: 'payments', state: {kind: 'running', ready: false}});
	});

	it('hints a pattern only for main containers', () => {
		const hints = (pod: Pod) => containerRows(pod).map(r => [r.name, r.patternHint]);
		expect(hints(f.debugged)).toEqual([
			['istio-proxy', 'proxy (ambassador pattern)'],
			['payments', undefined],
			['debugger-x7k2q', undefined],
		]);
		expect(find(f.sidecarRunning, 'log-shipper').patternHint).toBeUndefined();
		expect(find(f.runningNotReady, 'git-sync').patternHint).toBe('git sync (sidecar pattern)');
		expect(find(f.oomKilled, 'redis-exporter').patternHint).toBe('metrics exporter (adapter pattern)');
	});
});

describe('patternHint', () => {
	it.each<[string | undefined, string | undefined]>([
		['fluent/fluentd:v1.16-1', 'log shipper (sidecar pattern)'],
		['fluent/fluentd-kubernetes-daemonset:v1.16-debian-1', 'log shipper (sidecar pattern)'],
		['cr.fluentbit.io/fluent/fluent-bit:3.0.4', 'log shipper (sidecar pattern)'],
		['timberio/vector:0.37.1-distroless-libc', 'log shipper (sidecar pattern)'],
		['envoyproxy/envoy:v1.29.1', 'proxy (ambassador pattern)'],
		['localhost:5000/envoy@sha256:0123abcd', 'proxy (ambassador pattern)'],
		['haproxy:2.9-alpine', 'proxy (ambassador pattern)'],
		['gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.10.0', 'proxy (ambassador pattern)'],
		['docker.io/istio/proxyv2:1.21.0', 'proxy (ambassador pattern)'],
		['quay.io/prometheus/node-exporter:v1.7.0', 'metrics exporter (adapter pattern)'],
		['oliver006/redis_exporter:v1.58.0', 'metrics exporter (adapter pattern)'],
		['registry.k8s.io/git-sync/git-sync:v4.2.1', 'git sync (sidecar pattern)'],
		['nginx:1.25', undefined],
		['ghcr.io/acme/vectorizer:1.0', undefined],
		['ghcr.io/acme/proxyv2:1.0', undefined],
		[undefined, undefined],
	])('%s → %s', (image, expected) => {
		expect(patternHint(image)).toBe(expected);
	});
});

describe('stateText', () => {
	const withState = (state: ReturnType<typeof running>) =>
		containerRows(
			variant(f.crashLoop, p => {
				p.status.containerStatuses![0] = status('checkout', state);
			}),
		)[0]!;

	it.each<[string, ContainerRow, string]>([
		['running', withState(running(240)), 'Running 4m'],
		['running a while', find(f.crashLoop, 'envoy'), 'Running 9m50s'],
		['running, start unknown', withState({running: {}}), 'Running'],
		['crash loop', find(f.crashLoop, 'checkout'), 'Waiting: CrashLoopBackOff'],
		['waiting without a reason', withState({waiting: {}}), 'Waiting'],
		['completed', find(f.completed, 'report'), 'Completed (0) 4m ago'],
		['failed', find(f.errored, 'report'), 'Error (2) 30s ago'],
		['OOM killed', find(f.oomKilled, 'redis'), 'OOMKilled (137) 12s ago'],
		['exited without a reason', withState(terminated(undefined, 143, 1, 15)), 'Terminated (143) 1s ago'],
		['no status yet', find(f.schedulingGated, 'api'), 'Unknown'],
	])('%s', (_, row, expected) => {
		expect(stateText(row, NOW)).toBe(expected);
	});

	it('uses the waiting reason while an init container backs off', () => {
		expect(stateText(find(f.initCrashLoop, 'seed'), NOW)).toBe('Waiting: CrashLoopBackOff');
		expect(stateText(find(f.initPending, 'seed'), NOW)).toBe('Waiting: PodInitializing');
	});
});
