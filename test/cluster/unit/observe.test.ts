import {describe, expect, it} from 'vitest';
import {jsonStream} from '../json-stream.js';
import type {Pod} from '../../../source/model/k8s.js';
import {compare, emptyObservation, messagePattern, type Observation, observe, parseTable, settle, type TableRow, withEvents} from '../observe.js';

// What the differential test calls a difference: checked on made-up samples, so that a change
// to the comparison shows here and not as a surprise on the real node.

const row = (status: string, ready: string, restarts = '0'): TableRow => ({name: 'p', ready, status, restarts});
const pod = (ready: 'True' | 'False'): Pod => ({
	metadata: {name: 'p', namespace: 'default', uid: 'u1'},
	spec: {containers: [{name: 'app', image: 'app'}]},
	status: {conditions: [{type: 'Ready', status: ready}]},
});

/** Changes one second apart, the last lasting a second too. */
function run(samples: Array<[TableRow, Pod]>): Observation {
	const seen = samples.reduce((seen, [sample, object], index) => observe(seen, sample, object, index * 1000), emptyObservation());
	return settle(seen, samples.length * 1000);
}

describe('the differential comparison', () => {
	it('reads kubectl get rows, RESTARTS with its "(5s ago)"', () => {
		expect(parseTable('crashloop   0/1   Error   2 (5s ago)   40s\n')).toEqual([{name: 'crashloop', ready: '0/1', status: 'Error', restarts: '2'}]);
	});

	it('compares STATUS as the set seen, leaving out what only start-up timing shows', () => {
		const sim = run([
			[row('Error', '0/1'), pod('False')],
			[row('Running', '1/1'), pod('True')],
		]);
		const real = run([
			[row('ContainerCreating', '0/1'), pod('False')],
			[row('Running', '1/1'), pod('True')],
			[row('Error', '0/1'), pod('False')],
		]);
		expect(compare('p', sim, real).map(difference => difference.field)).not.toContain('STATUS seen');
		const other = run([[row('Running', '1/1'), pod('True')]]);
		expect(compare('p', other, real).find(difference => difference.field === 'STATUS seen')).toMatchObject({sim: 'Running', real: 'Error, Running'});
	});

	it('compares a crash loop by the range it moves through, a steady pod by where it ended', () => {
		// Ten turns of Running and Error, then where the run happened to stop.
		const loop = (last: 'Running' | 'Error') =>
			run([
				...Array.from({length: 10}, (_, turn): [TableRow, Pod] =>
					turn % 2 === 0 ? [row('Running', '1/1', String(turn)), pod('True')] : [row('Error', '0/1', String(turn)), pod('False')],
				),
				[row(last, last === 'Running' ? '1/1' : '0/1', '10'), pod(last === 'Running' ? 'True' : 'False')],
			]);
		expect(compare('p', loop('Running'), loop('Error'))).toEqual([]);
		const steady = (ready: '1/1' | '0/1') => run([[row('Running', ready), pod(ready === '1/1' ? 'True' : 'False')]]);
		expect(compare('p', steady('1/1'), steady('0/1')).map(difference => difference.field)).toEqual(['READY at the end', 'conditions at the end']);
		// Only one side restarting is a difference of its own, and READY is then read at the end.
		expect(compare('p', loop('Error'), steady('1/1')).map(difference => difference.field)).toEqual([
			'STATUS seen',
			'READY at the end',
			'restarted',
			'conditions at the end',
		]);
	});
});

describe('time in each STATUS', () => {
	/** A pod that shows `status` for `ms` of every 100 ms, Running for the rest. */
	const cycling = (status: string, ms: number) => {
		let seen = emptyObservation();
		for (let cycle = 0; cycle < 10; cycle++) {
			seen = observe(seen, row('Running', '1/1', '1'), undefined, cycle * 100);
			seen = observe(seen, row(status, '0/1', '1'), undefined, cycle * 100 + (100 - ms));
		}
		return settle(seen, 1000);
	};

	it('does not count a state that lasts a moment, and does count one that lasts', () => {
		// CrashLoopBackOff for 2% (or 10%) of the time on one side and not at all on the other: the same.
		expect(compare('p', cycling('CrashLoopBackOff', 2), cycling('Error', 2)).map(difference => difference.field)).not.toContain('STATUS seen');
		expect(compare('p', cycling('CrashLoopBackOff', 10), cycling('Error', 2)).map(difference => difference.field)).not.toContain('STATUS seen');
		// Any other state counts from 5%.
		expect(compare('p', cycling('Error', 10), cycling('Completed', 1)).find(difference => difference.field === 'STATUS seen')).toMatchObject({
			sim: 'Error, Running',
			real: 'Running',
		});
		// The sim's old crash loop: CrashLoopBackOff most of the time, where the kubelet shows it a moment.
		expect(compare('p', cycling('CrashLoopBackOff', 70), cycling('CrashLoopBackOff', 2)).find(difference => difference.field === 'STATUS seen')).toEqual({
			pod: 'p',
			field: 'STATUS seen',
			sim: 'CrashLoopBackOff, Running',
			real: 'Running',
		});
	});
});

describe('event wording', () => {
	it('keeps the words and drops what differs between runs and nodes', () => {
		expect(messagePattern('Successfully assigned default/crashloop to podscope-node', 'podscope-node')).toBe(
			'Successfully assigned default/crashloop to <node>',
		);
		expect(messagePattern('Back-off restarting failed container payments in pod crashloop_default(5b99e27c-adf2-432a-97f4-958df4654d29)')).toBe(
			'Back-off restarting failed container payments in pod crashloop_default(<uid>)',
		);
		expect(messagePattern('Readiness probe failed: Get "http://10.42.0.6:2020/api/v1/health": dial tcp 10.42.0.6:2020: connect: connection refused')).toBe(
			'Readiness probe failed: Get "http://<ip>/api/v<n>/health": dial tcp <ip>: connect: connection refused',
		);
		expect(messagePattern('Successfully pulled image "a" in 1.2s (1.2s including waiting). Image size: 3000 bytes.')).toBe(
			'Successfully pulled image "a" in <n> (<n> including waiting). Image size: <n> bytes.',
		);
	});

	it('compares the wording of reasons both sides recorded', () => {
		const event = (reason: string, message: string) => ({
			metadata: {name: 'e'},
			involvedObject: {kind: 'Pod', name: 'p'},
			type: 'Normal',
			reason,
			message,
		});
		const sim = withEvents(emptyObservation(), [event('Created', 'Created container: app'), event('Scheduled', 'x')]);
		const real = withEvents(emptyObservation(), [event('Created', 'Container created')]);
		expect(compare('p', sim, real)).toEqual([
			{pod: 'p', field: 'event reasons', sim: 'Normal/Created, Normal/Scheduled', real: 'Normal/Created'},
			{pod: 'p', field: 'Normal/Created messages', sim: 'Created container: app', real: 'Container created'},
		]);
	});
});

describe('a stream of JSON documents', () => {
	it('splits concatenated objects however the chunks fall, braces in strings included', () => {
		const text = `{"a": {"b": "}{\\"x"}}\n{\n  "c": [1, {"d": "\\\\"}]\n}\n`;
		for (const size of [1, 3, 7, text.length]) {
			const seen: unknown[] = [];
			const feed = jsonStream(document => seen.push(document));
			for (let index = 0; index < text.length; index += size) feed(text.slice(index, index + size));
			expect(seen).toEqual([{a: {b: '}{"x'}}, {c: [1, {d: '\\'}]}]);
		}
	});
});

describe('start-up progress', () => {
	it('leaves out Init:N/M as it leaves out ContainerCreating: the real node starts slower', () => {
		const slow = run([
			[row('Init:0/1', '0/2'), pod('False')],
			[row('Init:0/1', '0/2'), pod('False')],
			[row('Running', '2/2'), pod('True')],
		]);
		const fast = run([[row('Running', '2/2'), pod('True')]]);
		expect(compare('p', fast, slow)).toEqual([]);
	});
});
