import {type Behaviour, parseBehaviour} from '../behaviour.js';
import type {Cluster} from '../cluster.js';
import {statusTime} from '../kubelet/pod-worker.js';
import {prepareCreate} from './strategy.js';
import type {Workload, WorkloadKind} from './types.js';

// Workloads in scenario YAML: Deployments, ReplicaSets, StatefulSets, DaemonSets and Jobs whose
// pod template's containers may carry `x-sim` behaviours. The behaviours are taken out before
// the object reaches the API and given to every pod its controller makes from the template.

export const workloadKinds = new Set<string>(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job']);

export type ScenarioWorkload = {object: Workload; behaviours: Record<string, Behaviour>};

export function parseScenarioWorkload(value: Workload, source: string): ScenarioWorkload {
	const behaviours: Record<string, Behaviour> = {};
	const strip = (containers: Array<Record<string, unknown>> | undefined) =>
		containers?.map(container => {
			const {'x-sim': raw, ...rest} = container;
			try {
				behaviours[String(rest.name)] = parseBehaviour(raw);
			} catch (error) {
				throw new Error(`${source}: ${value.kind} ${value.metadata.name}, container ${String(rest.name)}: ${(error as Error).message}`);
			}
			return rest;
		});
	const spec = (value.spec?.template?.spec ?? {}) as unknown as Record<string, Array<Record<string, unknown>> | undefined>;
	const podSpec = {...spec, containers: strip(spec.containers) ?? [], ...(spec.initContainers ? {initContainers: strip(spec.initContainers)} : {})};
	const object = {...value, spec: {...value.spec, template: {...value.spec?.template, spec: podSpec}}} as Workload;
	return {object, behaviours};
}

/** Create the workloads as `kubectl apply` would; their controllers make the pods. */
export function createScenarioWorkloads(cluster: Cluster, workloads: ScenarioWorkload[]): Workload[] {
	return workloads.map(({object, behaviours}) => {
		const namespace = cluster.ensureNamespace(object.metadata.namespace ?? 'default').metadata.name;
		cluster.workloads.setBehaviours(object.kind, namespace, object.metadata.name, behaviours);
		const prepared = prepareCreate(object, object.kind as WorkloadKind, namespace, statusTime(cluster.clock.now()));
		return cluster.workloads.store(prepared.kind).create(prepared);
	});
}
