import meow, {type AnyFlags, type Result} from 'meow';
import type {KubeHttp} from '../kube/http.js';
import {connect, errorText, getPod} from '../kube/pod-details.js';
import type {Pod} from '../model/k8s.js';
import {exitOnFlagError} from './flag-check.js';
import {targetFlags} from './target-flags.js';

// The shape of the one-pod commands (describe, timeline, doctor): kubectl's cluster flags,
// exactly one pod name, the pod fetched, every failure as one line. doctor parses first and
// takes this path only when it was given a name (without one it checks every pod in scope).

export type PodCommandFlags<Flags extends AnyFlags> = Result<Flags & typeof targetFlags>['flags'];

export type PodContext<Flags extends AnyFlags> = {http: KubeHttp; namespace: string; pod: Pod; flags: PodCommandFlags<Flags>};

export type PodCommand<Flags extends AnyFlags> = {
	name: string;
	help: string;
	flags: Flags;
	usageExit?: number;
	check?(flags: PodCommandFlags<Flags>): string | undefined;
};

/** The command line parsed with meow: kubectl's cluster flags and the command's own. */
export function parsePodCommand<Flags extends AnyFlags>(argv: string[], command: PodCommand<Flags>): Result<Flags & typeof targetFlags> {
	const flags = {...targetFlags, ...command.flags};
	const args = exitOnFlagError(argv, flags, `podscope ${command.name}`);
	return meow(command.help, {argv: args, importMeta: import.meta, allowUnknownFlags: false, flags});
}

/** One parsed command line on its one pod: the name checked, the pod fetched, then `body`. */
export async function runOnPod<Flags extends AnyFlags>(
	cli: Pick<Result<Flags & typeof targetFlags>, 'input' | 'flags'>,
	command: PodCommand<Flags>,
	body: (context: PodContext<Flags>) => Promise<number>,
): Promise<number> {
	const usageExit = command.usageExit ?? 1;
	const name = cli.input[0];
	if (!name || cli.input.length > 1) {
		process.stderr.write(`error: exactly one pod name is required: podscope ${command.name} POD\n`);
		return usageExit;
	}
	const invalid = command.check?.(cli.flags);
	if (invalid) {
		process.stderr.write(`error: ${invalid}\n`);
		return usageExit;
	}
	try {
		const {http, namespace} = await connect(cli.flags as {kubeconfig?: string; context?: string; namespace?: string});
		const pod = await getPod(http, namespace, name);
		return await body({http, namespace, pod, flags: cli.flags});
	} catch (error) {
		process.stderr.write(`${errorText(error)}\n`);
		return usageExit;
	}
}

export async function runPodCommand<Flags extends AnyFlags>(
	argv: string[],
	command: PodCommand<Flags>,
	body: (context: PodContext<Flags>) => Promise<number>,
): Promise<number> {
	return runOnPod(parsePodCommand(argv, command), command, body);
}
