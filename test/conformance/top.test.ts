import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {eventually, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';

// kubectl top against the sim's metrics.k8s.io: the usage each container's behaviour declares.

let sim: TestSim;

const rows = (stdout: string) =>
	stdout
		.trim()
		.split('\n')
		.map(line => line.trim().split(/\s+/));

beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-app-complete', 'web-with-logging']});
	await eventually(() =>
		['web-app-complete', 'web-with-logging'].every(name =>
			sim.cluster.pods.get('default', name)?.status?.containerStatuses?.every(status => status.state?.running),
		),
	);
});

afterAll(async () => {
	await sim?.close();
});

describe('kubectl top', () => {
	test('pod --containers lists every running container', async () => {
		const result = await kubectl(sim, ['top', 'pod', '--containers']);
		expect(result.code).toBe(0);
		expect(rows(result.stdout)).toEqual([
			['POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)'],
			['web-app-complete', 'log-shipper', '4m', '58Mi'],
			['web-app-complete', 'nginx', '12m', '42Mi'],
			['web-app-complete', 'nginx-exporter', '1m', '11Mi'],
			['web-with-logging', 'log-shipper', '1m', '4Mi'],
			['web-with-logging', 'web-app', '1m', '4Mi'],
		]);
	});

	test('one pod, summed and per container', async () => {
		const summed = await kubectl(sim, ['top', 'pod', 'web-app-complete']);
		expect(rows(summed.stdout)).toEqual([
			['NAME', 'CPU(cores)', 'MEMORY(bytes)'],
			['web-app-complete', '17m', '111Mi'],
		]);
		const containers = await kubectl(sim, ['top', 'pod', 'web-app-complete', '--containers', '--context', 'podscope-sim-viewer']);
		expect(containers.code).toBe(0);
		expect(rows(containers.stdout)).toHaveLength(4);
	});

	test('node', async () => {
		const result = await kubectl(sim, ['top', 'node']);
		expect(result.code).toBe(0);
		const [header, node] = rows(result.stdout);
		expect(header).toEqual(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
		expect(node![0]).toBe('sim-node-1');
	});
});
