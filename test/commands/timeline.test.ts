import {existsSync, readFileSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run} from '../../source/commands/timeline.js';
import {captureOutput} from '../helpers/capture.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

// The startup story of the two init scenarios, told by `podscope timeline` against the sim,
// and every run of a crash-looping init container.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['native-sidecar', 'pod-with-init']});
	// pod-with-init's init container runs ~5 s; envoy's startupProbe passes after ~3 s. Wait for
	// the states themselves, not a fixed time: a busy machine runs late.
	const running = (pod: string, container: string) =>
		sim.cluster.pods.get('default', pod)?.status?.containerStatuses?.find(status => status.name === container)?.state?.running !== undefined;
	await eventually(() => running('pod-with-init', 'main-app') && running('native-sidecar', 'app'), 25_000);
}, 30_000);
afterAll(async () => {
	await sim.close();
});

function timeline(...args: string[]): Promise<{code: number; out: string; err: string}> {
	return captureOutput(() => run([...args, '--kubeconfig', sim.kubeconfigPath, '--width', '80']));
}

describe('podscope timeline', () => {
	it("tells native-sidecar's story: envoy first, the app once its startupProbe passed", async () => {
		const {code, out} = await timeline('native-sidecar');
		expect(code).toBe(0);
		const lines = out.split('\n');
		const envoy = lines.findIndex(line => /^sidecar +envoy /.test(line));
		const app = lines.findIndex(line => /^main +app /.test(line));
		expect(envoy).toBeGreaterThan(0);
		expect(app).toBe(envoy + 1);
		expect(out).toMatch(/app started after envoy's startupProbe passed \([2-4]\.0 s\)/);
		expect(out).toMatch(/the pod became Ready [2-4]\.0 s after it was scheduled/);
		for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
	});

	it("tells pod-with-init's story: the init container ran, then nginx", async () => {
		const {code, out} = await timeline('pod-with-init');
		expect(code).toBe(0);
		expect(out).toMatch(/^init 1 +init-setup .*✓ exit 0$/m);
		// The sim's ~5 s run is kept on real timers: a loaded machine fires them late, never early.
		expect(out).toMatch(/init container init-setup ran [4-8]\.0 s \(exit 0\)/);
		expect(out).toMatch(/main-app waited [4-8]\.0 s for init container init-setup/);
	});

	it('fails like kubectl for a pod that does not exist', async () => {
		expect(await timeline('nope')).toEqual({code: 1, out: '', err: 'Error from server (NotFound): pods "nope" not found\n'});
	});

	it('loads neither the TUI nor the simulator', () => {
		for (const file of ['source/commands/timeline.ts', 'source/commands/describe.ts', 'source/commands/doctor.ts'].filter(existsSync)) {
			const text = readFileSync(file, 'utf8');
			expect(text).not.toMatch(/from '\.\.\/(ui|sim)\//);
			expect(text).not.toMatch(/import\('\.\.\/(ui|sim)\//);
		}
	});
});

describe('podscope timeline of a crash loop', () => {
	// multi-init-pod's download-config exits 6 after a second and restarts with back-off; at 30x
	// the sim's back-offs (10 s doubling) pass in seconds of real time.
	let fast: TestSim;
	const restarts = () =>
		fast.cluster.pods.get('default', 'multi-init-pod')?.status?.initContainerStatuses?.find(status => status.name === 'download-config')?.restartCount ?? 0;
	beforeAll(async () => {
		fast = await startTestSim({scenarios: ['multi-init-pod'], speed: 30});
		await eventually(() => restarts() >= 5, 25_000);
	}, 30_000);
	afterAll(async () => {
		await fast.close();
	});

	it('draws every run: a restart mark each, back-off between, the forgotten ones inferred', async () => {
		const {code, out} = await captureOutput(() => run(['multi-init-pod', '--kubeconfig', fast.kubeconfigPath, '--width', '120']));
		expect(code).toBe(0);
		const row = out.split('\n').find(line => /^init 1 +download-config /.test(line));
		expect(row).toBeDefined();
		expect([...row!].filter(char => char === '↻').length).toBeGreaterThanOrEqual(3);
		expect(row).toContain('░');
		// The API kept one or two runs; the others come from restartCount and the Started event.
		const detail = /^download-config: [^·]+ · (\d+) runs \((\d+) inferred\)/m.exec(out);
		expect(detail).not.toBeNull();
		expect(Number(detail![1])).toBeGreaterThanOrEqual(6);
		expect(Number(detail![2])).toBeGreaterThanOrEqual(4);
		expect(out).toMatch(/download-config restarted \d+ times; last exit 6 \(Error\)/);
		for (const line of out.split('\n')) expect([...line].length).toBeLessThanOrEqual(120);
	});
});
