import {getPodMetrics} from '../kube/metrics.js';
import {targetFlagsHelp} from './target-flags.js';
import {listNodes} from '../kube/nodes.js';
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

  Says why a pod does not run: unschedulable (against the nodes, when you may list them),
  scheduling gates, image pull errors, missing Secrets and ConfigMaps, mount failures, failing
  init containers and native sidecars, startup, readiness and liveness probes, crash loops,
  OOM kills, port conflicts, evictions, finalizers, lost nodes, rejected pods and pending
  resizes. Then the hygiene: missing requests/limits and probes, unshared volumes, generic
  container names, apps that depend on a sidecar declared as a regular container.
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
			// Nodes only explain a pod the scheduler has not placed; a bound pod does not need the list.
			const [events, logs, metrics, nodes] = await Promise.all([
				listPodEvents(http, pod),
				collectLogs(http, pod),
				getPodMetrics(http, namespace, pod.metadata.name),
				pod.spec.nodeName ? undefined : listNodes(http),
			]);
			// One shot sees one sample: the current working set is the best peak it has.
			const peakMemory = metrics.available
				? Object.fromEntries(metrics.metrics.containers.map(container => [container.name, parseQuantity(container.usage.memory) ?? 0]))
				: undefined;
			const findings = diagnose({pod, events, logs, peakMemory, ...(nodes ? {nodes} : {}), now: Date.now()});
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
