import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll} from 'vitest';
import {run, startTestSim, type TestSim} from '../helpers/sim.js';

// pods/status writes as a transcript: the same requests, made with the real kubectl, to any API
// server, and what kubectl printed for each (exit code, stdout, stderr), with what differs between
// two clusters by nature masked. status.test.ts compares the sim's with the real node's live;
// fixtures/pod-status.real.txt is the real node's, recorded, which the conformance tier
// (test/conformance/pod-status-real.test.ts) holds the sim to without a cluster. The pods have a
// scheduling gate, so neither a scheduler nor a kubelet writes their status meanwhile: every
// change is the transcript's own. The steps are what a controller or a kubelet stand-in does
// (merge, strategic and JSON patches, a replace with an old resourceVersion), and what the API
// server refuses (bad IPs, two IPs of one family, a container leaving the terminated state).

const namespace = 'podscope-status';
const pods = `
apiVersion: v1
kind: Pod
metadata: {name: gated}
spec:
  schedulingGates: [{name: example.com/hold}]
  containers: [{name: app, image: busybox:1.36, command: [sleep, "3600"]}]
---
apiVersion: v1
kind: Pod
metadata: {name: gated-never}
spec:
  restartPolicy: Never
  schedulingGates: [{name: example.com/hold}]
  initContainers: [{name: setup, image: busybox:1.36, command: ["true"]}]
  containers: [{name: app, image: busybox:1.36, command: [sleep, "3600"]}]
`;

type Step = {name: string; args: string[]} | {name: string; replaceStale: string};
const patch = (pod: string, type: string, body: unknown): string[] => [
	'patch',
	'pod',
	pod,
	'--subresource=status',
	`--type=${type}`,
	'-p',
	JSON.stringify(body),
];
const show = (pod: string, path = '{.metadata.finalizers} {.metadata.labels} {.status}'): string[] => ['get', 'pod', pod, '-o', `jsonpath=${path}`];
const terminated = (name: string, exitCode: number) => ({
	name,
	image: 'busybox:1.36',
	imageID: '',
	ready: false,
	restartCount: 0,
	state: {terminated: {exitCode, reason: exitCode ? 'Error' : 'Completed'}},
});
const running = (name: string) => ({name, image: 'busybox:1.36', imageID: '', ready: true, restartCount: 0, state: {running: {}}});

const steps: Step[] = [
	{name: 'read pods/status', args: ['get', '--raw', `/api/v1/namespaces/${namespace}/pods/gated/status`]},
	{name: 'merge patch replaces the conditions', args: patch('gated', 'merge', {status: {conditions: [{type: 'example.com/Ready', status: 'True'}]}})},
	{
		name: 'strategic patch merges by type',
		args: patch('gated', 'strategic', {status: {conditions: [{type: 'PodScheduled', status: 'False', reason: 'SchedulingGated'}]}}),
	},
	{name: 'after the patches', args: show('gated')},
	{
		name: 'three custom conditions',
		args: patch('gated', 'merge', {status: {conditions: ['a.io/A', 'b.io/B', 'c.io/C'].map(type => ({type, status: 'True'}))}}),
	},
	{
		name: 'a new one and a changed one',
		args: patch('gated', 'strategic', {
			status: {
				conditions: [
					{type: 'd.io/D', status: 'True'},
					{type: 'b.io/B', status: 'False'},
				],
			},
		}),
	},
	{name: 'order after merging', args: show('gated', '{range .status.conditions[*]}{.type}={.status} {end}')},
	{
		name: '$setElementOrder',
		args: patch('gated', 'strategic', {
			status: {'$setElementOrder/conditions': ['c.io/C', 'a.io/A', 'd.io/D', 'b.io/B'].map(type => ({type})), conditions: [{type: 'a.io/A', status: 'False'}]},
		}),
	},
	{
		name: 'a delete directive and a new condition',
		args: patch('gated', 'strategic', {
			status: {
				conditions: [
					{type: 'c.io/C', $patch: 'delete'},
					{type: 'e.io/E', status: 'True'},
				],
			},
		}),
	},
	{name: 'order after the directives', args: show('gated', '{range .status.conditions[*]}{.type}={.status} {end}')},
	{name: 'finalizers a, b', args: ['patch', 'pod', 'gated', '--type=merge', '-p', '{"metadata":{"finalizers":["a.io/a","b.io/b"]}}']},
	{name: 'finalizer c by strategic patch', args: ['patch', 'pod', 'gated', '--type=strategic', '-p', '{"metadata":{"finalizers":["c.io/c"]}}']},
	{name: 'finalizers b, d by strategic patch', args: ['patch', 'pod', 'gated', '--type=strategic', '-p', '{"metadata":{"finalizers":["b.io/b","d.io/d"]}}']},
	{name: 'finalizers merged', args: show('gated', '{.metadata.finalizers}')},
	{name: 'finalizers cleared', args: ['patch', 'pod', 'gated', '--type=merge', '-p', '{"metadata":{"finalizers":null}}']},
	{name: 'an unknown phase', args: patch('gated', 'merge', {status: {phase: 'Bogus'}})},
	{name: 'a podIP that is no IP', args: patch('gated', 'merge', {status: {podIP: 'not-an-ip'}})},
	{name: 'a podIP with leading zeros', args: patch('gated', 'merge', {status: {podIP: '010.000.000.001'}})},
	{name: 'an IPv6 podIP with a zone', args: patch('gated', 'merge', {status: {podIP: 'fe80::1%eth0'}})},
	{name: 'two IPv4 podIPs', args: patch('gated', 'merge', {status: {podIP: '10.0.0.1', podIPs: [{ip: '10.0.0.1'}, {ip: '10.0.0.2'}]}})},
	{name: 'a dual-stack pair', args: patch('gated', 'merge', {status: {podIP: '10.0.0.1', podIPs: [{ip: '10.0.0.1'}, {ip: 'fd00::1'}]}})},
	{name: 'podIPs without podIP', args: patch('gated', 'merge', {status: {podIP: null, podIPs: [{ip: '10.0.0.7'}]}})},
	{name: 'podIP disagreeing with podIPs', args: patch('gated', 'merge', {status: {podIP: '10.0.0.8', podIPs: [{ip: '10.0.0.9'}]}})},
	{name: 'hostIPs not starting with hostIP', args: patch('gated', 'merge', {status: {hostIP: '192.168.0.1', hostIPs: [{ip: '192.168.0.2'}]}})},
	{name: 'an invalid nominated node', args: patch('gated', 'merge', {status: {nominatedNodeName: 'Not_A_Node'}})},
	{name: 'a spec change through status', args: patch('gated', 'merge', {spec: {activeDeadlineSeconds: 5}})},
	{name: 'a label through status', args: patch('gated', 'merge', {metadata: {labels: {via: 'status'}}})},
	{name: 'a container status with fields left out', args: patch('gated', 'merge', {status: {containerStatuses: [{name: 'ghost', image: 'x'}]}})},
	{name: 'a condition status Go does not know', args: patch('gated', 'merge', {status: {conditions: [{type: 'Ready', status: 'Maybe'}]}})},
	{name: 'after the IP and status patches', args: show('gated')},
	{name: 'a JSON patch', args: patch('gated', 'json', [{op: 'replace', path: '/status/phase', value: 'Running'}])},
	{name: 'a JSON patch that fails its test', args: patch('gated', 'json', [{op: 'test', path: '/status/phase', value: 'Pending'}])},
	{name: 'a replace with an old resourceVersion', replaceStale: 'gated'},
	{name: 'a pod that does not exist', args: patch('nope', 'merge', {status: {}})},
	{
		name: 'Never: containers terminated',
		args: patch('gated-never', 'merge', {status: {initContainerStatuses: [terminated('setup', 0)], containerStatuses: [terminated('app', 1)]}}),
	},
	{name: 'Never: a terminated container running again', args: patch('gated-never', 'merge', {status: {containerStatuses: [running('app')]}})},
	{name: 'Never: a finished init container running again', args: patch('gated-never', 'merge', {status: {initContainerStatuses: [running('setup')]}})},
	{name: 'Never: after the refusals', args: show('gated-never', '{.status.initContainerStatuses} {.status.containerStatuses}')},
	{name: 'Always: terminated, then running again', args: patch('gated', 'merge', {status: {containerStatuses: [terminated('app', 0)]}})},
	{name: 'Always: running again is allowed', args: patch('gated', 'merge', {status: {containerStatuses: [running('app')]}})},
];

/** What differs between two clusters by nature: times, uids, resourceVersions, the server's address. */
export function mask(text: string): string {
	return text
		.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/g, '<time>')
		.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<uid>')
		.replace(/"resourceVersion":"\d+"/g, '"resourceVersion":"<rv>"')
		.replace(/https:\/\/127\.0\.0\.1:\d+/g, '<server>');
}

/** Every step against the API server of `kubeconfig`, in a namespace of its own, deleted after. */
export async function podStatusTranscript(kubectlPath: string, kubeconfig: string, dir: string): Promise<string[]> {
	const kubectl = (args: string[]) => run(kubectlPath, ['--kubeconfig', kubeconfig, '-n', namespace, ...args], {timeout: 30_000});
	await run(kubectlPath, ['--kubeconfig', kubeconfig, 'create', 'namespace', namespace]);
	const file = path.join(dir, 'pods.yaml');
	writeFileSync(file, pods);
	// The default ServiceAccount comes a moment after the namespace on the real node.
	for (let tries = 0; (await kubectl(['apply', '-f', file])).code !== 0 && tries < 50; tries++) await new Promise(resolve => setTimeout(resolve, 200));
	const lines: string[] = [];
	for (const step of steps) {
		let result: Awaited<ReturnType<typeof kubectl>>;
		if ('replaceStale' in step) {
			const pod = JSON.parse((await kubectl(['get', 'pod', step.replaceStale, '-o', 'json'])).stdout) as {metadata: {resourceVersion: string}};
			pod.metadata.resourceVersion = String(Number(pod.metadata.resourceVersion) - 1);
			const stale = path.join(dir, 'stale.json');
			writeFileSync(stale, JSON.stringify(pod));
			result = await kubectl(['replace', '--subresource=status', '-f', stale]);
		} else result = await kubectl(step.args);
		// get --raw answers the whole pod: its keys and its status are what pods/status is about.
		const stdout =
			'args' in step && step.args[1] === '--raw'
				? (() => {
						const pod = JSON.parse(result.stdout) as {status: unknown};
						return `${Object.keys(pod).sort().join(',')} ${JSON.stringify(pod.status)}`;
					})()
				: result.stdout.trim();
		lines.push(`${step.name}: exit ${result.code}`, ...[stdout, result.stderr.trim()].filter(Boolean).map(text => `  ${mask(text.split(dir).join('<dir>'))}`));
	}
	await run(kubectlPath, ['--kubeconfig', kubeconfig, 'delete', 'namespace', namespace, '--wait=false']);
	return lines;
}

/** A sim with no scenario, so that only the transcript's own pods are there. */
function startEmptySim(dir: string): Promise<TestSim> {
	const empty = path.join(dir, 'empty.yaml');
	writeFileSync(empty, '');
	return startTestSim({scenarios: [empty]});
}

/**
 * For a suite: a temporary folder (for the transcript's manifests) and an empty sim, made
 * before its tests and gone after them; read `dir` and `sim` inside the tests.
 */
export function useEmptySim(): {readonly dir: string; readonly sim: TestSim} {
	const held: {dir?: string; sim?: TestSim} = {};
	beforeAll(async () => {
		held.dir = mkdtempSync(path.join(tmpdir(), 'podscope-status-'));
		held.sim = await startEmptySim(held.dir);
	});
	afterAll(async () => {
		await held.sim?.close();
		if (held.dir) rmSync(held.dir, {recursive: true, force: true});
	});
	return {
		get dir() {
			return held.dir!;
		},
		get sim() {
			return held.sim!;
		},
	};
}
