import {describe, expect, it} from 'vitest';
import {completionTable} from '../../../source/commands/completion-commands.js';
import {complete, completionText, directive, type Lookups} from '../../../source/model/completion/candidates.js';
import type {Scope} from '../../../source/model/completion/request.js';

// What `podscope __complete <words>` offers, with the cluster faked: which kind of name each
// position wants, and which kubeconfig, context and namespace the lookups are asked with.

const pods: Record<string, Record<string, string[]>> = {
	default: {'web-with-logging': ['web-app', 'log-shipper'], 'web-abc': ['nginx'], crashloop: ['app']},
	'kube-system': {coredns: ['coredns']},
};

function fake(): Lookups & {asked: Scope[]} {
	const asked: Scope[] = [];
	const ns = (scope: Scope) => scope.namespace ?? 'default';
	const ask = <T>(scope: Scope, answer: T) => {
		asked.push(scope);
		return answer;
	};
	return {
		asked,
		contexts: async scope => ask(scope, ['prod', 'staging', 'arn:aws:eks:eu-west-1:1:cluster/x']),
		namespaces: async scope => ask(scope, Object.keys(pods)),
		pods: async scope => ask(scope, scope.allNamespaces ? Object.values(pods).flatMap(Object.keys) : Object.keys(pods[ns(scope)] ?? {})),
		containers: async scope => {
			asked.push(scope);
			if (scope.pod === undefined) return ['from-selector'];
			const found = pods[ns(scope)]?.[scope.pod];
			if (!found) throw new Error('pods "x" not found');
			return found;
		},
	};
}

async function offered(line: string, lookups: Lookups = fake()): Promise<string[]> {
	// The words as the scripts pass them: a trailing space starts a new, empty word.
	const words = line.split(' ');
	const {candidates} = await complete(words, completionTable, lookups);
	return candidates.map(({value}) => value);
}

describe('completion candidates', () => {
	it('subcommands first, with a description each, and only where a subcommand may stand', async () => {
		expect(await offered('')).toEqual(['logs', 'exec', 'debug', 'port-forward', 'describe', 'timeline', 'doctor', 'sim', 'completion']);
		expect(await offered('d')).toEqual(['debug', 'describe', 'doctor']);
		const result = await complete(['lo'], completionTable, fake());
		expect(completionText(result)).toBe('logs\tprint (and follow) logs of a POD, TYPE/NAME, a pod regex or -l\n:4\n');
		// kubectl's global flags may come before the subcommand (cli.ts), the TUI's own may not.
		expect(await offered('--kubeconfig k.yaml --context=prod -n x lo')).toEqual(['logs']);
		expect(await offered('--read-only lo')).toEqual([]);
	});

	it('flags of the command on the line, from the same tables meow parses', async () => {
		expect(await offered('logs --ti')).toEqual(['--timestamps']);
		expect(await offered('logs --all')).toEqual(['--all-namespaces', '--all-pods', '--all-containers']);
		expect(await offered('logs --no')).toEqual(['--no-color']);
		expect(await offered('describe --sh')).toEqual(['--show-events']);
		expect(await offered('exec web -')).toEqual([
			'--container',
			'-c',
			'--stdin',
			'-i',
			'--tty',
			'-t',
			'--namespace',
			'-n',
			'--context',
			'--kubeconfig',
			'--help',
			'-h',
		]);
		expect(await offered('--re')).toEqual(['--read-only']);
		// A flag already given is not offered again, a repeatable one is.
		expect(await offered('exec web -c a --con')).toEqual(['--context']);
		expect(await offered('logs web -c a --con')).toEqual(['--container', '--context']);
	});

	it('pods for the positional argument, containers for -c of the pod on the line', async () => {
		expect(await offered('logs web')).toEqual(['web-with-logging', 'web-abc']);
		expect(await offered('logs web-with-logging -c ')).toEqual(['web-app', 'log-shipper']);
		expect(await offered('logs web-with-logging --container=l')).toEqual(['log-shipper']);
		expect(await offered('logs pod/web-with-logging ')).toEqual(['web-app', 'log-shipper']);
		expect(await offered('exec web-with-logging -c w')).toEqual(['web-app']);
		expect(await offered('debug web-with-logging --target ')).toEqual(['web-app', 'log-shipper']);
		expect(await offered('describe c')).toEqual(['crashloop']);
		// -c before the pod: no pod yet, nothing to guess; with -l, the selected pods' containers.
		expect(await offered('logs -c ')).toEqual([]);
		expect(await offered('logs -l app=web -c ')).toEqual(['from-selector']);
		// A name that is no pod completes nothing, quietly.
		expect(await offered('logs nope -c ')).toEqual([]);
		// After `--` comes the command run in the container: the shell's files.
		expect(await complete(['exec', 'web', '--', ''], completionTable, fake())).toEqual({candidates: [], directive: directive.default});
	});

	it('contexts and namespaces, honouring --kubeconfig, --context and -n already typed', async () => {
		const lookups = fake();
		expect(await offered('--kubeconfig /k.yaml logs --context ', lookups)).toEqual(['prod', 'staging', 'arn:aws:eks:eu-west-1:1:cluster/x']);
		expect(await offered('logs --context prod -n k', lookups)).toEqual(['kube-system']);
		expect(await offered('logs -nkube-system --kubeconfig=/k.yaml c', lookups)).toEqual(['coredns']);
		expect(await offered('-n kube-system --context=staging describe ', lookups)).toEqual(['coredns']);
		expect(lookups.asked.map(({kubeconfig, context, namespace}) => ({kubeconfig, context, namespace}))).toEqual([
			{kubeconfig: '/k.yaml', context: undefined, namespace: undefined},
			{kubeconfig: undefined, context: 'prod', namespace: undefined},
			{kubeconfig: '/k.yaml', context: undefined, namespace: 'kube-system'},
			{kubeconfig: undefined, context: 'staging', namespace: 'kube-system'},
		]);
		expect(await offered('logs -A ')).toContain('coredns');
	});

	it('fixed values, files where a file goes, nothing where nothing fits', async () => {
		expect(await offered('completion ')).toEqual(['bash', 'zsh', 'fish']);
		expect(await offered('logs -o j')).toEqual(['json']);
		expect(await offered('doctor --output=')).toEqual(['text', 'json']);
		expect(await complete(['--kubeconfig', ''], completionTable, fake())).toEqual({candidates: [], directive: directive.default});
		expect(await complete(['logs', '--kubeconfig=~/k'], completionTable, fake())).toEqual({candidates: [], directive: directive.default});
		expect(await complete(['logs', '--tail', ''], completionTable, fake())).toEqual({candidates: [], directive: directive.noFileComp});
		expect(await complete(['port-forward', 'web', ''], completionTable, fake())).toEqual({candidates: [], directive: directive.noFileComp});
	});

	it('a failing lookup completes nothing, and a name that would break the protocol is left out', async () => {
		const failing: Lookups = {...fake(), pods: () => Promise.reject(new Error('Unauthorized'))};
		expect(await complete(['logs', ''], completionTable, failing)).toEqual({candidates: [], directive: directive.noFileComp});
		const hostile: Lookups = {...fake(), contexts: async () => ['good', 'evil\n:0', 'bell\u0007', 'with space', '']};
		expect(await offered('--context ', hostile)).toEqual(['good']);
	});
});
