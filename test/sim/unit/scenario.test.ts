import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {Cluster} from '../../../source/sim/cluster.js';
import {ManualClock} from '../../../source/sim/clock.js';
import {loadScenario, loadScenarioDocuments, parseScenario, parseScenarioDocuments} from '../../../source/sim/scenario.js';
import {createScenarioWorkloads} from '../../../source/sim/workloads/scenario-workloads.js';
import {builtinScenarios, defaultScenarios} from '../../../source/sim/scenarios/index.js';

// Scenario files: ordinary Pod YAML whose containers may carry an `x-sim` behaviour that
// never reaches the API.

const dir = mkdtempSync(path.join(tmpdir(), 'podscope-scenario-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const yaml = `
apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  initContainers:
  - name: setup
    image: busybox:1.36
    x-sim: {exit: {after: 1, code: 0}}
  containers:
  - name: app
    image: app:1
    x-sim: {listen: [8080], logs: {every: 2, lines: ["tick {n}"]}}
  - name: plain
    image: app:1
---
apiVersion: v1
kind: Pod
metadata: {name: one}
spec:
  containers:
  - name: only
    image: app:1
`;

describe('parseScenario', () => {
	test('takes x-sim out of every container and keeps it aside by name', () => {
		const pods = parseScenario(yaml);
		expect(pods.map(({pod}) => pod.metadata.name)).toEqual(['two', 'one']);
		const [{pod, behaviours}] = pods as [(typeof pods)[0]];
		expect(JSON.stringify(pod)).not.toContain('x-sim');
		expect(pod.spec.initContainers).toEqual([{name: 'setup', image: 'busybox:1.36'}]);
		expect(pod.spec.containers).toEqual([
			{name: 'app', image: 'app:1'},
			{name: 'plain', image: 'app:1'},
		]);
		expect(behaviours).toEqual({
			setup: {exit: {after: 1, code: 0, lines: undefined}},
			app: {listen: [8080], logs: {every: 2, lines: ['tick {n}'], stream: 'stdout'}},
			plain: {},
		});
		expect(pods[1]!.pod.spec.initContainers).toBeUndefined();
	});

	test('a bad behaviour names the file, the pod and the container', () => {
		const bad = yaml.replace('{exit: {after: 1, code: 0}}', '{exit: {after: -1}}');
		expect(() => parseScenario(bad, 'my-pods.yaml')).toThrow(
			'my-pods.yaml: pod two, container setup: x-sim.exit.after: expected a non-negative number, got -1',
		);
	});

	test('YAML errors, other kinds and nameless pods are refused with the source named', () => {
		expect(() => parseScenario('kind: Pod\nmetadata: {name: [', 'broken.yaml')).toThrow(/^broken\.yaml: /);
		expect(() => parseScenario('apiVersion: v1\nkind: Service\nmetadata: {name: s}\n', 'svc.yaml')).toThrow(
			'svc.yaml: only kind: Pod, ConfigMap, Secret, Deployment, ReplicaSet, StatefulSet, DaemonSet or Job is supported, got "Service"',
		);
		expect(() => parseScenario('apiVersion: v1\nkind: Pod\nmetadata: {}\nspec: {containers: []}\n', 'anon.yaml')).toThrow(
			'anon.yaml: a Pod needs metadata.name',
		);
	});

	test('ConfigMaps and Secrets are kept apart from the Pods, in the order written', () => {
		const text = `apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {a: b}\n---\n${yaml}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`;
		const {pods, objects} = parseScenarioDocuments(text);
		expect(pods.map(({pod}) => pod.metadata.name)).toEqual(['two', 'one']);
		expect(objects.map(object => `${object.kind}/${object.metadata.name}`)).toEqual(['Secret/s', 'ConfigMap/c']);
		expect(parseScenario(text)).toHaveLength(2);
		expect(() => parseScenario('apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n', 'cm.yaml')).toThrow('cm.yaml: a ConfigMap needs metadata.name');
	});

	test('empty documents are skipped', () => {
		expect(parseScenario('---\n---\n')).toEqual([]);
	});
});

describe('loadScenario', () => {
	test('every built-in scenario parses into valid Pods or workloads the cluster accepts', () => {
		const cluster = new Cluster(new ManualClock());
		for (const name of Object.keys(builtinScenarios)) {
			const options = {floodLines: 10, floodRate: 0, pods: 3};
			const pods = loadScenario(name, options);
			const {workloads} = loadScenarioDocuments(name, options);
			expect(pods.length + workloads.length, name).toBeGreaterThan(0);
			for (const {pod, behaviours} of pods) {
				for (const container of [...(pod.spec.initContainers ?? []), ...pod.spec.containers])
					expect(behaviours[container.name], `${name}/${container.name}`).toBeDefined();
				cluster.createPod(pod, behaviours);
			}
			// A workload's template containers each have a behaviour, and the API takes the workload.
			for (const {object, behaviours} of workloads) {
				for (const container of object.spec.template.spec.containers) expect(behaviours[container.name], `${name}/${container.name}`).toBeDefined();
			}
			expect(createScenarioWorkloads(cluster, workloads)).toHaveLength(workloads.length);
		}
		cluster.shutdown();
		expect(defaultScenarios).not.toContain('log-flood');
		expect(defaultScenarios).not.toContain('log-flood-live');
		expect(defaultScenarios).not.toContain('many-pods');
	});

	test('many-pods spreads its pods over --pod-namespaces namespaces, or keeps them in default', () => {
		const namespaces = (podNamespaces: number) =>
			loadScenario('many-pods', {floodLines: 1, floodRate: 0, pods: 7, podNamespaces}).map(
				({pod}) => `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`,
			);
		expect(namespaces(1)).toEqual([
			'default/scale-00000',
			'default/scale-00001',
			'default/scale-00002',
			'default/scale-00003',
			'default/scale-00004',
			'default/scale-00005',
			'default/scale-00006',
		]);
		expect(namespaces(3)).toEqual([
			'scale-ns-000/scale-00000',
			'scale-ns-001/scale-00001',
			'scale-ns-002/scale-00002',
			'scale-ns-000/scale-00003',
			'scale-ns-001/scale-00004',
			'scale-ns-002/scale-00005',
			'scale-ns-000/scale-00006',
		]);
	});

	test('a file by path; an unknown name lists the built-ins', () => {
		const file = path.join(dir, 'mine.yaml');
		writeFileSync(file, yaml);
		expect(loadScenario(file).map(({pod}) => pod.metadata.name)).toEqual(['two', 'one']);
		expect(() => loadScenario('nope')).toThrow(/^unknown scenario "nope" \(built-in: web-with-logging, .*; or a \.yaml file\)$/);
		expect(() => loadScenario(path.join(dir, 'missing.yaml'))).toThrow(`cannot read scenario file ${path.join(dir, 'missing.yaml')}: ENOENT`);
	});
});
