import {isDeepStrictEqual} from 'node:util';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run} from '../../source/commands/doctor.js';
import type {Finding} from '../../source/model/doctor/index.js';
import {captureOutput} from '../helpers/capture.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

// Issue 15 on the failures the sim now makes (issue 14): for each failure scenario the
// doctor's first finding is the real problem, about the right container, and the command
// exits 1. The sim runs fast so back-offs and retries pass in seconds.

const expected: Array<{pod: string; id: string; container?: string}> = [
	{pod: 'unschedulable', id: 'unschedulable'},
	{pod: 'scheduling-gated', id: 'scheduling-gates'},
	{pod: 'image-pull-error', id: 'image-pull', container: 'log-shipper'},
	{pod: 'missing-secret', id: 'config-error', container: 'vault-agent'},
	{pod: 'missing-configmap-volume', id: 'mount-failure', container: 'web'},
	{pod: 'readiness-failing', id: 'readiness-failing', container: 'web'},
	{pod: 'liveness-restarts', id: 'liveness-restarts', container: 'app'},
	{pod: 'sidecar-startup-stuck', id: 'startup-probe', container: 'istio-proxy'},
	{pod: 'sidecar-crashing', id: 'sidecar-crash', container: 'proxy'},
	{pod: 'stuck-terminating', id: 'stuck-terminating'},
	{pod: 'evicted', id: 'evicted'},
];

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: expected.map(({pod}) => pod), speed: 5});
});
afterAll(async () => {
	await sim.close();
});

async function findingsOf(pod: string): Promise<{code: number; findings: Finding[]}> {
	const {code, out} = await captureOutput(() => run([pod, '-o', 'json', '--kubeconfig', sim.kubeconfigPath]));
	return {code, findings: (JSON.parse(out) as {findings: Finding[]}).findings};
}

describe('podscope doctor on the failures a real cluster shows', () => {
	for (const {pod, id, container} of expected) {
		it(`names ${id} first for ${pod}`, async () => {
			// Wait for the failure to have happened (a liveness kill, an eviction), then read the first finding.
			const result = await eventually(
				async () => {
					const found = await findingsOf(pod);
					return found.findings[0]?.id === id ? found : undefined;
				},
				60_000,
				500,
			);
			expect(result.code).toBe(1);
			expect(result.findings[0]!.severity).not.toBe('info');
			expect(result.findings[0]!.container).toBe(container);
			expect(result.findings[0]!.evidence.length).toBeGreaterThan(0);
		});
	}
});

describe('podscope doctor over the whole namespace, on the same failures', () => {
	it('gives every pod the same first finding from one list of pods and one of events', async () => {
		// Each pod's events come from the namespace's list, its logs only because its containers
		// exited: the first finding must be the one the one-pod doctor names.
		type Item = {name: string; findings: Finding[]};
		const firsts = (items: Item[]) => Object.fromEntries(items.map(item => [item.name, [item.findings[0]?.id, item.findings[0]?.container]]));
		const want = Object.fromEntries(expected.map(({pod, id, container}) => [pod, [id, container]]));
		const survey = async () => {
			const {code, out} = await captureOutput(() => run(['-o', 'json', '--kubeconfig', sim.kubeconfigPath]));
			return {code, items: (JSON.parse(out) as {items: Item[]}).items};
		};
		// Wait for every failure to have happened; on time-out, the comparison shows which pod differs.
		const result = await eventually(
			async () => {
				const found = await survey();
				return isDeepStrictEqual(firsts(found.items), want) ? found : undefined;
			},
			60_000,
			500,
		).catch(() => survey());
		expect(firsts(result.items)).toEqual(want);
		expect(result.code).toBe(1);
		expect(result.items.map(item => item.name)).toEqual(expected.map(({pod}) => pod).sort());
	}, 70_000);
});
