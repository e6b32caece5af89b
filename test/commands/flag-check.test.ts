import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import * as tables from '../../source/commands/command-flags.js';
import {flagError, kebab, parseGoBool} from '../../source/commands/flag-check.js';
import {eventually, kubectlPath, run, startTestSim, type TestSim} from '../helpers/sim.js';

// A bool flag given a value ParseBool refuses (`--timestamps=short`) is an error, as kubectl's
// pflag makes it; one it takes (`--timestamps=1`) works, although meow alone reads it as false.

const podscope = (args: string[], env: NodeJS.ProcessEnv = {}) => run(process.execPath, ['bin/podscope.js', ...args], {env});

describe('bool flags given a value', () => {
	it('every bool flag of every command refuses a non-bool value with pflag’s line', () => {
		let checked = 0;
		for (const [table, flags] of Object.entries(tables)) {
			for (const [name, spec] of Object.entries(flags as Record<string, {type?: string; shortFlag?: string}>)) {
				if (spec.type !== 'boolean') continue;
				const display = spec.shortFlag ? `-${spec.shortFlag}, --${kebab(name)}` : `--${kebab(name)}`;
				expect({table, error: flagError([`--${kebab(name)}=short`], flags, 'podscope x')}).toEqual({
					table,
					error: `Error: invalid argument "short" for "${display}" flag: strconv.ParseBool: parsing "short": invalid syntax\nSee 'podscope x --help' for usage.`,
				});
				if (spec.shortFlag) expect(flagError([`-${spec.shortFlag}=yes`], flags, 'podscope x')).toContain(`invalid argument "yes" for "${display}" flag`);
				for (const fine of ['true', 'false', '1', '0', 'T', 'f', 'TRUE', 'False'])
					expect(flagError([`--${kebab(name)}=${fine}`], flags, 'podscope x')).toBeUndefined();
				checked++;
			}
		}
		expect(checked).toBeGreaterThan(15);
	});

	it('reads booleans as Go’s strconv.ParseBool does', () => {
		expect(['1', 't', 'T', 'TRUE', 'true', 'True'].map(parseGoBool)).toEqual(Array(6).fill(true));
		expect(['0', 'f', 'F', 'FALSE', 'false', 'False'].map(parseGoBool)).toEqual(Array(6).fill(false));
		expect(['', 'yes', 'short', 'tRUE', ' true'].map(parseGoBool)).toEqual(Array(5).fill(undefined));
	});

	it('prints what the real kubectl prints, with the same exit code', async () => {
		const cases = [
			['logs', '--timestamps=short', 'x'],
			['logs', '-f=short', 'x'],
			['logs', '-pf=x', 'x'],
			['logs', '--all-containers=', 'x'],
			['exec', '--stdin=short', 'x', '--', 'ls'],
			['describe', '--show-events=x', 'x'],
			['port-forward', '--address=a', '--bogus', 'x', '80'],
		];
		// No cluster needed: both stop at the flags, before reading a kubeconfig.
		const env = {KUBECONFIG: '/nonexistent/kubeconfig'};
		for (const args of cases) {
			const kubectl = await run(kubectlPath, args[0] === 'describe' ? ['describe', 'pod', ...args.slice(1)] : args, {env});
			const ours = await podscope(args, env);
			const expected = kubectl.stderr.replaceAll('kubectl', 'podscope');
			expect({args, code: ours.code, stderr: ours.stderr}).toEqual({args, code: kubectl.code, stderr: expected});
		}
	});
});

describe('bool flags with a value ParseBool takes', () => {
	let sim: TestSim;
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['web-with-logging']});
	});
	afterAll(async () => {
		await sim.close();
	});

	it('--timestamps=1 prints timestamps and --timestamps=F does not', async () => {
		const logs = (flag: string) => podscope(['logs', 'web-with-logging', '-c', 'web-app', '--tail', '1', flag, '--kubeconfig', sim.kubeconfigPath]);
		// The kubelet's RFC3339Nano stamp (nine digits), not the container's own (nginx writes milliseconds).
		const stamp = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z /;
		// Once the container runs and has written a line.
		const on = await eventually(async () => {
			const result = await logs('--timestamps=1');
			return result.code === 0 && result.stdout !== '' ? result : undefined;
		});
		expect(on.code).toBe(0);
		expect(on.stdout).toMatch(stamp);
		const off = await logs('--timestamps=F');
		expect(off.code).toBe(0);
		expect(off.stdout).not.toMatch(stamp);
	});
});
