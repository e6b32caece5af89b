import {listPodEvents} from '../kube/pod-details.js';
import {targetFlagsHelp} from './target-flags.js';
import {describeFlags} from './command-flags.js';
import {runPodCommand} from './pod-command.js';
import {describePod} from '../model/describe/pod.js';

// `podscope describe POD`: kubectl describe pod's text, built by podscope from the API objects.

const help = `
  Usage
    $ podscope describe POD [flags]

  Prints the pod the way \`kubectl describe pod\` does: containers in start order with their
  state, probes, resources, environment (Secret and ConfigMap values as references only),
  mounts, then conditions, volumes and events.

  Flags
${targetFlagsHelp}
    --show-events            show the events table                        [default: true]
`;

export async function run(argv: string[]): Promise<number> {
	return runPodCommand(argv, {name: 'describe', help, flags: describeFlags}, async ({http, pod, flags}) => {
		const events = flags.showEvents ? await listPodEvents(http, pod) : undefined;
		process.stdout.write(describePod(pod, events, Date.now()));
		return 0;
	});
}
