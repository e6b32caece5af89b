import {describe, expect, it} from 'vitest';
import {crashLoop} from '../../source/model/doctor/crash-loop.js';
import {genericNames} from '../../source/model/doctor/generic-names.js';
import {imagePull} from '../../source/model/doctor/image-pull.js';
import {diagnose, doctorExitCode} from '../../source/model/doctor/index.js';
import {initBlocking} from '../../source/model/doctor/init-blocking.js';
import {oomKilled} from '../../source/model/doctor/oom-killed.js';
import {portConflict} from '../../source/model/doctor/port-conflict.js';
import {missingProbes} from '../../source/model/doctor/probes.js';
import {missingResources} from '../../source/model/doctor/resources.js';
import {unsharedVolume} from '../../source/model/doctor/shared-volume.js';
import {regularSidecarDependency} from '../../source/model/doctor/sidecar-ordering.js';
import {findingLines} from '../../source/model/doctor/text.js';
import type {DoctorInput} from '../../source/model/doctor/types.js';
import type {Container, ContainerStatus, Pod} from '../../source/model/k8s.js';
import {visibleWidth} from '../../source/model/sanitize.js';

const probe = {httpGet: {path: '/ready', port: 8080}};
const healthy = (name: string, extra: Partial<Container> = {}): Container => ({
	name,
	image: 'nginx:1.25',
	readinessProbe: probe,
	livenessProbe: probe,
	resources: {requests: {cpu: '100m', memory: '64Mi'}, limits: {cpu: '200m', memory: '128Mi'}},
	...extra,
});
const running = (name: string, extra: Partial<ContainerStatus> = {}): ContainerStatus => ({
	name,
	ready: true,
	started: true,
	restartCount: 0,
	image: '',
	imageID: '',
	state: {running: {startedAt: '2026-01-01T12:00:00Z'}},
	...extra,
});
const crashing = (name: string, exitCode: number, reason = 'Error', restartCount = 4): ContainerStatus => ({
	name,
	ready: false,
	started: false,
	restartCount,
	image: '',
	imageID: '',
	state: {waiting: {reason: 'CrashLoopBackOff'}},
	lastState: {terminated: {exitCode, reason, startedAt: '2026-01-01T12:00:00Z', finishedAt: '2026-01-01T12:00:01Z'}},
});

function input(spec: Partial<Pod['spec']>, statuses: {init?: ContainerStatus[]; main?: ContainerStatus[]} = {}, extra: Partial<DoctorInput> = {}): DoctorInput {
	const pod: Pod = {
		metadata: {name: 'web', namespace: 'default'},
		spec: {containers: [], ...spec},
		status: {
			phase: 'Running',
			initContainerStatuses: statuses.init,
			containerStatuses: statuses.main ?? (spec.containers ?? []).map(container => running(container.name)),
		},
	};
	return {pod, events: [], now: Date.parse('2026-01-01T12:05:00Z'), ...extra};
}

describe('port-conflict', () => {
	it('names the container that failed with address-in-use and the ports declared twice', () => {
		const findings = portConflict.check(
			input(
				{containers: [healthy('app1', {ports: [{containerPort: 8080}]}), healthy('app2', {ports: [{containerPort: 8080}]})]},
				{main: [running('app1'), crashing('app2', 1)]},
				{logs: {previous: {app2: ['app2 starting', 'listen tcp 0.0.0.0:8080: bind: address already in use']}}},
			),
		);
		expect(findings).toHaveLength(1);
		expect(findings[0]).toMatchObject({severity: 'error', container: 'app2'});
		expect(findings[0]!.title).toContain('app2 cannot bind port 8080/TCP');
		expect(findings[0]!.evidence).toContain('spec.containers{app1}.ports[0].containerPort: 8080');
		expect(findings[0]!.evidence).toContain('log app2 (previous): listen tcp 0.0.0.0:8080: bind: address already in use');
	});

	it('warns about a port declared twice even before anything fails', () => {
		const findings = portConflict.check(input({containers: [healthy('a', {ports: [{containerPort: 80}]}), healthy('b', {ports: [{containerPort: 80}]})]}));
		expect(findings.map(finding => finding.severity)).toEqual(['warning']);
	});

	it('stays quiet for distinct ports', () => {
		expect(portConflict.check(input({containers: [healthy('a', {ports: [{containerPort: 8080}]}), healthy('b', {ports: [{containerPort: 8081}]})]}))).toEqual(
			[],
		);
	});
});

describe('unshared-volume', () => {
	it('flags an emptyDir that only one of several containers mounts', () => {
		const findings = unsharedVolume.check(
			input({
				containers: [
					healthy('app', {volumeMounts: [{name: 'logs', mountPath: '/var/log/app'}]}),
					healthy('adapter', {
						volumeMounts: [
							{name: 'logs', mountPath: '/var/log/app'},
							{name: 'transformed', mountPath: '/var/log/out'},
						],
					}),
				],
				volumes: [
					{name: 'logs', emptyDir: {}},
					{name: 'transformed', emptyDir: {}},
				],
			}),
		);
		expect(findings.map(finding => [finding.severity, finding.container])).toEqual([['warning', 'adapter']]);
		expect(findings[0]!.title).toContain('transformed');
	});

	it('stays quiet for a shared emptyDir, a single-container pod, and notes a scratch dir only', () => {
		const shared = input({
			containers: [healthy('a', {volumeMounts: [{name: 'v', mountPath: '/v'}]}), healthy('b', {volumeMounts: [{name: 'v', mountPath: '/v'}]})],
			volumes: [{name: 'v', emptyDir: {}}],
		});
		expect(unsharedVolume.check(shared)).toEqual([]);
		expect(
			unsharedVolume.check(input({containers: [healthy('a', {volumeMounts: [{name: 'v', mountPath: '/v'}]})], volumes: [{name: 'v', emptyDir: {}}]})),
		).toEqual([]);
		const scratch = input({
			containers: [healthy('a', {volumeMounts: [{name: 'tmp', mountPath: '/tmp'}]}), healthy('b')],
			volumes: [{name: 'tmp', emptyDir: {}}],
		});
		expect(unsharedVolume.check(scratch).map(finding => finding.severity)).toEqual(['info']);
	});
});

describe('missing-resources', () => {
	it('warns about containers with neither requests nor limits, notes a missing memory limit', () => {
		const findings = missingResources.check(input({containers: [{name: 'bare'}, {name: 'half', resources: {requests: {cpu: '10m'}}}, healthy('full')]}));
		expect(findings.map(finding => [finding.container, finding.severity])).toEqual([
			['bare', 'warning'],
			['half', 'info'],
		]);
	});
});

describe('missing-probes', () => {
	it('reports each missing probe on long-running containers and native sidecars, not on init containers', () => {
		const findings = missingProbes.check(
			input({
				initContainers: [{name: 'setup'}, {name: 'proxy', restartPolicy: 'Always', readinessProbe: {tcpSocket: {port: 15001}}}],
				containers: [{name: 'web', ports: [{containerPort: 80}]}, healthy('ok')],
			}),
		);
		expect(findings.map(finding => [finding.container, finding.title])).toEqual([
			['proxy', 'proxy has no liveness probe'],
			['web', 'web has no readiness or liveness probe'],
		]);
		expect(findings[0]!.fix).toContain('tcpSocket {port: 15001}');
		expect(findings[1]!.evidence).toEqual(['spec.containers{web}.readinessProbe: <unset>', 'spec.containers{web}.livenessProbe: <unset>']);
	});

	it('stays quiet when every container has both probes', () => {
		expect(missingProbes.check(input({containers: [healthy('a'), healthy('b')]}))).toEqual([]);
	});
});

describe('generic-name', () => {
	it("uses the seed's list: container1, sidecar, c2 and the like", () => {
		const names = ['container1', 'sidecar', 'c2', 'container', 'web-server', 'app1', 'cache', 'log-shipper'];
		const findings = genericNames.check(input({containers: names.map(name => healthy(name))}));
		expect(findings.map(finding => finding.container)).toEqual(['container1', 'sidecar', 'c2', 'container']);
		expect(findings.every(finding => finding.severity === 'info')).toBe(true);
	});
});

describe('init-blocking', () => {
	it('names the failing init container and what it blocks, with its last log line', () => {
		const findings = initBlocking.check(
			input(
				{initContainers: [{name: 'download-config'}, {name: 'validate-config'}], containers: [healthy('application')]},
				{
					init: [crashing('download-config', 1), {...running('validate-config'), ready: false, state: {waiting: {reason: 'PodInitializing'}}}],
					main: [{...running('application'), ready: false, state: {waiting: {reason: 'PodInitializing'}}}],
				},
				{logs: {previous: {'download-config': ['curl: (6) Could not resolve host: config-server']}}},
			),
		);
		expect(findings).toHaveLength(1);
		expect(findings[0]!.title).toBe(
			'init container download-config keeps failing (CrashLoopBackOff, exit 1 (Error)) and blocks validate-config and application',
		);
		expect(findings[0]!.fix).toContain('Could not resolve host');
	});

	it('stays quiet while init containers succeed', () => {
		const done: ContainerStatus = {...running('setup'), state: {terminated: {exitCode: 0, reason: 'Completed'}}};
		expect(initBlocking.check(input({initContainers: [{name: 'setup'}], containers: [healthy('app')]}, {init: [done]}))).toEqual([]);
	});
});

describe('sidecar-ordering', () => {
	const pod = (helperReady: boolean) =>
		input(
			{containers: [healthy('application'), healthy('db-ambassador', {ports: [{containerPort: 5432}]})]},
			{main: [crashing('application', 1), running('db-ambassador', {ready: helperReady})]},
			{
				logs: {
					previous: {application: ['connecting to postgres at localhost:5432', 'FATAL: could not connect to database localhost:5432: connection refused']},
					current: {'db-ambassador': helperReady ? ["[ALERT] backend 'postgres' has no server available!"] : []},
				},
			},
		);

	it('suggests a native sidecar when the app dials a port another regular container serves', () => {
		const [finding] = regularSidecarDependency.check(pod(false));
		expect(finding!.title).toBe('application crash-loops dialling localhost:5432 before db-ambassador serves it: regular containers start with no order');
		expect(finding!.fix).toContain('initContainers with restartPolicy: Always and a startupProbe');
	});

	it("blames the helper's backend when the helper is up and its log says so", () => {
		const [finding] = regularSidecarDependency.check(pod(true));
		expect(finding!.title).toContain('db-ambassador on localhost:5432 is up but cannot reach its backend');
		expect(finding!.evidence).toContain("log db-ambassador (current): [ALERT] backend 'postgres' has no server available!");
	});

	it("stays quiet when the app is healthy or the port is nobody's", () => {
		const quiet = input({containers: [healthy('application'), healthy('db-ambassador', {ports: [{containerPort: 5432}]})]});
		expect(regularSidecarDependency.check(quiet)).toEqual([]);
		const elsewhere = input(
			{containers: [healthy('application'), healthy('other', {ports: [{containerPort: 6379}]})]},
			{main: [crashing('application', 1), running('other')]},
			{logs: {previous: {application: ['dial localhost:5432: connection refused']}}},
		);
		expect(regularSidecarDependency.check(elsewhere)).toEqual([]);
	});
});

describe('crash-loop', () => {
	it('reports the exit code, reason and the telling log lines', () => {
		const [finding] = crashLoop.check(
			input(
				{containers: [healthy('payments')]},
				{main: [crashing('payments', 2)]},
				{
					logs: {
						previous: {
							payments: ['starting', 'panic: runtime error: nil pointer dereference', '', 'goroutine 1 [running]:', 'main.main()', '\t/src/main.go:17', 'exit'],
						},
					},
				},
			),
		);
		expect(finding!.title).toBe('payments is in CrashLoopBackOff: last exit 2 (Error), a Go panic or misuse of a shell builtin, 4 restarts');
		expect(finding!.evidence).toContain('log payments (previous): panic: runtime error: nil pointer dereference');
	});

	it('gives way to a specific diagnosis of the same container', () => {
		const findings = diagnose(input({containers: [healthy('log-collector')]}, {main: [crashing('log-collector', 137, 'OOMKilled')]}));
		expect(findings.map(finding => finding.id)).toEqual(['oom-killed']);
	});

	it('stays quiet for running containers', () => {
		expect(crashLoop.check(input({containers: [healthy('a')]}))).toEqual([]);
	});

	// Kubelet 1.35 leaves a crashed container Terminated until the sync that ends its back-off.
	const exitedAgain = (restartCount: number, exitCode = 2): ContainerStatus => ({
		...crashing('payments', exitCode, 'Error', restartCount),
		state: {terminated: {exitCode, reason: 'Error', startedAt: '2026-01-01T12:00:02Z', finishedAt: '2026-01-01T12:00:04Z'}},
	});

	it('sees the loop between back-offs, when the container reads Error', () => {
		const [finding] = crashLoop.check(input({containers: [healthy('payments')]}, {main: [exitedAgain(1)]}));
		expect(finding!.title).toBe('payments is crash-looping: last exit 2 (Error), a Go panic or misuse of a shell builtin, 1 restart');
		expect(finding!.evidence[0]).toBe('status.containerStatuses{payments}.state.terminated: exit 2 (Error)');
	});

	it('is not a loop before the first restart, nor when the pod will not restart it', () => {
		expect(crashLoop.check(input({containers: [healthy('payments')]}, {main: [exitedAgain(0)]}))).toEqual([]);
		expect(crashLoop.check(input({containers: [healthy('payments')], restartPolicy: 'Never'}, {main: [exitedAgain(2)]}))).toEqual([]);
		expect(crashLoop.check(input({containers: [healthy('payments')], restartPolicy: 'OnFailure'}, {main: [exitedAgain(2, 0)]}))).toEqual([]);
		expect(crashLoop.check(input({containers: [healthy('payments')], restartPolicy: 'OnFailure'}, {main: [exitedAgain(2, 1)]}))).toHaveLength(1);
	});
});

describe('oom-killed', () => {
	it('reports the limit and the peak usage', () => {
		const [finding] = oomKilled.check(
			input(
				{containers: [healthy('log-collector', {resources: {limits: {memory: '64Mi'}}})]},
				{main: [crashing('log-collector', 137, 'OOMKilled')]},
				{peakMemory: {'log-collector': 63 * 2 ** 20}},
			),
		);
		expect(finding!.title).toBe('log-collector was OOMKilled: its memory limit is 64Mi, peak seen 63Mi');
		expect(finding!.evidence).toContain('metrics: peak memory 63Mi (98% of the limit)');
	});

	it('stays quiet for other exits', () => {
		expect(oomKilled.check(input({containers: [healthy('a')]}, {main: [crashing('a', 1)]}))).toEqual([]);
	});
});

describe('image-pull', () => {
	it('reports ErrImagePull and ImagePullBackOff with the image', () => {
		const waiting = (reason: string): ContainerStatus => ({
			...running('app'),
			ready: false,
			state: {waiting: {reason, message: 'Back-off pulling image "myapp:typo"'}},
		});
		for (const reason of ['ErrImagePull', 'ImagePullBackOff']) {
			const [finding] = imagePull.check(input({containers: [healthy('app', {image: 'myapp:typo'})]}, {main: [waiting(reason)]}));
			expect(finding!.title).toBe(`app cannot pull its image myapp:typo: the pull failed (${reason})`);
		}
	});

	it('stays quiet once the image is pulled', () => {
		expect(imagePull.check(input({containers: [healthy('app')]}))).toEqual([]);
	});
});

describe('diagnose', () => {
	it('exits 0 for a pod that follows every recommendation, 1 once something is above info', () => {
		const good = input({containers: [healthy('web-server'), healthy('log-shipper')]});
		expect(diagnose(good)).toEqual([]);
		expect(doctorExitCode(diagnose(good))).toBe(0);
		expect(doctorExitCode(diagnose(input({containers: [healthy('sidecar')]})))).toBe(0);
		expect(doctorExitCode(diagnose(input({containers: [{name: 'bare'}]})))).toBe(1);
	});

	it('renders findings within the width and sanitised', () => {
		const findings = diagnose(
			input({containers: [healthy('evil\x1b[2J')]}, {main: [crashing('evil\x1b[2J', 1)]}, {logs: {previous: {'evil\x1b[2J': ['boom \x1b]0;pwned\x07']}}}),
		);
		const lines = findingLines(findings, 60, 'web');
		for (const line of lines) {
			expect(visibleWidth(line.text)).toBeLessThanOrEqual(60);
			expect(line.text).not.toMatch(/[\x00-\x1f]/);
		}
	});
});
