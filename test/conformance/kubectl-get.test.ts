import {afterAll, beforeAll, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import type {Pod} from '../../source/model/k8s.js';
import type {Behaviour} from '../../source/sim/behaviour.js';
import {loadScenario} from '../../source/sim/scenario.js';
import {defaultScenarios} from '../../source/sim/scenarios/index.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {byName, conformance, kubectl, kubectlStream, parseTable, parseWatch} from './kubectl.js';

// `kubectl get pods` in all its common shapes against every built-in scenario, with the
// READY / STATUS / RESTARTS a real cluster would show for each.

let sim: TestSim;

/** The workload scenarios: their controllers name their pods, and make more than one. */
const suffix = '[bcdfghjklmnpqrstvwxz2456789]{5}';
const controllerMade: Record<string, {pattern: RegExp; pods: number}> = {
	'web-deployment': {pattern: new RegExp(`^web-[4-9bcdf]{8,10}-${suffix}$`), pods: 3},
	'db-statefulset': {pattern: /^db-[01]$/, pods: 2},
	'node-agent-daemonset': {pattern: new RegExp(`^node-agent-${suffix}$`), pods: 1},
	'migrate-job': {pattern: new RegExp(`^migrate-${suffix}$`), pods: 1},
};
/** The scenario a pod belongs to: its own name, or the workload scenario whose controller named it. */
const scenarioOf = (pod: string) => Object.entries(controllerMade).find(([, {pattern}]) => pattern.test(pod))?.[0] ?? pod;

/** The scenarios the scheduler cannot place: too big for the node, or gated. */
const unscheduled = new Set(['unschedulable', 'scheduling-gated']);

conformance('kubectl get pods', () => {
	beforeAll(async () => {
		// pod-with-init is created once a watch is running, so its whole start is seen.
		sim = await startTestSim({scenarios: defaultScenarios.filter(name => name !== 'pod-with-init'), speed: 10});
	});
	afterAll(async () => {
		await sim?.close();
	});

	const get = async (...args: string[]) => {
		const result = await kubectl(sim, ['get', 'pods', ...args]);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		return result.stdout;
	};
	const pods = async () => (JSON.parse(await get('-o', 'json')) as {items: Pod[]}).items;

	it('shows each scenario with the READY, STATUS and RESTARTS a cluster would', async () => {
		type Check = (row: Record<string, string>) => boolean;
		const running =
			(ready: string): Check =>
			row =>
				row.READY === ready && row.STATUS === 'Running' && row.RESTARTS === '0';
		const expectations: Record<string, Check> = {
			'web-with-logging': running('2/2'),
			'web-deployment': running('2/2'),
			'db-statefulset': running('1/1'),
			'node-agent-daemonset': running('1/1'),
			'migrate-job': row => row.READY === '0/1' && row.STATUS === 'Completed' && row.RESTARTS === '0',
			'web-app-complete': running('3/3'),
			'web-with-git-sync': running('2/2'),
			'app-with-log-adapter': running('2/2'),
			'lifecycle-pod': running('2/2'),
			'native-sidecar': running('2/2'),
			'distroless-app': running('1/1'),
			'escape-injection': running('1/1'),
			'best-practice': running('3/3'),
			// What is missing holds a container (a Secret for its env) or the whole pod (a ConfigMap volume).
			'missing-secret': row => row.READY === '1/2' && row.STATUS === 'CreateContainerConfigError' && row.RESTARTS === '0',
			'missing-configmap-volume': row => row.READY === '0/1' && row.STATUS === 'ContainerCreating' && row.RESTARTS === '0',
			// Kubelet 1.35 shows a crash loop as Error for most of each back-off (pod-worker.ts).
			'app-with-db-ambassador': row => row.READY === '1/2' && /^(Error|CrashLoopBackOff)$/.test(row.STATUS!) && /^\d+ \(\d+s ago\)$/.test(row.RESTARTS!),
			'port-conflict': row => row.READY === '1/2' && /^(Error|CrashLoopBackOff)$/.test(row.STATUS!) && /^\d+ \(\d+s ago\)$/.test(row.RESTARTS!),
			crashloop: row => row.READY === '0/1' && row.STATUS === 'CrashLoopBackOff' && /^\d+ \(\d+s ago\)$/.test(row.RESTARTS!),
			// The log-shipper's image cannot be pulled; the app runs (kubelet/image-puller.ts).
			'image-pull-error': row => row.READY === '1/2' && /^(ErrImagePull|ImagePullBackOff)$/.test(row.STATUS!) && row.RESTARTS === '0',
			'multi-init-pod': row => row.READY === '0/1' && /^Init:(CrashLoopBackOff|Error)$/.test(row.STATUS!) && /^\d+ \(\d+s ago\)$/.test(row.RESTARTS!),
			unschedulable: row => row.READY === '0/1' && row.STATUS === 'Pending' && row.RESTARTS === '0',
			'scheduling-gated': row => row.READY === '0/1' && row.STATUS === 'SchedulingGated' && row.RESTARTS === '0',
			'readiness-failing': row => row.READY === '0/1' && row.STATUS === 'Running' && row.RESTARTS === '0',
			// Killed for its liveness probe: CrashLoopBackOff from the sync after a kill in back-off.
			'liveness-restarts': row => /^(Running|CrashLoopBackOff)$/.test(row.STATUS!) && /^\d+ \(\d+s ago\)$/.test(row.RESTARTS!),
			// A sidecar killed for its startup probe exited 0: PodInitializing while it backs off.
			'sidecar-startup-stuck': row => row.READY === '0/2' && /^(Init:0\/1|PodInitializing)$/.test(row.STATUS!) && /^\d+ \(\d+s ago\)$/.test(row.RESTARTS!),
			'sidecar-crashing': row => row.READY === '1/2' && /^Init:(Error|CrashLoopBackOff)$/.test(row.STATUS!) && /^\d+ \(\d+s ago\)$/.test(row.RESTARTS!),
			// Deleted, stopped and held by its finalizer: how it ended, not Terminating.
			'stuck-terminating': row => row.READY === '0/1' && row.STATUS === 'Completed' && row.RESTARTS === '0',
			// The kubelet lost the containers it killed: a restart counted for each, with no time.
			evicted: row => row.READY === '0/2' && row.STATUS === 'ContainerStatusUnknown' && row.RESTARTS === '2',
		};
		const seen = new Set<string>();
		const history = new Map<string, Array<Record<string, string>>>();
		await eventually(
			async () => {
				const rows = parseTable(await get());
				expect(Object.keys(rows[0]!)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
				const expected = defaultScenarios.filter(name => name !== 'pod-with-init').flatMap(name => Array<string>(controllerMade[name]?.pods ?? 1).fill(name));
				expect(rows.map(row => scenarioOf(row.NAME!)).sort()).toEqual(expected.sort());
				for (const row of rows) {
					expect(row.AGE).toMatch(/^\d+s$/);
					history.set(row.NAME!, [...(history.get(row.NAME!) ?? []), row]);
					if (expectations[scenarioOf(row.NAME!)]?.(row)) seen.add(scenarioOf(row.NAME!));
				}
				return (
					Object.keys(expectations).every(name => seen.has(name)) &&
					history.get('oom-sidecar')!.some(row => row.STATUS === 'OOMKilled' || row.STATUS === 'CrashLoopBackOff')
				);
			},
			40_000,
			150,
		);
		// Restarts climb for the crash loops: a later listing shows more than an earlier one.
		const restarts = (name: string) => history.get(name)!.map(row => Number(row.RESTARTS!.split(' ')[0]));
		for (const name of ['app-with-db-ambassador', 'crashloop', 'port-conflict', 'multi-init-pod', 'oom-sidecar']) {
			await eventually(
				async () => {
					const row = byName(parseTable(await get(name))).get(name)!;
					return Number(row.RESTARTS!.split(' ')[0]) > Math.min(...restarts(name));
				},
				30_000,
				200,
			);
		}
		// The sidecar's last termination was the OOM kill.
		await eventually(async () => {
			const pod = JSON.parse(await get('oom-sidecar', '-o', 'json')) as Pod;
			const collector = pod.status!.containerStatuses!.find(status => status.name === 'log-collector')!;
			return collector.lastState?.terminated?.reason === 'OOMKilled' && collector.lastState.terminated.exitCode === 137;
		});
	});

	it('watches pod-with-init from Init:0/1 to 1/1 Running (kubectl get -w, killed when done)', async () => {
		const watcher = kubectlStream(sim, ['get', 'pods', '-w', '-l', 'app=pod-with-init', '--request-timeout=30s']);
		try {
			await eventually(() => sim.server.requests.some(request => request.verb === 'watch' && request.path.includes('app%3Dpod-with-init')), 10_000, 20);
			for (const {pod, behaviours} of loadScenario('pod-with-init')) sim.cluster.createPod(pod, behaviours as Record<string, Behaviour>);
			await eventually(() => parseWatch(watcher.stdout()).some(row => row.READY === '1/1' && row.STATUS === 'Running'), 20_000, 50);
		} finally {
			await watcher.stop();
		}
		const rows = parseWatch(watcher.stdout());
		expect(Object.keys(rows[0]!)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
		const statuses = rows.map(row => `${row.READY} ${row.STATUS}`);
		const init = statuses.indexOf('0/1 Init:0/1');
		expect(init).toBeGreaterThanOrEqual(0);
		expect(statuses.indexOf('1/1 Running')).toBeGreaterThan(init);
		expect(rows.every(row => row.NAME === 'pod-with-init')).toBe(true);
		expect(watcher.stderr()).toBe('');
	});

	it('ends a watch at --request-timeout', async () => {
		const started = Date.now();
		const result = await kubectl(sim, ['get', 'pods', '-w', '--request-timeout=2s', 'web-with-logging'], {timeout: 15_000});
		expect(Date.now() - started).toBeLessThan(12_000);
		const rows = parseWatch(result.stdout);
		expect(rows[0]).toMatchObject({NAME: 'web-with-logging', READY: '2/2', STATUS: 'Running'});
		// Only the first event's Table carries the columns; every row still prints.
		expect(result.stdout.split('\n')[0]).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE$/);
	});

	it('prints -o wide from the server-side Table, agreeing with the objects', async () => {
		const rows = byName(parseTable(await get('-o', 'wide')));
		const objects = await pods();
		expect(Object.keys([...rows.values()][0]!)).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
		for (const pod of objects) {
			const row = rows.get(pod.metadata.name)!;
			// The scheduler leaves the pods it cannot place (unschedulable, scheduling-gated) off the
			// node; a pod whose volumes cannot be set up has no sandbox, so no IP yet.
			const placed = !unscheduled.has(pod.metadata.name);
			expect(row.IP).toBe(pod.status?.podIP ?? '<none>');
			expect(row.NODE).toBe(placed ? 'sim-node-1' : '<none>');
			expect(row.NODE).toBe(pod.spec.nodeName ?? '<none>');
			expect(row['NOMINATED NODE']).toBe('<none>');
			expect(row['READINESS GATES']).toBe('<none>');
		}
	});

	it('prints -o json and -o yaml as a List of the stored objects', async () => {
		const json = JSON.parse(await get('-o', 'json')) as {kind: string; apiVersion: string; items: Pod[]};
		expect(json.kind).toBe('List');
		expect(json.apiVersion).toBe('v1');
		expect(json.items.map(pod => pod.metadata.name).sort()).toEqual([...json.items.map(pod => pod.metadata.name)].sort());
		for (const pod of json.items) {
			expect(pod.kind).toBe('Pod');
			expect(pod.apiVersion).toBe('v1');
			expect(pod.metadata.namespace).toBe('default');
			expect(pod.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
			expect(Number(pod.metadata.resourceVersion)).toBeGreaterThan(0);
			expect(pod.spec.nodeName).toBe(unscheduled.has(pod.metadata.name) ? undefined : 'sim-node-1');
			// What the sim's kubelet ran stays out of the API.
			expect(JSON.stringify(pod)).not.toContain('x-sim');
		}
		const yaml = parseYaml(await get('-o', 'yaml')) as {kind: string; items: Pod[]};
		expect(yaml.kind).toBe('List');
		expect(yaml.items.map(pod => pod.metadata.name).sort()).toEqual(json.items.map(pod => pod.metadata.name).sort());
		const single = parseYaml(await get('crashloop', '-o', 'yaml')) as Pod;
		expect(single).toMatchObject({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'crashloop', labels: {app: 'payments'}}});
		expect(single.spec.containers[0]).toMatchObject({
			name: 'payments',
			image: 'payments-api:1.4.2',
			imagePullPolicy: 'IfNotPresent',
			terminationMessagePath: '/dev/termination-log',
		});
	});

	it('gets one pod as a Table row, and names it with -o name', async () => {
		const rows = parseTable(await get('web-with-logging'));
		expect(rows).toHaveLength(1);
		expect(rows[0]).toMatchObject({NAME: 'web-with-logging', READY: '2/2', STATUS: 'Running', RESTARTS: '0'});
		expect((await get('crashloop', 'web-with-logging', '-o', 'name')).trim().split('\n')).toEqual(['pod/crashloop', 'pod/web-with-logging']);
	});

	it('filters with -l and --field-selector on the server', async () => {
		expect(parseTable(await get('-l', 'app=payments')).map(row => row.NAME)).toEqual(['crashloop']);
		const objects = await pods();
		const labelled = (test: (labels: Record<string, string>) => boolean) =>
			objects
				.filter(pod => test(pod.metadata.labels ?? {}))
				.map(pod => pod.metadata.name)
				.sort();
		expect(
			parseTable(await get('-l', 'pattern in (init, ambassador)'))
				.map(row => row.NAME)
				.sort(),
		).toEqual(labelled(labels => ['init', 'ambassador'].includes(labels.pattern!)));
		expect(labelled(labels => ['init', 'ambassador'].includes(labels.pattern!))).toContain('multi-init-pod');
		expect(
			parseTable(await get('-l', 'pattern,pattern notin (sidecar)'))
				.map(row => row.NAME)
				.sort(),
		).toEqual(labelled(labels => labels.pattern !== undefined && labels.pattern !== 'sidecar'));
		expect(
			parseTable(await get('-l', '!pattern'))
				.map(row => row.NAME)
				.sort(),
		).toEqual(labelled(labels => labels.pattern === undefined));
		expect(parseTable(await get('--field-selector', 'metadata.name=crashloop')).map(row => row.NAME)).toEqual(['crashloop']);
		const pending = parseTable(await get('--field-selector', 'status.phase=Pending')).map(row => row.NAME);
		expect(pending).toContain('multi-init-pod');
		expect(pending).not.toContain('web-with-logging');
		expect(pending).toContain('unschedulable');
		// Neither running nor finished (stuck-terminating and evicted are), and on the node.
		const notRunning = parseTable(
			await get('--field-selector', 'status.phase!=Running,status.phase!=Succeeded,status.phase!=Failed,spec.nodeName=sim-node-1'),
		).map(row => row.NAME);
		expect(notRunning).toEqual(pending.filter(name => !unscheduled.has(name ?? '')));
		const selected = sim.server.requests.filter(request => request.path.includes('fieldSelector=status.phase'));
		expect(selected.length).toBeGreaterThan(0);

		const bad = await kubectl(sim, ['get', 'pods', '--field-selector', 'spec.foo=bar']);
		expect(bad.code).toBe(1);
		expect(bad.stderr).toContain('field label not supported: spec.foo');
		const badLabel = await kubectl(sim, ['get', 'pods', '-l', 'app=-bad-']);
		expect(badLabel.code).toBe(1);
		expect(badLabel.stderr).toContain('unable to parse requirement');
	});

	it('lists across namespaces with -A', async () => {
		const rows = parseTable(await get('-A'));
		expect(Object.keys(rows[0]!)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
		expect(rows.every(row => row.NAMESPACE === 'default')).toBe(true);
		expect(rows.length).toBe((await pods()).length);
		expect(sim.server.requests.some(request => request.path.startsWith('/api/v1/pods?'))).toBe(true);
		const empty = await kubectl(sim, ['get', 'pods', '-n', 'kube-system']);
		expect(empty).toMatchObject({code: 0, stdout: ''});
		expect(empty.stderr).toBe('No resources found in kube-system namespace.\n');
	});

	it('pages with limit/continue when asked (--chunk-size), and kubectl gets every pod', async () => {
		const before = sim.server.requests.length;
		const rows = parseTable(await get('--chunk-size=4'));
		expect(rows.length).toBe((await pods()).length);
		const pages = sim.server.requests
			.slice(before)
			.filter(request => request.path.startsWith('/api/v1/namespaces/default/pods?') && request.path.includes('limit=4'));
		expect(pages.length).toBe(Math.ceil(rows.length / 4));
		expect(pages.slice(1).every(page => page.path.includes('continue='))).toBe(true);
		// kubectl's default page size is 500.
		const defaults = sim.server.requests.filter(request => request.path === '/api/v1/namespaces/default/pods?limit=500');
		expect(defaults.length).toBeGreaterThan(0);
	});

	it('fails a missing pod with the apiserver NotFound text and exit code 1', async () => {
		const result = await kubectl(sim, ['get', 'pod', 'nope']);
		expect(result).toEqual({code: 1, stdout: '', stderr: 'Error from server (NotFound): pods "nope" not found\n'});
		const several = await kubectl(sim, ['get', 'pods', 'crashloop', 'nope']);
		expect(several.code).toBe(1);
		expect(several.stderr).toBe('Error from server (NotFound): pods "nope" not found\n');
		expect(parseTable(several.stdout).map(row => row.NAME)).toEqual(['crashloop']);
	});

	it('keeps AGE and RESTARTS moving with real time', async () => {
		// kubectl's short durations ("45s", "2m5s", "3h"): seconds, to compare two listings.
		const seconds = (text: string) =>
			[...text.matchAll(/(\d+)([dhms])/g)].reduce(
				(sum, [, count, unit]) => sum + Number(count) * {d: 86_400, h: 3600, m: 60, s: 1}[unit as 'd' | 'h' | 'm' | 's'],
				0,
			);
		const restarts = (row: Record<string, string>) => {
			const [, count, ago] = /^(\d+) \((\S+) ago\)$/.exec(row.RESTARTS!) ?? [];
			expect(count, `RESTARTS ${row.RESTARTS}`).toBeDefined();
			return {count: Number(count), ago: seconds(ago!)};
		};
		const row = async () => byName(parseTable(await get('crashloop'))).get('crashloop')!;
		const first = await row();
		const before = restarts(first);
		// Both columns are relative to now: a later listing shows an older pod, and either a later
		// restart or the same one further in the past. A frozen column never gets there.
		await eventually(
			async () => {
				const next = await row();
				const after = restarts(next);
				return seconds(next.AGE!) > seconds(first.AGE!) && (after.count > before.count || after.ago > before.ago);
			},
			15_000,
			200,
		);
	});
});
