import {parseAllDocuments, stringify} from 'yaml';
import type {Container, Pod} from '../../source/model/k8s.js';
import type {Behaviour, PodBehaviour} from '../../source/sim/behaviour.js';
import {builtinScenarios, defaultScenarioOptions} from '../../source/sim/scenarios/index.js';

type SimContainer = Container & {'x-sim'?: Behaviour};

/** The stand-in's command for an x-sim flood (the sim ignores a command where x-sim says what runs). */
export function floodCommand(flood: NonNullable<Behaviour['flood']>): string[] {
	return ['/usr/local/bin/flood', String(flood.lines), String(flood.rate), String(flood.bytes ?? 120), flood.exit === false ? 'live' : 'exit'];
}

/**
 * Built-in scenarios as both sides of a cluster test get them, one YAML stream: their Pods, and
 * the ConfigMaps and Secrets beside them, in the order written. Nothing can be
 * pulled here (images are imported), so a container without a pull policy gets IfNotPresent:
 * `:latest` would otherwise mean Always, and the real node would fail every pull for want of a
 * registry. The `x-sim` behaviours stay: the sim reads them, kube-apiserver drops them. The one
 * a stand-in image cannot tell from the pod, memory that grows, reaches it as STANDIN_MEMORY
 * ("START RATE" in MiB and MiB/s; images/fluent-bit reads it). A flood becomes the command of
 * busybox's `flood` (images/src/flood.c), which writes the same lines at the same rate. An `x-sim` pull (an image the
 * sim's node lacks) has no stand-in here: a built-in scenario whose pull fails names a registry
 * under .invalid instead, which no node can reach (image-pull-error). A pod's own `x-sim`
 * deleteAfter becomes the podscope.dev/test-delete-after annotation compare.test.ts deletes by.
 */
export function clusterManifests(names: string[]): string {
	const documents = names.flatMap(name =>
		parseAllDocuments(builtinScenarios[name]!(defaultScenarioOptions))
			.map(document => document.toJS() as Pod | {kind: string} | null)
			.filter(document => document !== null),
	);
	// ConfigMaps and Secrets go through as written, in the scenario's order.
	const pods = documents.filter((document): document is Pod => document.kind === 'Pod');
	for (const pod of pods) {
		const deleteAfter = (pod as Pod & {'x-sim'?: PodBehaviour})['x-sim']?.deleteAfter;
		if (deleteAfter !== undefined) pod.metadata.annotations = {...pod.metadata.annotations, 'podscope.dev/test-delete-after': String(deleteAfter)};
		for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers] as SimContainer[]) {
			container.imagePullPolicy ??= 'IfNotPresent';
			const memory = container['x-sim']?.memory;
			if (memory?.growMiPerSecond) container.env = [...(container.env ?? []), {name: 'STANDIN_MEMORY', value: `${memory.startMi} ${memory.growMiPerSecond}`}];
			const flood = container['x-sim']?.flood;
			if (flood && !container.command) container.command = floodCommand(flood);
		}
	}
	return documents.map(document => stringify(document)).join('---\n');
}
