import {describe, expect, test} from 'vitest';
import {parseBehaviour, renderLine} from '../../../source/sim/behaviour.js';

// The `x-sim` block of a scenario container: what it accepts, and errors that name the
// field at fault.

describe('parseBehaviour', () => {
	test('absent is an idle container', () => {
		expect(parseBehaviour(undefined)).toEqual({});
		expect(parseBehaviour(null)).toEqual({});
	});

	test('a full behaviour, with defaults filled in', () => {
		expect(
			parseBehaviour({
				startup: ['starting'],
				logs: {lines: ['tick {n}']},
				exit: {after: 30, code: 1},
				readyAfter: 'never',
				startedAfter: 3,
				unhealthyAfter: 60,
				probeOutput: 'no token',
				listen: 8080,
				closes: [5432],
				connect: {port: 5432},
				memory: {startMi: 30},
				cpu: 12,
				shell: false,
				flood: {lines: 10},
			}),
		).toEqual({
			startup: ['starting'],
			logs: {lines: ['tick {n}'], every: 1, stream: 'stdout'},
			exit: {after: 30, code: 1, lines: undefined},
			readyAfter: 'never',
			startedAfter: 3,
			unhealthyAfter: 60,
			probeOutput: 'no token',
			listen: [8080],
			closes: [5432],
			connect: {port: 5432, after: 0, lines: [], code: 1},
			memory: {startMi: 30, growMiPerSecond: 0},
			cpu: 12,
			shell: false,
			flood: {lines: 10, rate: 0, bytes: 120},
		});
	});

	test.each([
		['absent', 'absent', {}],
		['a failure by name', 'not-found', {error: 'not-found'}],
		['a slow pull of a known size', {seconds: 20, bytes: 123_456}, {seconds: 20, bytes: 123_456}],
		['a failure after a while', {error: 'timeout', seconds: 5}, {error: 'timeout', seconds: 5}],
	])('pull: %s', (_name, pull, parsed) => {
		expect(parseBehaviour({pull})).toEqual({pull: parsed});
	});

	test.each([
		['not a mapping', ['a'], 'x-sim: expected a mapping'],
		['an unknown field', {exits: {}}, 'x-sim: unknown field "exits"'],
		['a negative delay', {startedAfter: -1}, 'x-sim.startedAfter: expected a non-negative number, got -1'],
		['a negative unhealthyAfter', {unhealthyAfter: -5}, 'x-sim.unhealthyAfter: expected a non-negative number, got -5'],
		['a string for a number', {readyAfter: 'soon'}, 'x-sim.readyAfter: expected a non-negative number, got "soon"'],
		['a line that is not a string', {startup: ['ok', 3]}, 'x-sim.startup: expected a list of strings'],
		['exit as a number', {exit: 3}, 'x-sim.exit: expected a mapping'],
		['exit as null', {exit: null}, 'x-sim.exit: expected a mapping'],
		['a typo inside exit', {exit: {aftr: 3}}, 'x-sim.exit: unknown field "aftr"'],
		['an exit code out of range', {exit: {code: 300}}, 'x-sim.exit.code: expected an integer from 0 to 255, got 300'],
		['logs without lines', {logs: {every: 1}}, 'x-sim.logs.lines: expected a list of strings'],
		['logs every 0 s', {logs: {lines: ['x'], every: 0}}, 'x-sim.logs.every: expected a positive number, got 0'],
		['an unknown stream', {logs: {lines: ['x'], stream: 'stdin'}}, 'x-sim.logs.stream: expected stdout or stderr, got "stdin"'],
		['a port out of range', {listen: [8080, 70000]}, 'x-sim.listen[1]: expected an integer from 1 to 65535, got 70000'],
		['a connect without a port', {connect: {after: 1}}, 'x-sim.connect.port: expected an integer from 1 to 65535, got undefined'],
		['memory as a list', {memory: [1]}, 'x-sim.memory: expected a mapping'],
		['shell as a string', {shell: 'no'}, 'x-sim.shell: expected true or false, got "no"'],
		['flood with a typo', {flood: {line: 5}}, 'x-sim.flood: unknown field "line"'],
		['flood exit as a word', {flood: {exit: 'no'}}, 'x-sim.flood.exit: expected true or false, got "no"'],
		['a pull that fails in an unknown way', {pull: 'gone'}, 'x-sim.pull: expected one of not-found, unauthorized, timeout, no-such-host, got "gone"'],
		['a pull with a typo', {pull: {erorr: 'timeout'}}, 'x-sim.pull: unknown field "erorr"'],
		['a pull of a negative time', {pull: {seconds: -2}}, 'x-sim.pull.seconds: expected a non-negative number, got -2'],
		['a pull error that is not one', {pull: {error: 'slow'}}, 'x-sim.pull.error: expected one of not-found, unauthorized, timeout, no-such-host, got "slow"'],
	])('rejects %s', (_name, raw, message) => {
		expect(() => parseBehaviour(raw)).toThrow(message);
	});
});

describe('renderLine', () => {
	const vars = {n: 7, pod: 'web', container: 'nginx', ip: '10.42.0.9', now: Date.parse('2026-01-01T12:34:56.789Z')};

	test('fills the known placeholders and leaves others alone', () => {
		expect(renderLine('{n} {pod}/{container} {ip} {clock} {iso} {other}', vars)).toBe('7 web/nginx 10.42.0.9 12:34:56 2026-01-01T12:34:56.789Z {other}');
		expect(renderLine('plain', vars)).toBe('plain');
	});
});
