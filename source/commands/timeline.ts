import meow from 'meow';
import {targetFlags} from './target-flags.js';
import {connect, errorText, getPod, listPodEvents} from '../kube/pod-details.js';
import {computeTimeline} from '../model/timeline.js';
import {timelineText} from '../model/timeline-render.js';

// `podscope timeline POD`: the startup timeline of a pod's containers, and who waited for whom.

const help = `
  Usage
    $ podscope timeline POD [flags]

  One row per container in start order (init containers and native sidecars as declared,
  then main and ephemeral containers) on a shared time axis, and the waits in words.

  Flags
    -n, --namespace NS       namespace (default: the context's)
    --context NAME           kubeconfig context
    --kubeconfig FILE        kubeconfig to use
    --width N                columns (default: the terminal's, else 80)
`;

export async function run(argv: string[]): Promise<number> {
	const cli = meow(help, {
		argv,
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
			...targetFlags,
			width: {type: 'number'},
		},
	});
	const name = cli.input[0];
	if (!name || cli.input.length > 1) {
		process.stderr.write('error: exactly one pod name is required: podscope timeline POD\n');
		return 1;
	}
	try {
		const {http, namespace} = await connect(cli.flags);
		const pod = await getPod(http, namespace, name);
		const events = await listPodEvents(http, pod);
		const now = Date.now();
		const width = Math.max(60, cli.flags.width ?? process.stdout.columns ?? 80);
		process.stdout.write(`${timelineText(computeTimeline(pod, events, now), width, now).join('\n')}\n`);
		return 0;
	} catch (error) {
		process.stderr.write(`${errorText(error)}\n`);
		return 1;
	}
}
