import {readFileSync, writeFileSync} from 'node:fs';
import {describe, expect, it} from 'vitest';
import {podStatusTranscript, useEmptySim} from './pod-status-steps.js';
import {kubectlPath, realKubeconfig} from './real-node.js';

// pods/status writes (pod-status-steps.ts), the same requests to the real API server and to the
// sim, every answer compared. The real node's transcript must also still be the recorded one the
// conformance tier checks the sim against: PODSCOPE_RECORD=1 writes it anew (after a version bump).

const fixture = new URL('fixtures/pod-status.real.txt', import.meta.url);

describe.runIf(process.env.PODSCOPE_CLUSTER)('pods/status writes: the real API server and the sim', () => {
	const empty = useEmptySim();

	it('answers every request as kube-apiserver does', async () => {
		const real = (await podStatusTranscript(kubectlPath, realKubeconfig, empty.dir)).join('\n');
		const simulated = (await podStatusTranscript(kubectlPath, empty.sim.kubeconfigPath, empty.dir)).join('\n');
		if (process.env.PODSCOPE_RECORD) writeFileSync(fixture, `${real}\n`);
		// Both transcripts in full on a difference: one line alone hides its context.
		expect(simulated).toBe(real);
		expect(`${real}\n`, 'the real node no longer answers as recorded: PODSCOPE_RECORD=1 records it').toBe(readFileSync(fixture, 'utf8'));
	}, 180_000);
});
