import {getPodMetrics} from '../kube/metrics.js';
import {targetFlagsHelp} from './target-flags.js';
import {collectLogs, listPodEvents} from '../kube/pod-details.js';
import {runPodCommand} from './pod-command.js';
import {diagnose, doctorExitCode} from '../model/doctor/index.js';
import {findingLines} from '../model/doctor/text.js';
import {parseQuantity} from '../model/quantity.js';

// `podscope doctor POD`: the classic multi-container mistakes, with evidence and a fix.
// Exits 1 when anything is above info, so CI can gate on it.

const help = `
  Usage
    $ podscope doctor POD [flags]

  Checks a pod for port conflicts, unshared volumes, missing requests/limits and probes,
  generic container names, failing init containers, apps that depend on a sidecar declared
  as a regular container, crash loops, OOM kills and image pull errors.
  Exits 0 when nothing is above info, 1 otherwise (2 when the pod cannot be read).

  Flags
${targetFlagsHelp}
    -o, --output FORMAT      text or json                                  [default: text]
    --width N                columns for text (default: the terminal's, else 80)
`;

export async function run(argv: string[]): Promise<number> {
	return runPodCommand(
		argv,
		{
			name: 'doctor',
			help,
			flags: {output: {type: 'string', shortFlag: 'o', default: 'text'}, width: {type: 'number'}},
			usageExit: 2,
			check: flags =>
				flags.output === 'text' || flags.output === 'json'
					? undefined
					: `unable to match a printer suitable for the output format "${flags.output}", allowed formats are: json,text`,
		},
		async ({http, namespace, pod, flags}) => {
			const [events, logs, metrics] = await Promise.all([listPodEvents(http, pod), collectLogs(http, pod), getPodMetrics(http, namespace, pod.metadata.name)]);
			// One shot sees one sample: the current working set is the best peak it has.
			const peakMemory = metrics.available
				? Object.fromEntries(metrics.metrics.containers.map(container => [container.name, parseQuantity(container.usage.memory) ?? 0]))
				: undefined;
			const findings = diagnose({pod, events, logs, peakMemory, now: Date.now()});
			if (flags.output === 'json') {
				process.stdout.write(
					`${JSON.stringify({pod: pod.metadata.name, namespace, metrics: metrics.available ? 'available' : metrics.reason, findings}, null, 2)}\n`,
				);
			} else {
				const width = Math.max(60, flags.width ?? process.stdout.columns ?? 80);
				process.stdout.write(
					`${findingLines(findings, width, pod.metadata.name)
						.map(line => line.text)
						.join('\n')}\n`,
				);
			}
			return doctorExitCode(findings);
		},
	);
}
