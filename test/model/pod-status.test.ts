import {describe, expect, it} from 'vitest';
import type {Pod} from '../../source/model/k8s.js';
import {podReady, podReadyCounts, podRestarts, podRow, podStatusReason, POD_COLUMNS, POD_WIDE_COLUMNS} from '../../source/model/pod-status.js';
import * as f from '../fixtures/pods.js';

const {NOW, ago, status, running, waiting, terminated, condition, variant} = f;

describe('podRow', () => {
	// What `kubectl get pods` prints for each fixture.
	it.each<[string, Pod, string[]]>([
		['init 0/2', f.initPending, ['api-7d9f8-init', '0/1', 'Init:0/2', '0', '10m']],
		['failing init container', f.initCrashLoop, ['api-7d9f8-seedfail', '0/1', 'Init:CrashLoopBackOff', '4 (75s ago)', '10m']],
		['init done, containers pending', f.podInitializing, ['web-5c6b-boot', '0/2', 'PodInitializing', '0', '10m']],
		['native sidecar up', f.sidecarRunning, ['api-7d9f8-sidecar', '2/2', 'Running', '0', '10m']],
		['native sidecar not started', f.sidecarStarting, ['api-7d9f8-sidecar-wait', '0/2', 'Init:1/2', '0', '10m']],
		['crash loop', f.crashLoop, ['checkout-6f7d-crash', '1/2', 'CrashLoopBackOff', '7 (2m3s ago)', '10m']],
		['job done', f.completed, ['nightly-report-28731540-x2k9p', '0/1', 'Completed', '0', '10m']],
		['job failed', f.errored, ['nightly-report-28731540-f8w2c', '0/1', 'Error', '0', '10m']],
		['OOM kill', f.oomKilled, ['cache-0', '1/2', 'OOMKilled', '3 (5m ago)', '10m']],
		['being deleted', f.terminating, ['api-7d9f8-old', '1/1', 'Terminating', '0', '10m']],
		['readiness failing', f.runningNotReady, ['docs-84c2-unready', '1/2', 'Running', '0', '10m']],
		['finished sibling, pod not ready', f.completedBesideRunning, ['batch-worker-2xq7', '1/2', 'NotReady', '0', '10m']],
		['ephemeral container attached', f.debugged, ['payments-5b8c-dbg', '2/2', 'Running', '0', '10m']],
		['scheduling gate', f.schedulingGated, ['api-7d9f8-gated', '0/1', 'SchedulingGated', '0', '10m']],
	])('%s', (_, pod, expected) => {
		expect(podRow(pod, NOW)).toEqual(expected);
		expect(podRow(pod, NOW)).toHaveLength(POD_COLUMNS.length);
	});

	it('adds IP, NODE, NOMINATED NODE and READINESS GATES when wide', () => {
		expect(podRow(f.crashLoop, NOW, true)).toEqual([
			'checkout-6f7d-crash',
			'1/2',
			'CrashLoopBackOff',
			'7 (2m3s ago)',
			'10m',
			'10.244.1.7',
			'kind-worker',
			'<none>',
			'<none>',
		]);
		expect(podRow(f.crashLoop, NOW, true)).toHaveLength(POD_WIDE_COLUMNS.length);
		expect(podRow(f.schedulingGated, NOW, true).slice(5)).toEqual(['<none>', '<none>', '<none>', '<none>']);
	});

	it('counts readiness gates whose condition is True', () => {
		const gated = variant(f.debugged, pod => {
			pod.spec.readinessGates = [{conditionType: 'target-health.elbv2.k8s.aws/payments'}, {conditionType: 'example.com/warm'}];
			pod.status.conditions!.push(condition('target-health.elbv2.k8s.aws/payments', true));
		});
		expect(podRow(gated, NOW, true)[8]).toBe('1/2');
	});

	it('falls back to podIPs and shows a nominated node', () => {
		const pod = variant(f.schedulingGated, p => {
			p.status.podIPs = [{ip: 'fd00::7'}];
			p.status.nominatedNodeName = 'kind-worker2';
		});
		expect(podRow(pod, NOW, true).slice(5, 8)).toEqual(['fd00::7', '<none>', 'kind-worker2']);
	});

	it('prints <unknown> AGE without a creationTimestamp', () => {
		const pod = variant(f.initPending, p => delete p.metadata.creationTimestamp);
		expect(podRow(pod, NOW)[4]).toBe('<unknown>');
	});
});

describe('podStatusReason', () => {
	const failingInit = (state: ReturnType<typeof running>) =>
		variant(f.initCrashLoop, pod => {
			pod.status.initContainerStatuses![1]!.state = state;
		});
	const firstContainer = (state: ReturnType<typeof running>) =>
		variant(f.crashLoop, pod => {
			pod.status.containerStatuses![0]!.state = state;
		});

	it.each<[string, Pod, string]>([
		['init exited with a reason', failingInit(terminated('Error', 1, 5)), 'Init:Error'],
		['init exited without a reason', failingInit(terminated(undefined, 3, 5)), 'Init:ExitCode:3'],
		['init killed by a signal', failingInit(terminated(undefined, 137, 5, 9)), 'Init:Signal:9'],
		['init image missing', failingInit(waiting('ImagePullBackOff')), 'Init:ImagePullBackOff'],
		['init waiting on the one before it', failingInit(waiting('PodInitializing')), 'Init:1/2'],
		['container being created', firstContainer(waiting('ContainerCreating')), 'ContainerCreating'],
		['image pull failed', firstContainer(waiting('ErrImagePull')), 'ErrImagePull'],
		['bad config reference', firstContainer(waiting('CreateContainerConfigError')), 'CreateContainerConfigError'],
		['exited without a reason', firstContainer(terminated(undefined, 143, 1)), 'ExitCode:143'],
		['killed by a signal without a reason', firstContainer(terminated(undefined, 143, 1, 15)), 'Signal:15'],
	])('%s', (_, pod, expected) => {
		expect(podStatusReason(pod)).toBe(expected);
	});

	it("reports the first container's problem when several have one", () => {
		const pod = variant(f.crashLoop, p => {
			p.status.containerStatuses![1]!.state = waiting('ImagePullBackOff');
		});
		expect(podStatusReason(pod)).toBe('CrashLoopBackOff');
	});

	it('says Running for a finished sibling once the pod is Ready', () => {
		const pod = variant(f.completedBesideRunning, p => {
			p.status.conditions = f.conditions(true, true);
		});
		expect(podStatusReason(pod)).toBe('Running');
	});

	// printPod in 1.35 (pkg/printers/internalversion/printers.go): a completed first container
	// no longer hides a sibling that failed.
	it('says the failed sibling, not Completed, when the first container completed', () => {
		const failed = variant(f.completedBesideRunning, p => {
			p.status.phase = 'Failed';
			p.status.conditions = f.conditions(true, false);
			p.status.containerStatuses![1]!.state = terminated('Error', 2, 30);
			p.status.containerStatuses![1]!.ready = false;
		});
		expect(podStatusReason(failed)).toBe('Error');
		// Without a reason, the exit code stands for it.
		const bare = variant(failed, p => {
			p.status.containerStatuses![1]!.state = {terminated: {exitCode: 2}};
		});
		expect(podStatusReason(bare)).toBe('ExitCode:2');
		// Still serving but not Ready: the failure of a third container wins over NotReady.
		const three = variant(f.completedBesideRunning, p => {
			p.spec.containers.push({name: 'sync', image: 'ghcr.io/acme/sync:1.0'});
			p.status.containerStatuses!.push(status('sync', terminated('OOMKilled', 137, 20)));
		});
		expect(podStatusReason(three)).toBe('OOMKilled');
		// All of them exited 0: Completed stays.
		const done = variant(f.completedBesideRunning, p => {
			p.status.containerStatuses![1]!.state = terminated('Completed', 0, 30);
			p.status.containerStatuses![1]!.ready = false;
		});
		expect(podStatusReason(done)).toBe('Completed');
	});

	it('keeps a terminal phase over Terminating', () => {
		const pod = variant(f.completed, p => {
			p.metadata.deletionTimestamp = ago(-30);
		});
		expect(podStatusReason(pod)).toBe('Completed');
	});

	it('says Unknown for a deleted pod on a lost node, NodeLost before deletion', () => {
		const lost = variant(f.sidecarRunning, p => {
			p.status.reason = 'NodeLost';
		});
		expect(podStatusReason(lost)).toBe('NodeLost');
		expect(podStatusReason(variant(lost, p => (p.metadata.deletionTimestamp = ago(60))))).toBe('Unknown');
	});

	it('shows an eviction until a container status says otherwise', () => {
		const evicted = variant(f.completed, p => {
			p.status = {phase: 'Failed', reason: 'Evicted', message: 'The node was low on resource: memory.'};
		});
		expect(podStatusReason(evicted)).toBe('Evicted');
		const withStatus = variant(evicted, p => {
			p.status.containerStatuses = [status('report', terminated('ContainerStatusUnknown', 137, 60))];
		});
		expect(podStatusReason(withStatus)).toBe('ContainerStatusUnknown');
	});

	it('leaves a sidecar crash after initialization in STATUS', () => {
		const pod = variant(f.sidecarRunning, p => {
			p.status.initContainerStatuses![1]! = status('log-shipper', waiting('CrashLoopBackOff'), {
				started: false,
				restartCount: 3,
				lastState: terminated('Error', 1, 30),
			});
		});
		expect(podRow(pod, NOW).slice(1, 4)).toEqual(['1/2', 'Init:CrashLoopBackOff', '3 (30s ago)']);
	});
});

describe('podReady and podReadyCounts', () => {
	it.each<[Pod, number, number]>([
		[f.sidecarRunning, 2, 2],
		[f.sidecarStarting, 0, 2],
		[f.debugged, 2, 2],
		[f.crashLoop, 1, 2],
		[f.schedulingGated, 0, 1],
	])('%#', (pod, ready, total) => {
		expect(podReadyCounts(pod)).toEqual({ready, total});
		expect(podReady(pod)).toBe(`${ready}/${total}`);
	});
});

describe('podRestarts', () => {
	it('gives the count, the last termination and the text', () => {
		expect(podRestarts(f.crashLoop, NOW)).toEqual({count: 7, lastRestart: NOW - 123_000, text: '7 (2m3s ago)'});
		expect(podRestarts(f.sidecarRunning, NOW)).toEqual({count: 0, text: '0'});
	});

	it('prints only the count when no termination time is known', () => {
		const pod = variant(f.crashLoop, p => {
			p.status.containerStatuses![0]!.lastState = {};
		});
		expect(podRestarts(pod, NOW)).toEqual({count: 7, text: '7'});
	});

	it('drops plain init restarts once initialized but keeps sidecar restarts', () => {
		const pod = variant(f.sidecarRunning, p => {
			const [migrate, shipper] = p.status.initContainerStatuses!;
			Object.assign(migrate!, {restartCount: 2, lastState: terminated('Error', 1, 595)});
			Object.assign(shipper!, {restartCount: 1, lastState: terminated('Error', 1, 400)});
		});
		expect(podRestarts(pod, NOW).text).toBe('1 (6m40s ago)');
	});

	it('counts main and sidecar restarts together, dated by the latest', () => {
		const pod = variant(f.sidecarRunning, p => {
			Object.assign(p.status.initContainerStatuses![1]!, {restartCount: 1, lastState: terminated('Error', 1, 400)});
			Object.assign(p.status.containerStatuses![0]!, {restartCount: 2, lastState: terminated('Error', 1, 90)});
		});
		expect(podRestarts(pod, NOW).text).toBe('3 (90s ago)');
	});
});
