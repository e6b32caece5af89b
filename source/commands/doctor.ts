import {getPodMetrics} from '../kube/metrics.js';
import {targetFlagsHelp} from './target-flags.js';
import {listNodes} from '../kube/nodes.js';
import {collectLogs, listPodEvents} from '../kube/pod-details.js';
import {doctorFlags} from './command-flags.js';
import {parsePodCommand, runOnPod} from './pod-command.js';
import {doctorTarget} from './doctor-scope.js';
import {runDoctorPods} from './doctor-pods.js';
import {diagnose, doctorExitCode} from '../model/doctor/index.js';
import {findingLines} from '../model/doctor/text.js';
import {parseQuantity} from '../model/quantity.js';

// `podscope doctor POD`: the classic multi-container mistakes, with evidence and a fix; without
// a name, every pod in scope as a table (doctor-pods.ts). Exits 1 when anything is above info,
// so CI can gate on it.

const help = `
  Usage
    $ podscope doctor POD [flags]              one pod: every finding, its evidence and a fix
    $ podscope doctor [-l SEL | -A] [flags]    every pod in scope: one line each, its worst finding

  Says why a pod does not run: unschedulable (against the nodes, when you may list them),
  scheduling gates, image pull errors, missing Secrets and ConfigMaps, mount failures, failing
  init containers and native sidecars, startup, readiness and liveness probes, crash loops,
  OOM kills, port conflicts, evictions, finalizers, lost nodes, rejected pods and pending
  resizes. Then the hygiene: missing requests/limits and probes, unshared volumes, generic
  container names, apps that depend on a sidecar declared as a regular container.

  Without a pod name it checks every pod of the namespace (with -l/--field-selector, those
  that match; with -A, of every namespace) and prints a table as kubectl get does, in its
  order (namespace, name): NAMESPACE (with -A), NAME, STATUS, ERRORS, WARNINGS and FINDING,
  the worst finding's title (✗ error, ! warning, i info; - for none). -o json prints
    {"items": [{"namespace", "name", "status", "counts": {"error", "warning", "info"},
                "findings": [{"id", "severity", "title", "evidence", "fix", "container"?}]}]}
  with each pod's findings worst first. One POD with -o json prints
    {"pod", "namespace", "metrics", "findings": [...]}.

  Exits 0 when nothing is above info, 1 otherwise, 2 when the pods cannot be read or the
  command line is wrong. No pod in scope is not an error: kubectl's "No resources found".

  Flags
${targetFlagsHelp}
    -A, --all-namespaces     every pod of every namespace (no POD)
    -l, --selector SEL       pods matching a label selector, as kubectl's -l (no POD)
    --field-selector SEL     pods matching a field selector, e.g. status.phase=Pending (no POD)
    -o, --output FORMAT      text or json                                  [default: text]
    --width N                columns for text (default: the terminal's; else 80 for one pod,
                             and the table's lines uncut)
`;

const command = {
	name: 'doctor',
	help,
	flags: doctorFlags,
	usageExit: 2,
	check: (flags: {output: string}) =>
		flags.output === 'text' || flags.output === 'json'
			? undefined
			: `unable to match a printer suitable for the output format "${flags.output}", allowed formats are: json,text`,
} as const;

export async function run(argv: string[]): Promise<number> {
	const cli = parsePodCommand(argv, command);
	const target = doctorTarget(cli.input, cli.flags);
	if (target.kind === 'error') {
		process.stderr.write(`${target.text}\n`);
		return command.usageExit;
	}
	if (target.kind === 'pods') {
		const invalid = command.check(cli.flags);
		if (invalid) {
			process.stderr.write(`error: ${invalid}\n`);
			return command.usageExit;
		}
		return runDoctorPods(target, cli.flags, command.usageExit);
	}
	return runOnPod(cli, command, async ({http, namespace, pod, flags}) => {
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
	});
}
