import {describe, expect, it} from 'vitest';
import type {NodeSelectorTerm, Pod} from '../../../../source/model/k8s.js';
import type {Node} from '../../../../source/sim/cluster.js';
import {nodeInfo, runFilters} from '../../../../source/sim/scheduler/filters.js';
import {matchesRequiredNodeAffinity, preFilterNodeNames} from '../../../../source/sim/scheduler/node-affinity.js';

// The filter plugins' reasons and codes, as pkg/scheduler/framework/plugins/* (v1.35.4) give them.

const node = (spec: Record<string, unknown> = {}, labels: Record<string, string> = {}, allocatable = {cpu: '2', memory: '4Gi', pods: '3'}): Node => ({
	apiVersion: 'v1',
	kind: 'Node',
	metadata: {name: 'node-1', labels: {'kubernetes.io/hostname': 'node-1', ...labels}},
	spec,
	status: {allocatable},
});

let serial = 0;
const pod = (spec: Partial<Pod['spec']> = {}, requests?: Record<string, string>): Pod => ({
	metadata: {name: `p${++serial}`, uid: `uid-${serial}`},
	spec: {nodeName: undefined, containers: [{name: 'app', image: 'busybox', ...(requests ? {resources: {requests}} : {})}], ...spec},
});

describe('runFilters', () => {
	it('passes a pod that fits', () => {
		expect(runFilters(pod({}, {cpu: '1'}), nodeInfo(node(), []))).toBeUndefined();
	});

	it('counts pods and requests of the pods on the node; a request bigger than the node is unresolvable', () => {
		const running = [pod({}, {cpu: '1500m', memory: '3Gi'})];
		expect(runFilters(pod({}, {cpu: '1', memory: '2Gi'}), nodeInfo(node(), running))).toEqual({
			plugin: 'NodeResourcesFit',
			code: 'Unschedulable',
			reasons: ['Insufficient cpu', 'Insufficient memory'],
		});
		expect(runFilters(pod({}, {memory: '512Gi'}), nodeInfo(node(), []))?.code).toBe('UnschedulableAndUnresolvable');
		expect(runFilters(pod(), nodeInfo(node(), [pod(), pod(), pod()]))?.reasons).toEqual(['Too many pods']);
		expect(runFilters(pod({}, {'example.com/gpu': '1'}), nodeInfo(node(), []))?.reasons).toEqual(['Insufficient example.com/gpu']);
	});

	it('stops at the first plugin that rejects, in the profile’s order', () => {
		const everything = pod({nodeSelector: {disktype: 'ssd'}}, {memory: '512Gi'});
		const cordonedAndTainted = node({unschedulable: true, taints: [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]});
		expect(runFilters(everything, nodeInfo(cordonedAndTainted, []))?.reasons).toEqual(['node(s) were unschedulable']);
		expect(runFilters(everything, nodeInfo(node({taints: [{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'}]}), []))?.reasons).toEqual([
			'node(s) had untolerated taint(s)',
		]);
		expect(runFilters(everything, nodeInfo(node(), []))?.reasons).toEqual(["node(s) didn't match Pod's node affinity/selector"]);
		expect(runFilters(everything, nodeInfo(node({}, {disktype: 'ssd'}), []))?.reasons).toEqual(['Insufficient memory']);
	});

	it('lets tolerations through taints; PreferNoSchedule never rejects', () => {
		const tainted = node({
			taints: [
				{key: 'dedicated', value: 'gpu', effect: 'NoSchedule'},
				{key: 'soft', effect: 'PreferNoSchedule'},
			],
		});
		expect(runFilters(pod({tolerations: [{key: 'dedicated', operator: 'Equal', value: 'gpu', effect: 'NoSchedule'}]}), nodeInfo(tainted, []))).toBeUndefined();
		expect(runFilters(pod({tolerations: [{key: 'dedicated', operator: 'Exists'}]}), nodeInfo(tainted, []))).toBeUndefined();
		expect(runFilters(pod({tolerations: [{operator: 'Exists'}]}), nodeInfo(tainted, []))).toBeUndefined();
		expect(runFilters(pod({tolerations: [{key: 'dedicated', value: 'cpu', effect: 'NoSchedule'}]}), nodeInfo(tainted, []))?.plugin).toBe('TaintToleration');
		// A cordoned node takes a pod tolerating its taint.
		const unschedulable = [{key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule'}];
		expect(runFilters(pod({tolerations: unschedulable}), nodeInfo(node({unschedulable: true}), []))).toBeUndefined();
	});

	it('refuses a host port another pod holds, which preemption could free', () => {
		const holder = pod({containers: [{name: 'a', image: 'x', ports: [{containerPort: 80, hostPort: 8080}]}]});
		const wants = (hostIP?: string, protocol?: string) =>
			pod({containers: [{name: 'b', image: 'x', ports: [{containerPort: 80, hostPort: 8080, ...(hostIP ? {hostIP} : {}), ...(protocol ? {protocol} : {})}]}]});
		expect(runFilters(wants(), nodeInfo(node(), [holder]))).toEqual({
			plugin: 'NodePorts',
			code: 'Unschedulable',
			reasons: ["node(s) didn't have free ports for the requested pod ports"],
		});
		expect(runFilters(wants('10.0.0.1'), nodeInfo(node(), [holder]))?.plugin).toBe('NodePorts');
		expect(runFilters(wants(undefined, 'UDP'), nodeInfo(node(), [holder]))).toBeUndefined();
	});
});

describe('node affinity', () => {
	const labelled = node({}, {disktype: 'ssd', cores: '8'});
	const affinity = (...terms: NodeSelectorTerm[]) =>
		pod({affinity: {nodeAffinity: {requiredDuringSchedulingIgnoredDuringExecution: {nodeSelectorTerms: terms}}}});

	it.each([
		['In', {key: 'disktype', operator: 'In', values: ['ssd', 'nvme']}, true],
		['NotIn', {key: 'disktype', operator: 'NotIn', values: ['ssd']}, false],
		['NotIn an absent label', {key: 'zone', operator: 'NotIn', values: ['a']}, true],
		['Exists', {key: 'disktype', operator: 'Exists'}, true],
		['DoesNotExist', {key: 'disktype', operator: 'DoesNotExist'}, false],
		['Gt', {key: 'cores', operator: 'Gt', values: ['4']}, true],
		['Lt', {key: 'cores', operator: 'Lt', values: ['4']}, false],
		['Gt with no number', {key: 'cores', operator: 'Gt', values: ['many']}, false],
	])('%s', (_name, expression, matches) => {
		expect(matchesRequiredNodeAffinity(affinity({matchExpressions: [expression]}), labelled)).toBe(matches);
	});

	it('ORs the terms, ANDs a term’s requirements, and an empty term matches nothing', () => {
		const wrong = {key: 'disktype', operator: 'In', values: ['hdd']};
		const right = {key: 'disktype', operator: 'In', values: ['ssd']};
		expect(matchesRequiredNodeAffinity(affinity({matchExpressions: [wrong]}, {matchExpressions: [right]}), labelled)).toBe(true);
		expect(matchesRequiredNodeAffinity(affinity({matchExpressions: [right, wrong]}), labelled)).toBe(false);
		expect(matchesRequiredNodeAffinity(affinity({}), labelled)).toBe(false);
		expect(matchesRequiredNodeAffinity(affinity({matchFields: [{key: 'metadata.name', operator: 'In', values: ['node-1']}]}), labelled)).toBe(true);
	});

	it('narrows the nodes to those named by matchFields in every term', () => {
		const named = (...names: string[]) => ({matchFields: [{key: 'metadata.name', operator: 'In', values: names}]});
		expect(preFilterNodeNames(affinity(named('a', 'b'), named('c')))).toEqual(new Set(['a', 'b', 'c']));
		expect(preFilterNodeNames(affinity(named('a'), {matchExpressions: [{key: 'x', operator: 'Exists'}]}))).toBeUndefined();
		expect(preFilterNodeNames(affinity({matchFields: [...named('a').matchFields, ...named('b').matchFields]}))).toEqual(new Set());
	});
});
