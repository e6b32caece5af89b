import {readFileSync} from 'node:fs';
import {parseAllDocuments} from 'yaml';
import type {Pod} from '../model/k8s.js';
import type {Cluster} from './cluster.js';
import {type Behaviour, type PodBehaviour, parseBehaviour, parsePodBehaviour} from './behaviour.js';
import {builtinScenarios, defaultScenarioOptions, type ScenarioOptions} from './scenarios/index.js';

// A scenario is ordinary Pod YAML (one or more documents) whose containers may carry an
// `x-sim` behaviour. The behaviour is taken out before the Pod reaches the API.

export type ScenarioPod = {pod: Pod; behaviours: Record<string, Behaviour>; podBehaviour?: PodBehaviour};

export function parseScenario(text: string, source = 'scenario'): ScenarioPod[] {
	const result: ScenarioPod[] = [];
	for (const document of parseAllDocuments(text)) {
		if (document.errors.length > 0) throw new Error(`${source}: ${document.errors[0]!.message}`);
		const parsed = document.toJS() as (Pod & {'x-sim'?: unknown}) | null;
		if (!parsed) continue;
		const {'x-sim': podRaw, ...value} = parsed as Pod & {'x-sim'?: unknown};
		if (value.kind !== 'Pod') throw new Error(`${source}: only kind: Pod is supported, got ${JSON.stringify(value.kind)}`);
		if (!value.metadata?.name) throw new Error(`${source}: a Pod needs metadata.name`);
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
		const spec = value.spec as unknown as Record<string, Array<Record<string, unknown>> | undefined>;
		const pod = {
			...value,
			spec: {...value.spec, initContainers: strip(spec.initContainers), containers: strip(spec.containers) ?? []},
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
	return result;
}

/** A built-in scenario's name or a YAML file's path. */
export function loadScenario(nameOrFile: string, options: ScenarioOptions = defaultScenarioOptions): ScenarioPod[] {
	const builtin = builtinScenarios[nameOrFile];
	if (builtin) return parseScenario(builtin(options), nameOrFile);
	if (!/\.ya?ml$/.test(nameOrFile)) {
		throw new Error(`unknown scenario "${nameOrFile}" (built-in: ${Object.keys(builtinScenarios).join(', ')}; or a .yaml file)`);
	}
	let text: string;
	try {
		text = readFileSync(nameOrFile, 'utf8');
	} catch (error) {
		throw new Error(`cannot read scenario file ${nameOrFile}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}
	return parseScenario(text, nameOrFile);
}

/**
 * Create the scenario's pods in the cluster, each handed to its kubelet, and schedule what the
 * scenario does to them afterwards: a `deleteAfter` is its own `kubectl delete pod`, N seconds in.
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
