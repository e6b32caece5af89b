import {describe, expect, test} from 'vitest';
import {containerHolderCommand, enterCommand, podHolderCommand} from '../../../source/sim/exec/sandbox-commands.js';
import {containerRootArgs} from '../../../source/sim/exec/sandbox-script.js';

const tools = {unshare: '/usr/bin/unshare', nsenter: '/usr/bin/nsenter', setpriv: '/usr/bin/setpriv', sh: '/bin/sh', script: '/usr/bin/script'};
const spec = {root: '/tmp/r', workdir: '/', hostname: 'web', mounts: [], command: ['/pause', 'infinity']};

describe('the sandbox command lines', () => {
	test("a root sim's pod holder makes the user namespace as root, then becomes its root once mapped", () => {
		const {file, args} = podHolderCommand(tools, 1234, spec);
		expect(file).toBe('/usr/bin/setpriv');
		expect(args.slice(0, 5)).toEqual(['--pdeathsig', 'KILL', '--', '/usr/bin/unshare', '--user']);
		expect(args).not.toContain('--map-root-user');
		const prelude = args[args.indexOf('-c') + 1]!;
		expect(prelude).toContain('echo "map $pid"');
		expect(prelude).toContain('--reuid=0 --regid=0 --clear-groups');
		// The prelude's $1, $2 and $3, then the root script's own arguments.
		expect(args.slice(args.indexOf('-c') + 2, args.indexOf('-c') + 5)).toEqual(['sh', '/usr/bin/setpriv', '/bin/sh']);
		// No `ip` on this machine: no loopback to bring up, and the host's network.
		expect(args.slice(-7)).toEqual(['/tmp/r', '/', 'web', '', '--', '/pause', 'infinity']);
		expect(args).not.toContain('--net');
	});

	test('any other user maps itself to root with unshare', () => {
		expect(podHolderCommand(tools, undefined, spec).args.slice(0, 6)).toEqual(['--pdeathsig', 'KILL', '--', '/usr/bin/unshare', '--user', '--map-root-user']);
	});

	test("a container has its own PID namespace unless it shares the pod's or its target's", () => {
		const own = containerHolderCommand(tools, 1234, 10, undefined, spec).args;
		expect(own).toContain('--pid');
		expect(own.some(arg => arg.startsWith('--pid='))).toBe(false);
		const shared = containerHolderCommand(tools, 1234, 10, 20, spec).args;
		expect(shared).toContain('--pid=/proc/20/ns/pid');
		expect(shared.filter(arg => arg === '--pid')).toEqual([]);
	});

	test('a non-root sim keeps its credentials on entering (it may not setgroups)', () => {
		expect(enterCommand(tools, undefined, 7, 'ls', []).args).toContain('--preserve-credentials');
		expect(enterCommand(tools, 1234, 7, 'ls', []).args).not.toContain('--preserve-credentials');
	});

	test('on a terminal the process runs under script, its words quoted for the shell', () => {
		const run = enterCommand(tools, 1234, 7, '/bin/echo', ["it's", '$HOME', 'a b'], {env: {PATH: '/bin'}});
		expect(run.env).toEqual({PATH: '/bin', SHELL: '/bin/sh'});
		expect(run.args.slice(run.args.indexOf('/usr/bin/script'))).toEqual([
			'/usr/bin/script',
			'-q',
			'-e',
			'-c',
			"unset SHELL; exec '/bin/echo' 'it'\\''s' '$HOME' 'a b'",
			'/dev/null',
		]);
		const keeps = enterCommand(tools, 1234, 7, '/bin/sh', [], {env: {SHELL: '/bin/ba sh'}});
		expect(keeps.args).toContain("SHELL='/bin/ba sh'; export SHELL; exec '/bin/sh'");
	});

	test('with ip, the pod holder makes a network namespace and brings its loopback up; containers and processes join it', () => {
		const withIp = {...tools, ip: '/usr/sbin/ip'};
		const pod = podHolderCommand(withIp, 1234, spec).args;
		expect(pod.slice(pod.indexOf('--user'), pod.indexOf('--mount'))).toEqual(['--user', '--keep-caps', '--uts', '--ipc', '--net']);
		expect(pod.slice(-7)).toEqual(['/tmp/r', '/', 'web', '/usr/sbin/ip', '--', '/pause', 'infinity']);
		const container = containerHolderCommand(withIp, 1234, 10, undefined, spec).args;
		expect(container.slice(container.indexOf('--target=10'), container.indexOf('--target=10') + 5)).toEqual([
			'--target=10',
			'--user',
			'--uts',
			'--ipc',
			'--net',
		]);
		// A container's holder never brings a loopback up: it joins the pod's.
		expect(container).not.toContain('/usr/sbin/ip');
		expect(enterCommand(withIp, 1234, 7, 'ls', []).args).toContain('--net');
	});

	test('mounts reach the script as arguments, never as script text', () => {
		expect(containerRootArgs('/r', '/w', '', [{kind: 'ro', source: '/v', target: '/$(reboot)'}], ['sleep', 'infinity'])).toEqual([
			'sh',
			'/r',
			'/w',
			'',
			'',
			'ro',
			'/v',
			'/$(reboot)',
			'--',
			'sleep',
			'infinity',
		]);
	});
});
