import {readFileSync} from 'node:fs';
import {expect, it} from 'vitest';
import {podStatusTranscript, useEmptySim} from '../cluster/pod-status-steps.js';
import {conformance, kubectlBinary} from './kubectl.js';

// pods/status writes against the sim, held to what the real kube-apiserver 1.35 answered to the
// same requests (test/cluster/fixtures/pod-status.real.txt, recorded by test/cluster/status.test.ts
// on the real node, which checks the recording is still true): strategic-merge list order,
// podIP conversion, IP and container-state validation, warnings, Go's always-written fields.

conformance('pods/status writes, as the real API server answered them', () => {
	const empty = useEmptySim();

	it('prints what kubectl printed against the real node, step by step', async () => {
		const recorded = readFileSync(new URL('../cluster/fixtures/pod-status.real.txt', import.meta.url), 'utf8');
		const simulated = await podStatusTranscript(kubectlBinary!, empty.sim.kubeconfigPath, empty.dir);
		expect(`${simulated.join('\n')}\n`).toBe(recorded);
	}, 120_000);
});
