import {describe, expect, it} from 'vitest';
import {checkLogsArgs, isArgsError, type LogsFlags} from '../../../source/model/logs/args.js';

// `podscope logs` argument checks: kubectl's texts, in kubectl's order, before any I/O.

const defaults: LogsFlags = {allContainers: false, follow: false, previous: false, timestamps: false, prefix: false, color: true};
const check = (input: string[], flags: Partial<LogsFlags> = {}) => checkLogsArgs(input, {...defaults, ...flags});
const errorOf = (input: string[], flags: Partial<LogsFlags> = {}) => {
	const checked = check(input, flags);
	if (!isArgsError(checked)) throw new Error(`expected an error, got ${JSON.stringify(checked)}`);
	return checked.error;
};

const required =
	"error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'podscope logs -h' for help and examples";

describe('checkLogsArgs', () => {
	it('a pod by name, with or without its pod/ prefix', () => {
		for (const name of ['web', 'pod/web', 'pods/web']) expect(check([name])).toMatchObject({pod: 'web', selector: undefined, containers: []});
	});

	it('carries the flags over, the log options parsed', () => {
		const request = check(['web'], {follow: true, previous: true, timestamps: true, prefix: true, since: '1500ms', tail: '7', container: ['a', 'b']});
		expect(request).toEqual({
			pod: 'web',
			selector: undefined,
			containers: ['a', 'b'],
			allContainers: false,
			follow: true,
			previous: true,
			timestamps: true,
			prefix: true,
			// Whole seconds, rounded up.
			sinceSeconds: 2,
			sinceTime: undefined,
			tailLines: 7,
		});
	});

	it('a second argument is a container, after those of -c', () => {
		expect(check(['web', 'sidecar'], {container: ['app']})).toMatchObject({containers: ['app', 'sidecar']});
	});

	it('a selector: no pod, and the tail defaults to 10 (-1 is everything)', () => {
		expect(check([], {selector: 'app=web'})).toMatchObject({pod: undefined, selector: 'app=web', tailLines: 10});
		expect(check([], {selector: 'app=web', tail: '-1'})).toMatchObject({tailLines: undefined});
		expect(check(['web'], {tail: '-1'})).toMatchObject({tailLines: undefined});
		expect(check(['web'])).toMatchObject({tailLines: undefined});
	});

	it('--since-time is sent with second resolution', () => {
		expect(check(['web'], {sinceTime: '2024-05-01T10:00:00.750+02:00'})).toMatchObject({sinceTime: '2024-05-01T08:00:00Z'});
	});

	it('reads pods only', () => {
		expect(errorOf(['deployment/web'])).toBe('error: podscope logs reads pods only, not deployment/web');
		// Checked first: before the count of arguments.
		expect(errorOf(['deployment/web', 'a', 'b'])).toBe('error: podscope logs reads pods only, not deployment/web');
	});

	it('a pod or a selector is required, and not both', () => {
		expect(errorOf([])).toBe(required);
		expect(errorOf(['web', 'a', 'b'])).toBe(required);
		expect(errorOf(['web'], {selector: 'app=web'})).toBe('error: only one of a pod name or a selector (-l) can be used');
	});

	it('flag values: the parse errors carry the usage hint, the others do not', () => {
		expect(errorOf(['web'], {since: '5x'})).toBe(
			'Error: invalid argument "5x" for "--since" flag: time: unknown unit "x" in duration "5x"\nSee \'podscope logs --help\' for usage.',
		);
		expect(errorOf(['web'], {since: '-3s'})).toBe('error: --since must be greater than 0');
		expect(errorOf(['web'], {tail: 'x'})).toBe(
			'Error: invalid argument "x" for "--tail" flag: strconv.ParseInt: parsing "x": invalid syntax\nSee \'podscope logs --help\' for usage.',
		);
		expect(errorOf(['web'], {tail: '-2'})).toBe('error: --tail must be greater than or equal to -1');
		expect(errorOf(['web'], {sinceTime: 'yesterday'})).toBe(
			'error: parsing time "yesterday" as "2006-01-02T15:04:05Z07:00": cannot parse "yesterday" as "2006"',
		);
	});

	it('checks in order: --since with --since-time before either value, values before --all-containers', () => {
		expect(errorOf(['web'], {since: '5x', sinceTime: 'x'})).toBe('error: at most one of `sinceTime` or `sinceSeconds` may be specified');
		expect(errorOf(['web'], {since: '5x', tail: 'x'})).toMatch(/^Error: invalid argument "5x" for "--since" flag/);
		expect(errorOf(['web'], {tail: 'x', allContainers: true, container: ['a']})).toMatch(/^Error: invalid argument "x" for "--tail" flag/);
	});

	it('--all-containers excludes naming containers, by -c or by argument', () => {
		expect(errorOf(['web'], {allContainers: true, container: ['a']})).toBe('error: --container cannot be used with --all-containers');
		expect(errorOf(['web', 'a'], {allContainers: true})).toBe('error: --container cannot be used with --all-containers');
		expect(check(['web'], {allContainers: true})).toMatchObject({allContainers: true, containers: []});
	});

	it('leaves the flags it was given alone', () => {
		const container = ['a'];
		check(['web', 'b'], {container});
		expect(container).toEqual(['a']);
	});
});
