import {describe, expect, test} from 'vitest';
import {type Cancel, ManualClock} from '../../../source/sim/clock.js';
import {Cluster} from '../../../source/sim/cluster.js';
import {parseScenario} from '../../../source/sim/scenario.js';
import {builtinScenarios, defaultScenarioOptions} from '../../../source/sim/scenarios/index.js';

// A flooding container writes at its rate by the clock, as a real program would, even when
// the sim's timers fire late on a busy machine.

/** Periodic timers that fire `lateness` times later than asked, as on a loaded machine. */
class LateClock extends ManualClock {
	constructor(private readonly lateness: number) {
		super();
	}

	override every(seconds: number, fn: () => void): Cancel {
		return super.every(seconds * this.lateness, fn);
	}
}

const scenario = `apiVersion: v1
kind: Pod
metadata: {name: flood}
spec:
  restartPolicy: Never
  containers:
  - name: app
    image: busybox:1.36
    x-sim: {flood: {lines: 100000, rate: 1000, bytes: 60}}
`;

function written(lateness: number, seconds: number): number {
	const clock = new LateClock(lateness);
	const cluster = new Cluster(clock);
	const {pod, behaviours} = parseScenario(scenario)[0]!;
	const created = cluster.createPod(pod!, behaviours);
	clock.advance(1);
	const instance = cluster.worker(created)!.slot('app')!.current!;
	const before = instance.end;
	clock.advance(seconds);
	return instance.end - before;
}

describe('x-sim flood', () => {
	test.each([1, 3])('writes its rate per second with timers %i× late', lateness => {
		const lines = written(lateness, 4);
		expect(lines).toBeGreaterThanOrEqual(3900);
		expect(lines).toBeLessThanOrEqual(4100);
	});

	test('exits 0 when done, or goes on running with exit: false', () => {
		for (const exit of [undefined, false]) {
			const clock = new ManualClock();
			const cluster = new Cluster(clock);
			const {pod, behaviours} = parseScenario(scenario.replace('bytes: 60}', `bytes: 60${exit === undefined ? '' : ', exit: false'}}`))[0]!;
			const created = cluster.createPod(pod!, behaviours);
			clock.advance(120);
			const status = cluster.pods.get('default', created.metadata.name)!.status!.containerStatuses![0]!;
			expect(cluster.worker(created)!.slot('app')!.current!.end).toBe(100_000);
			if (exit === false) expect(status.state?.running).toBeDefined();
			else expect(status.state?.terminated).toMatchObject({exitCode: 0, reason: 'Completed'});
		}
	});

	test.each([
		['log-flood', 'terminated'],
		['log-flood-live', 'running'],
	] as const)('the built-in %s ends %s after its lines', (name, state) => {
		const clock = new ManualClock();
		const cluster = new Cluster(clock);
		const {pod, behaviours} = parseScenario(builtinScenarios[name]!({...defaultScenarioOptions, floodLines: 5000, floodRate: 1000}))[0]!;
		const created = cluster.createPod(pod!, behaviours);
		clock.advance(30);
		expect(cluster.worker(created)!.slot('flood')!.current!.end).toBe(5000);
		expect(cluster.pods.get('default', name)!.status!.containerStatuses![0]!.state?.[state]).toBeDefined();
	});
});
