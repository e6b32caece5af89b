import {parseAllDocuments, stringify} from 'yaml';
import type {Pod} from '../../source/model/k8s.js';
import {builtinScenarios, defaultScenarioOptions} from '../../source/sim/scenarios/index.js';

/**
 * Built-in scenarios as both sides of a cluster test get them, one YAML stream. Nothing can be
 * pulled here (images are imported), so a container without a pull policy gets IfNotPresent:
 * `:latest` would otherwise mean Always, and the real node would fail every pull for want of a
 * registry. The `x-sim` behaviours stay: the sim reads them, kube-apiserver drops them.
 */
export function clusterManifests(names: string[]): string {
	const pods = names.flatMap(name => parseAllDocuments(builtinScenarios[name]!(defaultScenarioOptions)).map(document => document.toJS() as Pod));
	for (const pod of pods) {
		for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers]) {
			(container as {imagePullPolicy?: string}).imagePullPolicy ??= 'IfNotPresent';
		}
	}
	return pods.map(pod => stringify(pod)).join('---\n');
}
