import {readFileSync} from 'node:fs';
import {parseAllDocuments} from 'yaml';
import type {ConfigMap, Pod, Secret} from '../model/k8s.js';
import {type Behaviour, type PodBehaviour, parseBehaviour, parsePodBehaviour} from './behaviour.js';
import type {Cluster} from './cluster.js';
import {createConfigObject} from './config/objects.js';
import {statusTime} from './kubelet/pod-worker.js';
import {builtinScenarios, defaultScenarioOptions, type ScenarioOptions} from './scenarios/index.js';
import {createScenarioWorkloads, parseScenarioWorkload, type ScenarioWorkload, workloadKinds} from './workloads/scenario-workloads.js';
import type {Workload} from './workloads/types.js';

// A scenario is ordinary Kubernetes YAML (one or more documents): Pods, whose containers may
// carry an `x-sim` behaviour, and the ConfigMaps and Secrets they use. The behaviour is taken
// out before the Pod reaches the API, as is a pod-level `x-sim` (what the scenario does to the
// pod); the other objects are created before any Pod.

export type ScenarioPod = {pod: Pod; behaviours: Record<string, Behaviour>; podBehaviour?: PodBehaviour};
export type ScenarioObject = ConfigMap | Secret;

const objectKinds = new Set(['ConfigMap', 'Secret']);

/** Every document of the YAML, checked for a kind the sim takes and a name. */
function documents(text: string, source: string): Array<Pod | ScenarioObject | Workload> {
	const result: Array<Pod | ScenarioObject | Workload> = [];
	for (const document of parseAllDocuments(text)) {
		if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]!.message}`);
		const value = document.toJS() as Pod | ScenarioObject | Workload | null;
		if (!value) continue;
		if (value.kind !== 'Pod' && !objectKinds.has(value.kind ?? '') && !workloadKinds.has(value.kind ?? '')) {
			throw new Error(
				`${source}: only kind: Pod, ConfigMap, Secret, Deployment, ReplicaSet, StatefulSet, DaemonSet or Job is supported, got ${JSON.stringify(value.kind)}`,
			);
		}
		if (!value.metadata?.name) throw new Error(`${source}: a ${value.kind} needs metadata.name`);
		result.push(value);
	}
	return result;
}

/** `workloads`: Deployments, StatefulSets, DaemonSets, Jobs (their controllers make the pods). */
export type Scenario = {pods: ScenarioPod[]; objects: ScenarioObject[]; workloads: ScenarioWorkload[]};

/** The Pods of a scenario. */
export function parseScenario(text: string, source = 'scenario'): ScenarioPod[] {
	return parseScenarioDocuments(text, source).pods;
}

/** The Pods of a scenario, each with its containers' behaviours, and its ConfigMaps and Secrets in the order written. */
export function parseScenarioDocuments(text: string, source = 'scenario'): Scenario {
	const result: ScenarioPod[] = [];
	const objects: ScenarioObject[] = [];
	const workloads: ScenarioWorkload[] = [];
	for (const document of documents(text, source)) {
		if (workloadKinds.has(document.kind ?? '')) {
			workloads.push(parseScenarioWorkload(document as Workload, source));
			continue;
		}
		if (document.kind !== 'Pod') {
			objects.push(document as ScenarioObject);
			continue;
		}
		const {'x-sim': podRaw, ...value} = document as Pod & {'x-sim'?: unknown};
		const behaviours: Record<string, Behaviour> = {};
		const strip = (containers: Array<Record<string, unknown>> | undefined) =>
			containers?.map(container => {
				const {'x-sim': raw, ...rest} = container;
				try {
					behaviours[String(rest.name)] = parseBehaviour(raw);
				} catch (error) {
					throw new Error(`${source}: pod ${value.metadata.name}, container ${String(rest.name)}: ${(error as Error).message}`);
				}
				return rest;
			});
		const spec = (value as Pod).spec as unknown as Record<string, Array<Record<string, unknown>> | undefined>;
		const pod = {
			...value,
			spec: {...(value as Pod).spec, initContainers: strip(spec.initContainers), containers: strip(spec.containers) ?? []},
		} as Pod;
		if (!pod.spec.initContainers) delete pod.spec.initContainers;
		let podBehaviour: PodBehaviour;
		try {
			podBehaviour = parsePodBehaviour(podRaw);
		} catch (error) {
			throw new Error(`${source}: pod ${value.metadata.name}: ${(error as Error).message}`);
		}
		result.push({pod, behaviours, ...(Object.keys(podBehaviour).length > 0 ? {podBehaviour} : {})});
	}
	return {pods: result, objects, workloads};
}

/** A built-in scenario's name or a YAML file's path: its Pods. */
export function loadScenario(nameOrFile: string, options: ScenarioOptions = defaultScenarioOptions): ScenarioPod[] {
	return parseScenario(scenarioText(nameOrFile, options), nameOrFile);
}

/** A built-in scenario's name or a YAML file's path: its Pods, ConfigMaps and Secrets. */
export function loadScenarioDocuments(nameOrFile: string, options: ScenarioOptions = defaultScenarioOptions): Scenario {
	return parseScenarioDocuments(scenarioText(nameOrFile, options), nameOrFile);
}

function scenarioText(nameOrFile: string, options: ScenarioOptions): string {
	const builtin = builtinScenarios[nameOrFile];
	if (builtin) return builtin(options);
	if (!/\.ya?ml$/.test(nameOrFile)) {
		throw new Error(`unknown scenario "${nameOrFile}" (built-in: ${Object.keys(builtinScenarios).join(', ')}; or a .yaml file)`);
	}
	let text: string;
	try {
		text = readFileSync(nameOrFile, 'utf8');
	} catch (error) {
		throw new Error(`cannot read scenario file ${nameOrFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	return text;
}

/**
 * Create scenarios in the cluster as `kubectl apply -f` would: their ConfigMaps and Secrets,
 * then their Pods, each handed to its kubelet.
 */
export function createScenarios(cluster: Cluster, scenarios: Scenario[]): Pod[] {
	for (const {objects} of scenarios) {
		for (const object of objects) {
			const namespace = cluster.ensureNamespace(object.metadata.namespace ?? 'default').metadata.name;
			createConfigObject(cluster, object.kind as 'ConfigMap' | 'Secret', object, namespace, statusTime(cluster.clock.now()));
		}
	}
	createScenarioWorkloads(
		cluster,
		scenarios.flatMap(scenario => scenario.workloads ?? []),
	);
	return createScenarioPods(
		cluster,
		scenarios.flatMap(scenario => scenario.pods),
	);
}

/**
 * Create the scenario's pods, and schedule what the scenario does to them afterwards: a
 * `deleteAfter` is its own `kubectl delete pod`, N seconds in.
 */
export function createScenarioPods(cluster: Cluster, pods: ScenarioPod[]): Pod[] {
	return pods.map(({pod, behaviours, podBehaviour}) => {
		const created = cluster.createPod(pod, behaviours);
		const after = podBehaviour?.deleteAfter;
		if (after !== undefined) {
			const {namespace, name, uid} = created.metadata;
			cluster.clock.after(after, () => {
				if (cluster.pods.get(namespace, name)?.metadata.uid === uid) cluster.deletePod(namespace!, name);
			});
		}
		return created;
	});
}
