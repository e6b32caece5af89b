import meow from 'meow';
import {exitOnFlagError} from './flag-check.js';
import {targetFlagsHelp} from './target-flags.js';
import {debugFlags} from './command-flags.js';
import {addDebugContainer, waitForDebugContainer} from '../kube/debug.js';
import {connect, errorText, getPod} from '../kube/pod-details.js';
import {runShell} from '../kube/shell.js';
import {defaultContainer} from './default-container.js';
import {outcomeExit, splitCommand} from './exec.js';

// `podscope debug POD --target C [--image I] [-- CMD]`: an ephemeral container sharing the
// target's process namespace (kubectl debug). With a command it runs it and prints its output;
// without one, on a terminal, it attaches a shell.

const help = `
  Usage
    $ podscope debug POD [--target CONTAINER] [--image IMAGE] [-- COMMAND [ARG...]]

  Flags
    --target NAME            container whose processes to share (default: the pod's default container)
    --image IMAGE            debug image                                   [default: busybox:1.36]
${targetFlagsHelp}
`;

export async function run(argv: string[]): Promise<number> {
	const {flags: flagArgs, command} = splitCommand(argv);
	const args = exitOnFlagError(flagArgs, debugFlags, 'podscope debug');
	const cli = meow(help, {
		argv: args,
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: debugFlags,
	});
	const podName = cli.input[0];
	if (!podName) {
		process.stderr.write('error: pod name is required: podscope debug POD --target CONTAINER\n');
		return 1;
	}
	if (command.length === 0 && !process.stdin.isTTY) {
		process.stderr.write('error: without a command, podscope debug attaches a shell and needs a terminal; pass -- COMMAND\n');
		return 1;
	}
	try {
		const {http, namespace} = await connect(cli.flags);
		const pod = await getPod(http, namespace, podName);
		const target = cli.flags.target ?? defaultContainer(pod)?.name ?? '';
		const ref = {namespace, pod: podName, container: target};
		const name = await addDebugContainer(http, ref, cli.flags.image, command.length ? command : undefined);
		process.stderr.write(`Defaulting debug container name to ${name}.\n`);
		const started = await waitForDebugContainer(http, ref, name, () => {});
		if (started.phase === 'waiting') {
			process.stderr.write(`error: debug container ${name} did not start: ${started.reason}\n`);
			return 1;
		}
		const debugRef = {...ref, container: name};
		if (command.length === 0) {
			process.stderr.write("If you don't see a command prompt, try pressing enter.\n");
			const result = await runShell(http.access, debugRef, {stdin: process.stdin, stdout: process.stdout}, undefined, true);
			return 'noShell' in result ? 1 : outcomeExit(result.outcome).code;
		}
		// The command runs as the container's own process: wait for it to end, then print what it wrote.
		const ended =
			started.phase === 'terminated'
				? started
				: await waitForDebugContainer(http, ref, name, () => {}, {until: state => state.phase === 'terminated', timeoutMs: 10 * 60_000});
		const log = await http.fetch(`/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(podName)}/log`, {
			query: {container: name},
			accept: '*/*',
		});
		process.stdout.write(await log.text());
		return ended.phase === 'terminated' ? ended.exitCode : 0;
	} catch (error) {
		process.stderr.write(`${errorText(error)}\n`);
		return 1;
	}
}
