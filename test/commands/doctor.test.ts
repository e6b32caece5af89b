import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run} from '../../source/commands/doctor.js';
import type {Finding} from '../../source/model/doctor/index.js';
import {captureOutput} from '../helpers/capture.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';

// The definition of done for the doctor, on the simulator: the real problem named in
// each broken scenario, nothing above info in best-practice, web-app-complete's probes.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({
		scenarios: ['app-with-db-ambassador', 'multi-init-pod', 'port-conflict', 'oom-sidecar', 'crashloop', 'best-practice', 'web-app-complete'],
	});
});
afterAll(async () => {
	await sim.close();
});

function doctor(...args: string[]): Promise<{code: number; out: string; err: string}> {
	return captureOutput(() => run([...args, '--kubeconfig', sim.kubeconfigPath]));
}

async function findingsOf(pod: string): Promise<{code: number; findings: Finding[]}> {
	const {code, out} = await doctor(pod, '-o', 'json');
	return {code, findings: (JSON.parse(out) as {findings: Finding[]}).findings};
}

/** Wait until the pod has misbehaved enough for `match` to find its finding. */
const until = (pod: string, match: (finding: Finding) => boolean) =>
	eventually(
		async () => {
			const result = await findingsOf(pod);
			const found = result.findings.find(match);
			return found ? {...result, found} : undefined;
		},
		40_000,
		500,
	);

describe('podscope doctor on the sim', () => {
	it('app-with-db-ambassador: the ambassador is up but its backend is down; a native sidecar would order start-up', async () => {
		// Once the ambassador is Ready: its first readiness probe runs at the relist after its start
		// and fails (readyAfter 2 s), so it passes only a period later, after its first DOWN line.
		const {code, found} = await until(
			'app-with-db-ambassador',
			finding =>
				finding.id === 'sidecar-ordering' &&
				finding.evidence.some(line => line.includes('is DOWN')) &&
				finding.evidence.some(line => line.endsWith('.ready: true')),
		);
		expect(code).toBe(1);
		expect(found.severity).toBe('error');
		expect(found.title).toContain('db-ambassador on localhost:5432 is up but cannot reach its backend');
		expect(found.evidence.join('\n')).toContain('Server postgres/db1 is DOWN');
		expect(found.fix).toContain('native sidecar');
	}, 60_000);

	it('multi-init-pod: download-config fails and blocks validate-config and the app', async () => {
		const {found} = await until('multi-init-pod', finding => finding.id === 'init-blocking');
		expect(found.title).toContain('init container download-config keeps failing');
		expect(found.title).toContain('blocks validate-config and application');
		expect(found.evidence.join('\n')).toContain('Could not resolve host: config-server');
	}, 60_000);

	it('port-conflict: app2 cannot bind 8080', async () => {
		const {found} = await until('port-conflict', finding => finding.id === 'port-conflict' && finding.severity === 'error');
		expect(found.title).toContain('app2 cannot bind port 8080/TCP');
		expect(found.evidence).toContain('log app2 (previous): listen tcp 0.0.0.0:8080: bind: address already in use');
	}, 60_000);

	it('oom-sidecar: log-collector OOMKilled at its 64Mi limit', async () => {
		const {found} = await until('oom-sidecar', finding => finding.id === 'oom-killed');
		expect(found.container).toBe('log-collector');
		expect(found.title).toContain('its memory limit is 64Mi');
	}, 60_000);

	it('crashloop: the panic, its exit code and the stack', async () => {
		const {found} = await until('crashloop', finding => finding.id === 'crash-loop');
		expect(found.title).toMatch(/payments is (in CrashLoopBackOff|crash-looping): last exit 2 \(Error\)/);
		expect(found.evidence.join('\n')).toContain('panic: runtime error: invalid memory address or nil pointer dereference');
	}, 60_000);

	it('best-practice: nothing above info, exit 0', async () => {
		const {code, findings} = await findingsOf('best-practice');
		expect(findings.filter(finding => finding.severity !== 'info')).toEqual([]);
		expect(code).toBe(0);
		const text = await doctor('best-practice');
		expect(text.code).toBe(0);
		expect(text.out).toContain('best-practice: no findings');
	});

	it('web-app-complete: the missing probes of every container', async () => {
		const {code, findings} = await findingsOf('web-app-complete');
		expect(code).toBe(1);
		expect(findings.filter(finding => finding.id === 'missing-probes').map(finding => finding.container)).toEqual(['nginx', 'log-shipper', 'nginx-exporter']);
	});

	it("a missing pod is an error of its own (exit 2), with kubectl's text", async () => {
		const {code, err} = await doctor('nope');
		expect(code).toBe(2);
		expect(err).toBe('Error from server (NotFound): pods "nope" not found\n');
	});
});
