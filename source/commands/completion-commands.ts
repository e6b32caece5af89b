import type {CompletionTable} from '../model/completion/request.js';
import {shells} from '../model/completion/scripts.js';
import {debugFlags, describeFlags, doctorFlags, execFlags, logsFlags, portForwardFlags, simFlags, timelineFlags, tuiFlags} from './command-flags.js';
import {targetFlags} from './target-flags.js';

// What shell completion knows of each command: its flags (the tables meow parses, so a new flag
// completes without a change here), what its positional arguments and flag values are, and the
// line `podscope <Tab>` shows next to its name. cli.ts's loaders and this table list the same
// commands (test/commands/completion.test.ts checks it).

export const completionTable: CompletionTable = {
	root: {description: 'the TUI', flags: tuiFlags, negated: ['color']},
	global: ['kubeconfig', 'context', 'namespace'],
	commands: {
		logs: {
			description: 'print (and follow) logs of a POD, TYPE/NAME, a pod regex or -l',
			flags: logsFlags,
			positionals: ['pod', 'container'],
			values: {container: 'container', excludeContainer: 'container', output: ['default', 'raw', 'json']},
			negated: ['color'],
		},
		exec: {description: 'run a command in a container, like kubectl exec', flags: execFlags, positionals: ['pod'], values: {container: 'container'}},
		debug: {description: "add a debug container that shares a container's processes", flags: debugFlags, positionals: ['pod'], values: {target: 'container'}},
		'port-forward': {description: 'forward local ports to a pod, like kubectl port-forward', flags: portForwardFlags, positionals: ['pod']},
		describe: {description: 'the pod as kubectl describe pod prints it', flags: {...targetFlags, ...describeFlags}, positionals: ['pod']},
		timeline: {description: 'the startup timeline of every container', flags: {...targetFlags, ...timelineFlags}, positionals: ['pod']},
		doctor: {
			description: 'diagnose pods; exit 1 when something is wrong',
			flags: {...targetFlags, ...doctorFlags},
			positionals: ['pod'],
			values: {output: ['text', 'json']},
		},
		sim: {
			description: 'run the Kubernetes API simulator on loopback',
			flags: simFlags,
			values: {writeKubeconfig: 'file', scenario: 'file'},
			negated: ['sandbox'],
		},
		completion: {description: 'print a shell completion script (bash, zsh, fish)', flags: {}, positionals: [shells]},
	},
};
