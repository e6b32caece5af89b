import {listNodes} from '../kube/nodes.js';
import {connect, errorText, type TargetFlags} from '../kube/pod-details.js';
import {listScopeEvents, listScopePods} from '../kube/pod-scope.js';
import {collectLogsOf} from '../kube/scope-logs.js';
import {doctorExitCode} from '../model/doctor/index.js';
import {diagnosePods, needsLogs, type PodSummary} from '../model/doctor/pod-summary.js';
import {podTable} from '../model/doctor/pod-table.js';
import type {DoctorTarget} from './doctor-scope.js';

// `podscope doctor` without a pod name: every pod of the namespace (or -A, narrowed by -l and
// --field-selector) diagnosed from one list of pods and one list of events, the nodes once when
// a pod is unscheduled, and log tails only for pods whose containers have exited (4 at a time).
// Metrics are left out: one sample adds little to a survey and would be one request per pod.

export type DoctorPodsFlags = TargetFlags & {output: string; width?: number};

/** The -o json document: stable, one item per pod in kubectl's order. */
export const jsonItem = ({namespace, name, status, counts, findings}: PodSummary) => ({namespace, name, status, counts, findings});

export async function runDoctorPods(target: Extract<DoctorTarget, {kind: 'pods'}>, flags: DoctorPodsFlags, usageExit: number): Promise<number> {
	let summaries: PodSummary[];
	let namespace: string;
	try {
		const connected = await connect(flags);
		namespace = connected.namespace;
		const {http} = connected;
		const scope = {
			...(target.allNamespaces ? {} : {namespace}),
			...(target.labelSelector ? {labelSelector: target.labelSelector} : {}),
			...(target.fieldSelector ? {fieldSelector: target.fieldSelector} : {}),
		};
		const [pods, events] = await Promise.all([listScopePods(http, scope), listScopeEvents(http, scope)]);
		// Nodes only explain a pod the scheduler has not placed (forbidden: the doctor works without).
		const [nodes, logs] = await Promise.all([pods.some(pod => !pod.spec.nodeName) ? listNodes(http) : undefined, collectLogsOf(http, pods.filter(needsLogs))]);
		summaries = diagnosePods(pods, events, Date.now(), nodes, pod => logs.get(pod));
	} catch (error) {
		process.stderr.write(`${errorText(error)}\n`);
		return usageExit;
	}
	if (flags.output === 'json') {
		process.stdout.write(`${JSON.stringify({items: summaries.map(jsonItem)}, null, 2)}\n`);
	} else if (summaries.length === 0) {
		// kubectl get's words (k8s.io/kubectl/pkg/cmd/get/get.go), on stderr so a pipe sees no rows.
		process.stderr.write(target.allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
	} else {
		const width = flags.width ?? (process.stdout.isTTY ? process.stdout.columns : undefined);
		process.stdout.write(podTable(summaries, {allNamespaces: target.allNamespaces, ...(width ? {width} : {})}));
	}
	return summaries.some(summary => doctorExitCode(summary.findings) === 1) ? 1 : 0;
}
