import {describe, expect, it} from 'vitest';
import {podEventSelector} from '../../source/kube/pod-details.js';
import {containerRows, stateText} from '../../source/model/containers.js';
import {describePod} from '../../source/model/describe/pod.js';
import {diagnose} from '../../source/model/doctor/index.js';
import {eventsByPod, eventsOfPod} from '../../source/model/doctor/pod-summary.js';
import type {DoctorInput} from '../../source/model/doctor/types.js';
import {Interner} from '../../source/model/interner.js';
import type {KubeEvent, Pod} from '../../source/model/k8s.js';
import {ownerText} from '../../source/model/owner.js';
import {groupKeyOf} from '../../source/model/pod-groups.js';
import {podReady, podRestarts, podRow, podStatusReason} from '../../source/model/pod-status.js';
import {slimEvent, slimPod} from '../../source/model/slim.js';
import {computeTimeline} from '../../source/model/timeline/timeline.js';
import {timelineStory} from '../../source/model/timeline/story.js';
import {applyPodDefaults} from '../../source/sim/pod-defaults.js';
import {parseScenarioDocuments} from '../../source/sim/scenario.js';
import {builtinScenarios, defaultScenarioOptions} from '../../source/sim/scenarios/index.js';
import * as podFixtures from '../fixtures/pods.js';
import * as containers from '../fixtures/real-node/containers.js';
import * as lifecycle from '../fixtures/real-node/lifecycle.js';
import * as probes from '../fixtures/real-node/probes.js';
import * as scheduling from '../fixtures/real-node/scheduling.js';

// The list keeps slim pods and the namespace doctor slim events (model/slim.ts): every field a
// screen reads must survive. Each reader of a pod (the list's cells, the container panel,
// describe, doctor, timeline, the event selector) runs over a recording proxy of the full
// object; every path it read must read the same from the slim one.

const now = Date.parse('2024-08-24T02:00:00Z');
const lastApplied = 'kubectl.kubernetes.io/last-applied-configuration';

const isPod = (value: unknown): value is Pod => typeof value === 'object' && value !== null && 'metadata' in value && 'spec' in value;
const isInput = (value: unknown): value is DoctorInput => typeof value === 'object' && value !== null && 'pod' in value && 'events' in value;

/** Real-node captures (pods with their events), the fixtures' pods, and every built-in scenario's pods as the sim defaults them. */
function corpus(): DoctorInput[] {
	const inputs: DoctorInput[] = [];
	for (const module of [containers, lifecycle, probes, scheduling]) for (const value of Object.values(module)) if (isInput(value)) inputs.push(value);
	for (const value of Object.values(podFixtures)) if (isPod(value)) inputs.push({pod: value, events: [], now});
	for (const [name, scenario] of Object.entries(builtinScenarios)) {
		const text = scenario({...defaultScenarioOptions, pods: 2, floodLines: 10});
		for (const {pod} of parseScenarioDocuments(text, name).pods) inputs.push({pod: applyPodDefaults(pod, 'default', '2024-08-24T01:50:00Z'), events: [], now});
	}
	return inputs;
}

/** What a real API server adds that no screen shows. */
function withServerFields(pod: Pod): Pod {
	const copy = structuredClone(pod);
	copy.metadata.managedFields = [{manager: 'kubectl-client-side-apply', operation: 'Update', fieldsV1: {'f:metadata': {'f:labels': {}}}}];
	copy.metadata.annotations = {...copy.metadata.annotations, [lastApplied]: JSON.stringify(pod)};
	return copy;
}

/** A proxy of `root` that records the path of every property read through it. */
function recording<T extends object>(root: T, reads: Set<string>): T {
	const proxies = new WeakMap<object, object>();
	const wrap = (target: object, path: string): object => {
		let proxy = proxies.get(target);
		if (!proxy) {
			proxy = new Proxy(target, {
				get(object, key, receiver) {
					const value = Reflect.get(object, key, receiver);
					if (typeof key !== 'string' || (Array.isArray(object) && !/^\d+$/.test(key) && key !== 'length')) return value;
					if (typeof value === 'function') return value;
					const next = `${path}.${key}`;
					reads.add(next);
					return value !== null && typeof value === 'object' ? wrap(value, next) : value;
				},
				has(object, key) {
					if (typeof key === 'string') reads.add(`${path}.${key}?`);
					return Reflect.has(object, key);
				},
				ownKeys(object) {
					reads.add(`${path}.*`);
					return Reflect.ownKeys(object);
				},
			});
			proxies.set(target, proxy);
		}
		return proxy;
	};
	return wrap(root, '') as T;
}

/** What a recorded path reads from `root`: a value, whether it is there (`?`), or the keys (`*`). */
function readAt(root: unknown, path: string): unknown {
	const parts = path.split('.').slice(1);
	let value: unknown = root;
	for (const [index, part] of parts.entries()) {
		const last = index === parts.length - 1;
		if (value === null || typeof value !== 'object') return undefined;
		if (last && part === '*') return Object.keys(value).sort();
		if (last && part.endsWith('?')) return part.slice(0, -1) in value;
		value = (value as Record<string, unknown>)[part];
	}
	return value !== null && typeof value === 'object' ? (Array.isArray(value) ? `array ${value.length}` : 'object') : value;
}

function readPod(pod: Pod, events: KubeEvent[], input: DoctorInput): unknown[] {
	const timeline = computeTimeline(pod, events, now);
	return [
		podRow(pod, now, true),
		podReady(pod),
		podRestarts(pod, now),
		podStatusReason(pod),
		containerRows(pod).map(row => [row, stateText(row, now)]),
		ownerText(pod),
		groupKeyOf(pod),
		podEventSelector(pod),
		describePod(pod, events, now),
		diagnose({...input, pod, events, now}),
		timelineStory(timeline, now),
		eventsOfPod(eventsByPod(events), pod),
	];
}

describe('slimPod', () => {
	const inputs = corpus();

	it('has pods of every kind to read', () => {
		expect(inputs.length).toBeGreaterThan(60);
		expect(inputs.some(input => input.pod.spec.volumes?.length)).toBe(true);
		expect(inputs.some(input => input.events.length > 0)).toBe(true);
	});

	it('keeps every field the list, describe, doctor and timeline read, with the same value', () => {
		for (const input of inputs) {
			const full = withServerFields(input.pod);
			const reads = new Set<string>();
			const before = readPod(recording(full, reads), input.events, input);
			const slim = slimPod(structuredClone(full), new Interner());
			expect(readPod(slim, input.events, input), input.pod.metadata.name).toEqual(before);
			for (const path of reads) {
				// describe lists the annotations and leaves the last-applied manifest out itself.
				const expected = path === '.metadata.annotations.*' ? (readAt(full, path) as string[]).filter(key => key !== lastApplied) : readAt(full, path);
				expect(readAt(slim, path), `${input.pod.metadata.name}: ${path}`).toEqual(expected);
			}
		}
	});

	it('drops managedFields and the last-applied manifest, and keeps the other annotations', () => {
		const full = withServerFields(podFixtures.pod({name: 'web', containers: [podFixtures.container('app', 'nginx')], status: {}, annotations: {team: 'shop'}}));
		const slim = slimPod(structuredClone(full), new Interner());
		expect(slim.metadata.managedFields).toBeUndefined();
		expect(slim.metadata.annotations).toEqual({team: 'shop'});
		const {managedFields: _, annotations: __, ...metadata} = full.metadata;
		expect({...slim, metadata: {...slim.metadata, annotations: undefined}}).toEqual({...full, metadata: {...metadata, annotations: undefined}});
	});
});

describe('slimEvent', () => {
	const inputs = corpus().filter(input => input.events.length > 0);

	it('keeps every field the doctor and its event index read, with the same value', () => {
		expect(inputs.length).toBeGreaterThan(10);
		for (const input of inputs) {
			const reads = new Set<string>();
			const recorded = input.events.map(event => recording(event, reads));
			const before = [diagnose({...input, events: recorded}), eventsOfPod(eventsByPod(recorded), input.pod).length];
			const strings = new Interner();
			const slim = input.events.map(event => slimEvent(structuredClone(event), strings));
			expect([diagnose({...input, events: slim}), eventsOfPod(eventsByPod(slim), input.pod).length], input.pod.metadata.name).toEqual(before);
			for (const path of reads) for (const [index, event] of input.events.entries()) expect(readAt(slim[index], path), path).toEqual(readAt(event, path));
		}
	});

	it('keeps the name and namespace the informer keys it by', () => {
		const [event] = inputs[0]!.events;
		const slim = slimEvent(structuredClone(event!), new Interner());
		expect([slim.metadata.namespace, slim.metadata.name]).toEqual([event!.metadata.namespace, event!.metadata.name]);
		expect(slim.source).toBeUndefined();
	});
});
