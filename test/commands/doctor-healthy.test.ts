import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run} from '../../source/commands/doctor.js';
import type {Finding} from '../../source/model/doctor/index.js';
import {toTime} from '../../source/model/k8s.js';
import {simSeconds} from '../../source/sim/clock.js';
import {captureOutput} from '../helpers/capture.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

// Issue 15: the healthy built-in scenarios stay clean, not only at one lucky moment but once
// they have been Ready for a minute of the sim's time (probes have run many times over):
// best-practice has no finding above info, web-with-logging nothing but its missing probes
// and limits.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['best-practice', 'web-with-logging'], speed: 10});
});
afterAll(async () => {
	await sim.close();
});

async function findingsOf(pod: string): Promise<{code: number; findings: Finding[]}> {
	const {code, out} = await captureOutput(() => run([pod, '-o', 'json', '--kubeconfig', sim.kubeconfigPath]));
	return {code, findings: (JSON.parse(out) as {findings: Finding[]}).findings};
}

/** Wait until the pod has been Ready for `seconds` of the sim's time. */
async function readyFor(pod: string, seconds: number): Promise<void> {
	await eventually(
		() => {
			const object = sim.cluster.pods.get('default', pod);
			const ready = object?.status?.conditions?.find(condition => condition.type === 'Ready' && condition.status === 'True');
			const since = toTime(ready?.lastTransitionTime);
			return since !== undefined && simSeconds(sim.cluster.clock, since) >= seconds;
		},
		60_000,
		200,
	);
}

describe('the healthy scenarios stay clean', () => {
	it('best-practice: nothing above info once running, exit 0', async () => {
		await readyFor('best-practice', 60);
		const {code, findings} = await findingsOf('best-practice');
		expect(findings.filter(finding => finding.severity !== 'info')).toEqual([]);
		expect(code).toBe(0);
	});

	it('web-with-logging: only its missing probes and limits', async () => {
		await readyFor('web-with-logging', 60);
		const {code, findings} = await findingsOf('web-with-logging');
		const aboveInfo = findings.filter(finding => finding.severity !== 'info');
		expect(aboveInfo.length).toBeGreaterThan(0);
		expect(new Set(aboveInfo.map(finding => finding.id))).toEqual(new Set(['missing-probes', 'missing-resources']));
		expect(code).toBe(1);
	});
});
