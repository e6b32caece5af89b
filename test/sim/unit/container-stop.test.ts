import {describe, expect, test} from 'vitest';
import type {Container} from '../../../source/model/k8s.js';
import {stopOutcome} from '../../../source/sim/kubelet/container-stop.js';

// How a killed container stops, from what its spec runs: the cases a real node showed
// (test/cluster: liveness-restarts exits 0 Completed, a plain `sleep` loop waits for the KILL
// and exits 137 Error after the grace period).

const shell = (script: string, extra: Partial<Container> = {}): Container => ({name: 'app', image: 'busybox:1.36', command: ['sh', '-c', script], ...extra});

describe('stopOutcome', () => {
	test('a shell that traps TERM exits with the trap, once the sleep in the foreground returns', () => {
		expect(stopOutcome(shell('trap "exit 0" TERM; while true; do sleep 1; done'), 30)).toEqual({after: 0.5, exitCode: 0, reason: 'Completed'});
		expect(stopOutcome(shell("trap 'exit 3' SIGTERM INT; while :; do sleep 4; done"), 30)).toEqual({after: 2, exitCode: 3, reason: 'Error'});
	});

	test('a shell that does not trap TERM ignores it as PID 1: KILL at the end of the grace period', () => {
		expect(stopOutcome(shell('while true; do sleep 1; done'), 30)).toEqual({after: 30, exitCode: 137, reason: 'Error'});
		expect(stopOutcome(shell('trap "exit 0" INT; sleep 3600'), 5)).toEqual({after: 5, exitCode: 137, reason: 'Error'});
		// A trap whose sleep outlasts the grace period is KILLed too.
		expect(stopOutcome(shell('trap "exit 0" TERM; while true; do sleep 100; done'), 30)).toEqual({after: 30, exitCode: 137, reason: 'Error'});
	});

	test("the image's own program, or one a script execs, exits 0 at once", () => {
		expect(stopOutcome({name: 'web', image: 'nginx:1.25'}, 30)).toEqual({after: 0.2, exitCode: 0, reason: 'Completed'});
		expect(stopOutcome(shell('mkdir -p /www && exec httpd -f -p 8080 -h /www'), 30)).toEqual({after: 0.2, exitCode: 0, reason: 'Completed'});
		expect(stopOutcome({name: 'x', command: ['/bin/server', '-c', 'x']}, 30)).toEqual({after: 0.2, exitCode: 0, reason: 'Completed'});
	});

	test('a preStop hook runs first, within the same grace period', () => {
		const preStop = (seconds: number) => ({lifecycle: {preStop: {exec: {command: ['sh', '-c', `sleep ${seconds}`]}}}});
		expect(stopOutcome({name: 'web', image: 'nginx:1.25', ...preStop(5)}, 30)).toEqual({after: 5.2, exitCode: 0, reason: 'Completed'});
		expect(stopOutcome({name: 'web', image: 'nginx:1.25', ...preStop(40)}, 30)).toEqual({after: 30, exitCode: 137, reason: 'Error'});
	});
});
