import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KubeHttp} from '../../source/kube/http.js';
import {loadKubeconfig} from '../../source/kube/kubeconfig.js';
import {getPod, listPodEvents} from '../../source/kube/pod-details.js';
import {describePod} from '../../source/model/describe/pod.js';
import {sanitizeName} from '../../source/model/sanitize.js';
import {builtinScenarios} from '../../source/sim/scenarios/index.js';
import {eventually, kubectl, settled, startTestSim, type TestSim} from '../helpers/sim.js';

// podscope's describe against the real kubectl describe, on the same simulator, for every
// built-in scenario. Above the Events table the text must be identical; the events are
// compared field by field, ages allowed a couple of seconds (the two run moments apart).

let sim: TestSim;
let http: KubeHttp;
beforeAll(async () => {
	sim = await startTestSim({scenarios: Object.keys(builtinScenarios), scenarioOptions: {pods: 2, floodLines: 50, floodRate: 10}});
	http = new KubeHttp(loadKubeconfig({kubeconfig: sim.kubeconfigPath}).access);
	// Let init containers run, probes pass and crash loops restart at least once.
	await settled(sim, {
		running: [
			['pod-with-init', 'main-app'],
			['native-sidecar', 'app'],
			['web-with-git-sync', 'git-sync'],
		],
		restarted: [
			['crashloop', 'payments'],
			['multi-init-pod', 'download-config'],
			['port-conflict', 'app2'],
		],
	});
}, 30_000);
afterAll(async () => {
	await sim?.close();
});

/** kubectl escapes ESC as ^[ and CR as \r; podscope shows control pictures. */
const asPodscope = (text: string) =>
	text
		.split('\n')
		.map(line => sanitizeName(line.replaceAll('^[', '\x1b').replaceAll('\\r', '\r')))
		.join('\n');

function split(text: string): {head: string; events: string[][]} {
	const at = text.search(/^Events:/m);
	const head = at < 0 ? text : text.slice(0, at);
	const table = at < 0 ? [] : text.slice(at).split('\n').slice(3).filter(Boolean);
	return {head, events: table.map(line => line.trim().split(/\s{2,}/))};
}

const seconds = (age: string): number => {
	let total = 0;
	for (const [, amount, unit] of age.matchAll(/(\d+)([smhdy])/g)) total += Number(amount) * {s: 1, m: 60, h: 3600, d: 86400, y: 31536000}[unit as 's']!;
	return total;
};

/** An Age cell as [last, count, first]: "12s (x3 over 40s)" → [12, 3, 40]. */
function age(cell: string): [number, number, number] {
	const repeated = /^(\S+) \(x(\d+) over (\S+)\)$/.exec(cell);
	if (repeated) return [seconds(repeated[1]!), Number(repeated[2]), seconds(repeated[3]!)];
	return [seconds(cell), 1, seconds(cell)];
}

function compareEvents(ours: string[][], theirs: string[][]): void {
	const key = (row: string[]) => [row[0], row[1], age(row[2]!)[1], row[3], row[4]].join('|');
	expect(ours.map(key).sort()).toEqual(theirs.map(key).sort());
	// kubectl sorts by lastTimestamp alone: the scheduler's events (eventTime only) come first.
	const scheduled = (rows: string[][]) => rows.findIndex(row => row[1] === 'Scheduled');
	expect(scheduled(ours)).toBe(scheduled(theirs));
	// Rows can share a key: kubelet 1.35's "Container created" does not name the container.
	// Such rows are compared in the order of their ages.
	const ages = (rows: string[][]) => {
		const grouped = new Map<string, Array<[number, number, number]>>();
		for (const row of rows) grouped.set(key(row), [...(grouped.get(key(row)) ?? []), age(row[2]!)]);
		for (const list of grouped.values()) list.sort((a, b) => a[0] - b[0] || a[2] - b[2]);
		return grouped;
	};
	const theirAges = ages(theirs);
	for (const [rowKey, list] of ages(ours)) {
		for (const [index, [last, , first]] of list.entries()) {
			const [theirLast, , theirFirst] = theirAges.get(rowKey)![index]!;
			expect(Math.abs(last - theirLast)).toBeLessThanOrEqual(2);
			expect(Math.abs(first - theirFirst)).toBeLessThanOrEqual(2);
		}
	}
}

const pods = [
	'web-with-logging',
	'app-with-db-ambassador',
	'pod-with-init',
	'multi-init-pod',
	'web-app-complete',
	'web-with-git-sync',
	'app-with-log-adapter',
	'lifecycle-pod',
	'native-sidecar',
	'port-conflict',
	'oom-sidecar',
	'crashloop',
	'distroless-app',
	'escape-injection',
	'best-practice',
	'image-pull-error',
	'readiness-failing',
	'liveness-restarts',
	'sidecar-startup-stuck',
	'sidecar-crashing',
	'missing-secret',
	'missing-configmap-volume',
	'stuck-terminating',
	'evicted',
	'log-flood',
	'log-flood-live',
	'unschedulable',
	'scheduling-gated',
];

/** The workload scenarios: one of the pods their controllers made, by label. */
const workloadPods: Record<string, string> = {
	'web-deployment': 'app=web',
	'db-statefulset': 'statefulset.kubernetes.io/pod-name=db-0',
	'node-agent-daemonset': 'app=node-agent',
	'migrate-job': 'batch.kubernetes.io/job-name=migrate',
	'k3s-system': 'k8s-app=kube-dns',
};
/** Where a scenario's pods are: k3s-system's in kube-system, the others in default. */
const namespaceOf = (scenario: string) => (scenario === 'k3s-system' ? 'kube-system' : 'default');

describe('describe matches kubectl describe pod', () => {
	it('covers every built-in scenario', () => {
		const covered = new Set([...pods, ...Object.keys(workloadPods), 'many-pods']);
		expect(Object.keys(builtinScenarios).filter(name => !covered.has(name))).toEqual([]);
	});

	it.each([...pods, ...Object.keys(workloadPods), 'many-pods'])(
		'%s',
		async scenario => {
			const selector = workloadPods[scenario];
			const namespace = namespaceOf(scenario);
			const name =
				scenario === 'many-pods'
					? ((await kubectl(sim, ['get', 'pods', '-o', 'name'])).stdout
							.split('\n')
							.find(line => line.startsWith('pod/scale-'))
							?.slice(4) ?? 'many-pods-missing')
					: selector
						? await eventually(
								async () => (await kubectl(sim, ['get', 'pods', '-n', namespace, '-l', selector, '-o', 'name'])).stdout.split('\n')[0]?.slice(4) || undefined,
							)
						: scenario;
			// Compared once they have ended: deleted 5 s in and held by a finalizer; evicted about 20 s in.
			const ended = {'stuck-terminating': 'Succeeded', evicted: 'Failed'}[scenario];
			if (ended) await eventually(() => sim.cluster.pods.get('default', scenario)?.status?.phase === ended, 35_000);
			// A crash-looping pod changes under our feet: retry until kubectl's two runs agree.
			let lastError: unknown;
			for (let attempt = 0; attempt < 6; attempt++) {
				const before = await kubectl(sim, ['describe', 'pod', '-n', namespace, name]);
				expect(before.stderr).toBe('');
				const pod = await getPod(http, namespace, name);
				const ours = describePod(pod, await listPodEvents(http, pod), Date.now());
				const after = await kubectl(sim, ['describe', 'pod', '-n', namespace, name]);
				const theirs = split(asPodscope(before.stdout));
				if (theirs.head !== split(asPodscope(after.stdout)).head) continue;
				try {
					const mine = split(ours);
					expect(mine.head).toBe(theirs.head);
					compareEvents(mine.events, theirs.events);
					return;
				} catch (error) {
					lastError = error;
				}
			}
			throw lastError ?? new Error(`${name} never held still long enough to compare`);
		},
		45_000,
	);
});
