import meow from 'meow';
import {targetFlags} from './target-flags.js';
import {connect, errorText, getPod, listPodEvents} from '../kube/pod-details.js';
import {describePod} from '../model/describe.js';

// `podscope describe POD`: kubectl describe pod's text, built by podscope from the API objects.

const help = `
  Usage
    $ podscope describe POD [flags]

  Prints the pod the way \`kubectl describe pod\` does: containers in start order with their
  state, probes, resources, environment (Secret and ConfigMap values as references only),
  mounts, then conditions, volumes and events.

  Flags
    -n, --namespace NS       namespace (default: the context's)
    --context NAME           kubeconfig context
    --kubeconfig FILE        kubeconfig to use
    --show-events            show the events table                        [default: true]
`;

export async function run(argv: string[]): Promise<number> {
	const cli = meow(help, {
		argv,
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: {
			...targetFlags,
			showEvents: {type: 'boolean', default: true},
		},
	});
	const name = cli.input[0];
	if (!name || cli.input.length > 1) {
		process.stderr.write('error: exactly one pod name is required: podscope describe POD\n');
		return 1;
	}
	try {
		const {http, namespace} = await connect(cli.flags);
		const pod = await getPod(http, namespace, name);
		const events = cli.flags.showEvents ? await listPodEvents(http, pod) : undefined;
		process.stdout.write(describePod(pod, events, Date.now()));
		return 0;
	} catch (error) {
		process.stderr.write(`${errorText(error)}\n`);
		return 1;
	}
}
