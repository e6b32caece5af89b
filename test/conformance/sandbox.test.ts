import {existsSync} from 'node:fs';
import {execFileSync} from 'node:child_process';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {namespacesAvailable} from '../helpers/namespaces.js';
import {eventually, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';

// The real kubectl into sandboxed pods: each pod its hostname, each container its processes
// and its own root with nothing of the host's folders, an emptyDir shared between the
// containers that mount it, `kubectl debug --target` in the target's PID namespace, and no
// mount left on the host afterwards. The sandbox needs Linux namespaces (root, or
// unprivileged user namespaces); where util-linux cannot make them, the sim runs as before
// and this file skips.

let sim: TestSim;
const mountsOfSim = () =>
	execFileSync('findmnt', ['-rn', '-o', 'TARGET'], {encoding: 'utf8'})
		.split('\n')
		.filter(line => line.includes('podscope-sim-'));
const before = mountsOfSim();

const running = (pod: string, container: string) => sim.cluster.worker(sim.cluster.pods.get('default', pod)!)?.slot(container)?.running;

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	sim.cluster.createPod({
		metadata: {name: 'pair'},
		spec: {
			volumes: [{name: 'shared', emptyDir: {}}],
			containers: [
				{name: 'writer', image: 'busybox:1.36', volumeMounts: [{name: 'shared', mountPath: '/data'}]},
				{name: 'reader', image: 'busybox:1.36', volumeMounts: [{name: 'shared', mountPath: '/mnt/in', readOnly: true}]},
			],
		},
	});
	sim.cluster.createPod({
		metadata: {name: 'sharing'},
		spec: {
			shareProcessNamespace: true,
			containers: [
				{name: 'one', image: 'busybox:1.36'},
				{name: 'two', image: 'busybox:1.36'},
			],
		},
	});
	await eventually(() => running('pair', 'reader') && running('pair', 'writer') && running('sharing', 'two') && running('web-with-logging', 'web-app'));
});

afterAll(async () => {
	await sim?.close();
	// The sandboxes' mounts live in their own namespaces: the host never sees one.
	expect(mountsOfSim()).toEqual(before);
});

const exec = (pod: string, container: string, script: string) => kubectl(sim, ['exec', pod, '-c', container, '--', 'sh', '-c', script]);

describe.runIf(namespacesAvailable())('sandboxed pods', () => {
	test('the sim sandboxes its pods on this machine', () => {
		expect(sim.sandbox).toMatchObject({available: true});
	});

	test('hostname is the pod name, for every container of the pod', async () => {
		expect(await exec('pair', 'writer', 'hostname')).toEqual({code: 0, stdout: 'pair\n', stderr: ''});
		expect(await exec('pair', 'reader', 'hostname; cat /etc/hostname')).toEqual({code: 0, stdout: 'pair\npair\n', stderr: ''});
	});

	test("ps lists the container's processes only", async () => {
		const result = await exec('web-with-logging', 'web-app', 'ps -e -o pid=,comm=');
		expect(result.code).toBe(0);
		const processes = result.stdout
			.trim()
			.split('\n')
			.map(line => line.trim().split(/\s+/));
		// The holder (PID 1) and the exec'd sh and ps: nothing of the host, nothing of other pods.
		expect(processes.map(([, command]) => command)).toEqual(['sleep', 'sh', 'ps']);
		expect(processes[0]![0]).toBe('1');
	});

	test("shareProcessNamespace: each container sees the pod's processes under /pause", async () => {
		const started = await exec('sharing', 'one', 'sleep 3600 > /dev/null 2>&1 & echo started');
		expect(started.stdout).toBe('started\n');
		const result = await exec('sharing', 'two', 'ps -e -o pid=,args=');
		const lines = result.stdout
			.trim()
			.split('\n')
			.map(line => line.trim());
		expect(lines[0]).toBe('1 /pause infinity');
		expect(lines.some(line => line.endsWith('sleep 3600'))).toBe(true);
	});

	test("the host's folders are not there; its system binaries are, and take no write", async () => {
		const work = await exec('pair', 'writer', `ls ${process.cwd()}`);
		expect(work.code).not.toBe(0);
		expect(work.stderr).toContain('No such file or directory');
		for (const folder of ['/work', '/root', '/home']) {
			const listed = await exec('pair', 'writer', `ls -A ${folder} 2>/dev/null | wc -l`);
			expect(listed.stdout.trim()).toBe('0');
		}
		// The host's /usr under the container's own layer: its files belong to a root the
		// sandbox does not map (or, without overlayfs, the bind is read-only); the host's tree
		// never takes a write.
		const usr = await exec('pair', 'writer', 'touch /usr/bin/planted');
		expect(usr.code).not.toBe(0);
		expect(usr.stderr).toMatch(/Permission denied|Read-only file system/);
		expect(existsSync('/usr/bin/planted')).toBe(false);
	});

	test('each container writes its own root', async () => {
		expect((await exec('pair', 'writer', 'echo mine > /tmp/note; echo mine > /own; cat /tmp/note /own')).stdout).toBe('mine\nmine\n');
		const other = await exec('pair', 'reader', 'cat /tmp/note /own');
		expect(other.code).not.toBe(0);
	});

	test('a file written to an emptyDir by one container is read by the other', async () => {
		expect(await exec('pair', 'writer', 'echo hello from writer > /data/greeting')).toEqual({code: 0, stdout: '', stderr: ''});
		expect(await exec('pair', 'reader', 'cat /mnt/in/greeting')).toEqual({code: 0, stdout: 'hello from writer\n', stderr: ''});
		const readOnly = await exec('pair', 'reader', 'echo no > /mnt/in/greeting');
		expect(readOnly.stderr).toContain('Read-only file system');
	});

	test("kubectl debug --target sees the target's processes", async () => {
		const marker = await exec('web-with-logging', 'web-app', 'sleep 7777 > /dev/null 2>&1 & echo started');
		expect(marker.stdout).toBe('started\n');
		const result = await kubectl(sim, ['debug', 'web-with-logging', '--image=busybox:1.36', '--target=web-app', '--', 'sleep', '3600']);
		const name = /Defaulting debug container name to (debugger-\w+)\./.exec(result.stdout + result.stderr)?.[1];
		expect(name).toBeTruthy();
		await eventually(
			() => sim.cluster.pods.get('default', 'web-with-logging')?.status?.ephemeralContainerStatuses?.find(status => status.name === name)?.state?.running,
		);
		const ps = await exec('web-with-logging', name!, 'ps -e -o args=; hostname');
		expect(ps.stdout).toContain('sleep 7777');
		expect(ps.stdout).toContain('sleep 3600');
		expect(ps.stdout.trim().split('\n').at(-1)).toBe('web-with-logging');
		// The debugger has a root of its own: the target's /tmp is not its /tmp.
		await exec('web-with-logging', 'web-app', 'echo target > /tmp/target-only');
		expect((await exec('web-with-logging', name!, 'cat /tmp/target-only')).code).not.toBe(0);
	});

	test("a container's processes end with it", async () => {
		sim.cluster.createPod({metadata: {name: 'short'}, spec: {containers: [{name: 'main', image: 'busybox:1.36'}]}});
		await eventually(() => running('short', 'main'));
		// A number no other process on the host sleeps for.
		const seconds = String(100_000 + Math.floor(Math.random() * 800_000));
		const started = await exec('short', 'main', `sleep ${seconds} > /dev/null 2>&1 & echo started`);
		expect(started.stdout).toBe('started\n');
		const onHost = () => execFileSync('ps', ['-e', '-o', 'args='], {encoding: 'utf8'}).includes(`sleep ${seconds}`);
		expect(onHost()).toBe(true);
		await kubectl(sim, ['delete', 'pod', 'short', '--grace-period=0', '--force']);
		await eventually(() => !onHost());
	});

	test("a container's own command runs: an init container that echoes completes, one that fails says how", async () => {
		const manifest = `apiVersion: v1
kind: Pod
metadata: {name: init-done}
spec:
  initContainers:
    - {name: init, image: busybox:1.36, command: [sh, -c, 'echo init done']}
  containers:
    - {name: app, image: busybox:1.36, command: [sh, -c, 'echo app up; sleep 3600']}
---
apiVersion: v1
kind: Pod
metadata: {name: init-fails}
spec:
  restartPolicy: Never
  initContainers:
    - {name: init, image: busybox:1.36, command: [sh, -c, 'echo no config >&2; exit 3']}
  containers:
    - {name: app, image: busybox:1.36, command: [sleep, '3600']}
`;
		expect((await kubectl(sim, ['apply', '-f', '-'], {input: manifest})).code).toBe(0);
		const row = async (name: string) => (await kubectl(sim, ['get', 'pod', name, '--no-headers'])).stdout.trim().split(/\s+/);
		await eventually(async () => (await row('init-done'))[2] === 'Running', 20_000);
		expect((await kubectl(sim, ['logs', 'init-done', '-c', 'init'])).stdout).toBe('init done\n');
		await eventually(async () => (await kubectl(sim, ['logs', 'init-done', '-c', 'app'])).stdout === 'app up\n');
		await eventually(async () => (await row('init-fails'))[2] === 'Init:Error', 20_000);
		const exit = await kubectl(sim, ['get', 'pod', 'init-fails', '-o', 'jsonpath={.status.initContainerStatuses[0].state.terminated.exitCode}']);
		expect(exit.stdout).toBe('3');
		expect((await kubectl(sim, ['logs', 'init-fails', '-c', 'init'])).stdout).toBe('no config\n');
	});

	test('a container killed for its liveness probe restarts; its old process does not end the new instance', async () => {
		// How each instance ended, by container ID: as the state, or as lastState once restarted.
		const ends = new Map<string, string>();
		const stop = sim.cluster.pods.watch(sim.cluster.pods.revision, change => {
			if (change.object.metadata.name !== 'probed') return;
			const status = change.object.status?.containerStatuses?.[0];
			for (const terminated of [status?.state?.terminated, status?.lastState?.terminated]) {
				if (terminated?.containerID) ends.set(terminated.containerID, `${terminated.reason}(${terminated.exitCode})`);
			}
		});
		try {
			sim.cluster.createPod({
				metadata: {name: 'probed'},
				spec: {
					containers: [
						{
							name: 'app',
							image: 'busybox:1.36',
							command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
							livenessProbe: {tcpSocket: {port: 9090}, periodSeconds: 1, failureThreshold: 1},
						},
					],
				},
			});
			await eventually(() => (sim.cluster.pods.get('default', 'probed')?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 2, 30_000);
			// The trap answers the kubelet's TERM with exit 0: every end is Completed, none a SIGKILL.
			expect(ends.size).toBeGreaterThan(0);
			expect(new Set(ends.values())).toEqual(new Set(['Completed(0)']));
		} finally {
			stop();
		}
	});
});
