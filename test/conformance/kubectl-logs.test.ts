import {afterAll, beforeAll, expect, it} from 'vitest';
import type {Pod} from '../../source/model/k8s.js';
import {fixedNano, type LogInstance} from '../../source/sim/kubelet/log-store.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, kubectlStream} from './kubectl.js';

// `kubectl logs` with every option podscope mirrors, checked line for line against what the
// sim's container runtime recorded, and its errors word for word.

let sim: TestSim;

const crashOutput = [
	'payments-api 1.4.2 starting',
	'loading config from /etc/payments/config.yaml',
	'panic: runtime error: invalid memory address or nil pointer dereference',
	'[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x4a2b3c]',
	'',
	'goroutine 1 [running]:',
	'main.loadConfig(...)',
	'\t/src/payments/config.go:42 +0x1c',
	'main.main()',
	'\t/src/payments/main.go:17 +0x25',
];

/** The log instance a container's kubelet would serve now (current or previous). */
function instance(pod: string, container: string, previous = false): LogInstance {
	const object = sim.cluster.pods.get('default', pod)!;
	const found = sim.cluster.worker(object)!.slot(container)!.logInstance(previous);
	if (!found) throw new Error(`no ${previous ? 'previous ' : ''}instance for ${pod}/${container}`);
	return found;
}

const lines = (text: string) => text.replace(/\n$/, '').split('\n');

conformance('kubectl logs', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['crashloop', 'web-with-logging', 'multi-init-pod', 'pod-with-init'], speed: 10});
		// Let the crash loop run at least once and the init pod finish initializing.
		await eventually(async () => {
			const pod = sim.cluster.pods.get('default', 'crashloop');
			const init = sim.cluster.pods.get('default', 'pod-with-init');
			return (pod?.status?.containerStatuses?.[0]?.restartCount ?? 0) >= 1 && init?.status?.phase === 'Running';
		}, 20_000);
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('prints one container with -c, as the runtime recorded it', async () => {
		const result = await kubectl(sim, ['logs', 'web-with-logging', '-c', 'web-app']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('');
		const printed = lines(result.stdout);
		const recorded = instance('web-with-logging', 'web-app')
			.read(0)
			.map(line => line.text);
		expect(printed.length).toBeGreaterThan(3);
		expect(printed).toEqual(recorded.slice(0, printed.length));
		expect(printed[0]).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up');
	});

	it('defaults to the first container, saying so on stderr as kubectl does', async () => {
		const result = await kubectl(sim, ['logs', 'web-with-logging', '--tail=1']);
		expect(result.code).toBe(0);
		expect(result.stderr).toBe('Defaulted container "web-app" out of: web-app, log-shipper\n');
	});

	it('prints the previous instance with --previous: the crash and its stack trace', async () => {
		const result = await kubectl(sim, ['logs', 'crashloop', '--previous']);
		expect(result).toMatchObject({code: 0, stderr: ''});
		expect(lines(result.stdout)).toEqual(crashOutput);
	});

	it('follows with -f until the container instance ends', async () => {
		// Between restarts the last terminated instance is served and the stream ends at once;
		// while it runs the stream ends when it exits (0.2 s at speed 10).
		const started = Date.now();
		const result = await kubectl(sim, ['logs', '-f', 'crashloop'], {timeout: 15_000});
		expect(Date.now() - started).toBeLessThan(10_000);
		expect(result).toMatchObject({code: 0, stderr: ''});
		expect(lines(result.stdout)).toEqual(crashOutput);
	});

	it('follows a running container with -f until stopped, line by line as they are written', async () => {
		const follower = kubectlStream(sim, ['logs', '-f', 'web-with-logging', '-c', 'log-shipper', '--tail=1']);
		try {
			const before = instance('web-with-logging', 'log-shipper').end;
			await eventually(() => instance('web-with-logging', 'log-shipper').end >= before + 2 && lines(follower.stdout()).length >= 3, 10_000, 50);
		} finally {
			await follower.stop();
		}
		const printed = lines(follower.stdout());
		const recorded = instance('web-with-logging', 'log-shipper')
			.read(0)
			.map(line => line.text);
		const start = recorded.indexOf(printed[0]!);
		expect(start).toBeGreaterThanOrEqual(0);
		expect(printed).toEqual(recorded.slice(start, start + printed.length));
		expect(printed.slice(1).every(line => /\[info\]: #0 shipped 2 records/.test(line))).toBe(true);
	});

	it('prefixes the runtime timestamp with --timestamps', async () => {
		const result = await kubectl(sim, ['logs', 'crashloop', '--previous', '--timestamps']);
		const recorded = instance('crashloop', 'payments', true).read(0);
		const printed = lines(result.stdout);
		expect(printed).toHaveLength(crashOutput.length);
		for (const [index, line] of printed.entries()) {
			// The kubelet's RFC3339NanoFixed: always nine fractional digits (cri-client pkg/logs/logs.go).
			expect(line).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /);
			expect(line.slice(line.indexOf(' ') + 1)).toBe(crashOutput[index]);
		}
		// Same instance, same stamps (unless it restarted in between; then the next one's).
		const stamps = printed.map(line => line.slice(0, line.indexOf(' ')));
		const again = instance('crashloop', 'payments', true)
			.read(0)
			.map(line => fixedNano(line.stamp));
		expect([recorded.map(line => fixedNano(line.stamp)), again]).toContainEqual(stamps);
	});

	it('cuts with --tail and --limit-bytes', async () => {
		const tail = await kubectl(sim, ['logs', 'crashloop', '--previous', '--tail=2']);
		expect(lines(tail.stdout)).toEqual(crashOutput.slice(-2));
		const none = await kubectl(sim, ['logs', 'crashloop', '--previous', '--tail=0']);
		expect(none).toMatchObject({code: 0, stdout: ''});
		const bytes = await kubectl(sim, ['logs', 'crashloop', '--previous', '--limit-bytes=20']);
		expect(bytes.stdout).toBe(`${crashOutput.join('\n')}\n`.slice(0, 20));
		const invalid = await kubectl(sim, ['logs', 'crashloop', '--tail=-2']);
		expect(invalid).toMatchObject({code: 1, stderr: 'error: --tail must be greater than or equal to -1\n'});
	});

	it('follows from a --since-time ahead of the log: nothing older, even lines written meanwhile', async () => {
		// cri-client drops every line older than since, also those a follow reads later.
		const since = new Date(Math.ceil((Date.now() + 1500) / 1000) * 1000);
		const text = since.toISOString().replace(/\.\d+Z$/, 'Z');
		const follower = kubectlStream(sim, ['logs', '-f', 'web-with-logging', '-c', 'log-shipper', `--since-time=${text}`, '--timestamps']);
		try {
			await eventually(() => lines(follower.stdout()).length >= 2, 15_000, 50);
		} finally {
			await follower.stop();
		}
		const stamps = lines(follower.stdout()).map(line => Date.parse(line.split(' ', 1)[0]!));
		expect(stamps.every(ms => ms >= since.getTime())).toBe(true);
		// Lines were written between the request and `since`: none of them came through.
		expect(
			instance('web-with-logging', 'log-shipper')
				.read(0)
				.some(line => line.ms < since.getTime() && line.ms > since.getTime() - 1500),
		).toBe(true);
	});

	it('selects by time with --since and --since-time', async () => {
		const all = await kubectl(sim, ['logs', 'web-with-logging', '-c', 'web-app', '--since=1h']);
		expect(lines(all.stdout)[0]).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up');
		const future = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
		expect((await kubectl(sim, ['logs', 'web-with-logging', '-c', 'web-app', `--since-time=${future}`])).stdout).toBe('');
		// sinceTime reaches the kubelet in whole seconds: lines from the start of that second.
		const recorded = instance('web-with-logging', 'web-app').read(0);
		const pick = recorded[Math.min(5, recorded.length - 1)]!;
		const second = new Date(Math.floor(pick.ms / 1000) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
		const since = await kubectl(sim, ['logs', 'web-with-logging', '-c', 'web-app', `--since-time=${second}`, '--timestamps']);
		const first = lines(since.stdout)[0]!;
		const expected = recorded.find(line => line.ms >= Math.floor(pick.ms / 1000) * 1000)!;
		expect(first).toBe(`${fixedNano(expected.stamp)} ${expected.text}`);
		// The window must leave the first lines out: on a fast machine the pod may be younger.
		const firstMs = recorded[0]!.ms;
		await eventually(() => Date.now() - firstMs > 3000, 10_000);
		const recent = await kubectl(sim, ['logs', 'web-with-logging', '-c', 'web-app', '--since=2s']);
		const recentLines = lines(recent.stdout);
		expect(recentLines.length).toBeGreaterThan(0);
		expect(recentLines[0]).not.toBe(recorded[0]!.text);
		const now = instance('web-with-logging', 'web-app').read(0);
		expect(recentLines.length).toBeLessThan(now.length);
	});

	it('prints every container with --all-containers --prefix', async () => {
		const result = await kubectl(sim, ['logs', 'pod-with-init', '--all-containers', '--prefix']);
		expect(result).toMatchObject({code: 0, stderr: ''});
		const printed = lines(result.stdout);
		// kubectl runs one request per container, in no set order; each container's lines stay in order.
		const of = (container: string) =>
			printed.filter(line => line.startsWith(`[pod/pod-with-init/${container}] `)).map(line => line.slice(line.indexOf('] ') + 2));
		expect(of('init-setup')).toEqual(['Initializing...', 'Setup complete']);
		const main = of('main-app');
		expect(main[0]).toBe('/docker-entrypoint.sh: Configuration complete; ready for start up');
		expect(main).toEqual(
			instance('pod-with-init', 'main-app')
				.read(0, main.length)
				.map(line => line.text),
		);
		expect(of('init-setup').length + main.length).toBe(printed.length);
	});

	it('prints the pods a label selector picks with -l', async () => {
		// The previous instance is complete; the current one may have just started.
		const result = await kubectl(sim, ['logs', '-l', 'app=payments', '--tail=3', '--prefix', '--previous']);
		expect(result.code).toBe(0);
		expect(lines(result.stdout)).toEqual(crashOutput.slice(-3).map(line => `[pod/crashloop/payments] ${line}`));
		// One container waits to start: --ignore-errors keeps kubectl going past it.
		const several = await kubectl(sim, ['logs', '-l', 'pattern=init', '--all-containers', '--tail=1', '--prefix', '--ignore-errors']);
		const printed = lines(several.stdout);
		const prefixes = new Set(printed.filter(line => line.startsWith('[')).map(line => line.slice(0, line.indexOf(']') + 1)));
		expect(prefixes.has('[pod/pod-with-init/init-setup]') && prefixes.has('[pod/pod-with-init/main-app]')).toBe(true);
		// download-config prints only as it exits: just after a restart it has nothing yet.
		expect(
			[...prefixes].every(prefix =>
				['[pod/multi-init-pod/download-config]', '[pod/pod-with-init/init-setup]', '[pod/pod-with-init/main-app]'].includes(prefix),
			),
		).toBe(true);
		// kubectl reports the skipped containers in the output stream.
		expect(printed.filter(line => !line.startsWith('[')).sort()).toEqual([
			'error: container "application" in pod "multi-init-pod" is waiting to start: PodInitializing',
			'error: container "validate-config" in pod "multi-init-pod" is waiting to start: PodInitializing',
		]);
	});

	it("fails a missing pod with kubectl's wording of the NotFound", async () => {
		expect(await kubectl(sim, ['logs', 'nope'])).toEqual({
			code: 1,
			stdout: '',
			stderr: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n',
		});
	});

	it('fails a missing container (kubectl checks the pod spec)', async () => {
		expect(await kubectl(sim, ['logs', 'web-with-logging', '-c', 'nope'])).toEqual({
			code: 1,
			stdout: '',
			stderr: 'error: container nope is not valid for pod web-with-logging\n',
		});
	});

	it("fails a container still waiting to start with the kubelet's reason", async () => {
		expect(await kubectl(sim, ['logs', 'multi-init-pod', '-c', 'application'])).toEqual({
			code: 1,
			stdout: '',
			stderr: 'Error from server (BadRequest): container "application" in pod "multi-init-pod" is waiting to start: PodInitializing\n',
		});
		expect(await kubectl(sim, ['logs', 'multi-init-pod', '-c', 'validate-config'])).toEqual({
			code: 1,
			stdout: '',
			stderr: 'Error from server (BadRequest): container "validate-config" in pod "multi-init-pod" is waiting to start: PodInitializing\n',
		});
	});

	it('fails --previous when there is no previous instance', async () => {
		expect(await kubectl(sim, ['logs', 'web-with-logging', '-c', 'web-app', '--previous'])).toEqual({
			code: 1,
			stdout: '',
			stderr: 'Error from server (BadRequest): previous terminated container "web-app" in pod "web-with-logging" not found\n',
		});
	});

	it("gives the apiserver's own errors to a raw request", async () => {
		const raw = (query: string) => kubectl(sim, ['get', '--raw', `/api/v1/namespaces/default/pods/${query}`]);
		// Without a container the apiserver lists every container, init first.
		expect((await raw('web-with-logging/log')).stderr).toBe(
			'Error from server (BadRequest): a container name must be specified for pod web-with-logging, choose one of: [web-app log-shipper]\n',
		);
		expect((await raw('pod-with-init/log')).stdout).toContain('/docker-entrypoint.sh: Configuration complete');
		expect((await raw('crashloop/log?tailLines=-1')).stderr).toBe(
			'The PodLogOptions "crashloop" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0\n',
		);
		expect((await raw('crashloop/log?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z')).stderr).toBe(
			'The PodLogOptions "crashloop" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified\n',
		);
		expect((await raw('crashloop/log?container=nope')).stderr).toBe('Error from server (BadRequest): container nope is not valid for pod crashloop\n');
		const pod = JSON.parse((await raw('crashloop')).stdout) as Pod;
		expect(pod.metadata.name).toBe('crashloop');
	});
});
