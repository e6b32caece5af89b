import {listPodEvents} from '../kube/pod-details.js';
import {targetFlagsHelp} from './target-flags.js';
import {timelineFlags} from './command-flags.js';
import {runPodCommand} from './pod-command.js';
import {computeTimeline} from '../model/timeline/timeline.js';
import {timelineText} from '../model/timeline/render.js';

// `podscope timeline POD`: the startup timeline of a pod's containers, and who waited for whom.

const help = `
  Usage
    $ podscope timeline POD [flags]

  One row per container in start order (init containers and native sidecars as declared,
  then main and ephemeral containers) on a shared time axis, and the waits in words.

  Flags
${targetFlagsHelp}
    --width N                columns (default: the terminal's, else 80)
`;

export async function run(argv: string[]): Promise<number> {
	return runPodCommand(argv, {name: 'timeline', help, flags: timelineFlags}, async ({http, pod, flags}) => {
		const events = await listPodEvents(http, pod);
		const now = Date.now();
		const width = Math.max(60, flags.width ?? process.stdout.columns ?? 80);
		process.stdout.write(`${timelineText(computeTimeline(pod, events, now), width, now).join('\n')}\n`);
		return 0;
	});
}
