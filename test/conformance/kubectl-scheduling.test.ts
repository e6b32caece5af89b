import {afterAll, beforeAll, expect, it} from 'vitest';
import {nodeName} from '../../source/sim/cluster.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, parseTable} from './kubectl.js';

// The scheduler as the real kubectl sees it: STATUS, describe's Conditions and Events, get
// events, and the fixes people make with kubectl (delete, label, taint, cordon, patch), with
// the texts a real 1.35.4 node printed for the same YAML (/work/reference/real-node/).

let sim: TestSim;

const notHelpful = 'no new claims to deallocate, preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.';

beforeAll(async () => {
	// A small node, so a few gigabytes fill it; a little fast, but not so fast that the five-minute
	// retry of the unschedulable pod comes during the run.
	sim = await startTestSim({scenarios: ['unschedulable', 'scheduling-gated'], speed: 2, node: {memory: '4Gi'}});
});

afterAll(async () => {
	await sim?.close();
});

const run = async (args: string[], input?: string) => {
	const result = await kubectl(sim, args, {input});
	expect(result, `kubectl ${args.join(' ')}`).toMatchObject({code: 0});
	return result.stdout;
};

const pod = (name: string, spec: string, requests = '') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
${spec}
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "sleep 3600"]
${requests ? `    resources: {requests: ${requests}}` : ''}
`;

/** The STATUS column of `kubectl get pods` for one pod. */
const status = async (name: string) => parseTable(await run(['get', 'pod', name]))[0]?.STATUS;

const waitForStatus = (name: string, wanted: string) => eventually(async () => (await status(name)) === wanted, 20_000);

/** The FailedScheduling messages of a pod, oldest first, as `kubectl get events` lists them. */
async function failedScheduling(name: string): Promise<string[]> {
	const output = await run([
		'get',
		'events',
		'--field-selector',
		`involvedObject.name=${name},reason=FailedScheduling`,
		'--sort-by=.metadata.name',
		'-o',
		'custom-columns=MESSAGE:.message',
		'--no-headers',
	]);
	return output.split('\n').filter(Boolean);
}

conformance('kubectl and the scheduler', () => {
	it('shows STATUS Pending for a pod that does not fit and SchedulingGated for a gated one', async () => {
		const rows = parseTable(await run(['get', 'pods', '-o', 'wide']));
		expect(rows.find(row => row.NAME === 'unschedulable')).toMatchObject({READY: '0/1', STATUS: 'Pending', NODE: '<none>', 'NOMINATED NODE': '<none>'});
		expect(rows.find(row => row.NAME === 'scheduling-gated')).toMatchObject({READY: '0/1', STATUS: 'SchedulingGated', NODE: '<none>'});
	});

	it('describes the reason under Conditions and Events', async () => {
		const message = `0/1 nodes are available: 1 Insufficient memory. ${notHelpful}`;
		const text = await eventually(async () => {
			const page = await run(['describe', 'pod', 'unschedulable']);
			return page.includes('FailedScheduling') && page;
		});
		expect(text).toMatch(/^Node:\s+<none>$/m);
		expect(text).toMatch(/^Status:\s+Pending$/m);
		expect(text).toMatch(/^Conditions:\n\s+Type\s+Status\n\s+PodScheduled\s+False \n/m);
		expect(text).toMatch(new RegExp(`^\\s+Warning\\s+FailedScheduling\\s+\\S+\\s+default-scheduler\\s+${message.replace(/[.()]/g, '\\$&')}$`, 'm'));
		const gated = await run(['describe', 'pod', 'scheduling-gated']);
		expect(gated).toMatch(/^\s+PodScheduled\s+False \n/m);
		expect(gated).toMatch(/^Events:\s+<none>$/m);
		const conditions = JSON.parse(await run(['get', 'pod', 'scheduling-gated', '-o', 'jsonpath={.status.conditions}']));
		expect(conditions).toEqual([
			expect.objectContaining({
				type: 'PodScheduled',
				status: 'False',
				reason: 'SchedulingGated',
				message: 'Scheduling is blocked due to non-empty scheduling gates',
			}),
		]);
	});

	it('lists FailedScheduling in get events, from the scheduler, with no count', async () => {
		const rows = parseTable(await run(['get', 'events', '-o', 'wide']));
		const failed = rows.filter(row => row.REASON === 'FailedScheduling');
		expect(failed.map(row => row.OBJECT)).toEqual(['pod/unschedulable']);
		expect(failed[0]).toMatchObject({TYPE: 'Warning', SOURCE: `default-scheduler, default-scheduler-${nodeName}`, COUNT: '1'});
		const columns = await run([
			'get',
			'events',
			'--field-selector',
			'reason=FailedScheduling',
			'-o',
			'custom-columns=COUNT:.count,FROM:.source.component,ACTION:.action',
		]);
		expect(parseTable(columns)).toEqual([{COUNT: '<none>', FROM: '<none>', ACTION: 'Scheduling'}]);
	});

	it('schedules a waiting pod once a delete frees the memory it needs', async () => {
		await run(['apply', '-f', '-'], pod('hog', '', '{memory: 3Gi}'));
		await waitForStatus('hog', 'Running');
		await run(['apply', '-f', '-'], pod('waiter', '', '{memory: 2Gi}'));
		const [message] = await eventually(async () => (await failedScheduling('waiter')).length > 0 && failedScheduling('waiter'));
		expect(message).toBe(
			'0/1 nodes are available: 1 Insufficient memory. no new claims to deallocate, preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.',
		);
		expect(await status('waiter')).toBe('Pending');
		await run(['delete', 'pod', 'hog']);
		await waitForStatus('waiter', 'Running');
		expect(await run(['get', 'pod', 'waiter', '-o', 'jsonpath={.spec.nodeName}'])).toBe(nodeName);
		await run(['delete', 'pod', 'waiter', '--wait=false']);
	});

	it('schedules a nodeSelector pod once the node is labelled', async () => {
		await run(['apply', '-f', '-'], pod('node-selector', '  nodeSelector: {disktype: ssd}'));
		await eventually(async () => (await failedScheduling('node-selector')).length > 0);
		expect(await failedScheduling('node-selector')).toEqual([`0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector. ${notHelpful}`]);
		await run(['label', 'node', nodeName, 'disktype=ssd']);
		await waitForStatus('node-selector', 'Running');
		await run(['label', 'node', nodeName, 'disktype-']);
		await run(['delete', 'pod', 'node-selector', '--wait=false']);
	});

	it('keeps a pod off a tainted node unless it tolerates the taint, and schedules it once the taint goes', async () => {
		await run(['taint', 'node', nodeName, 'dedicated=batch:NoSchedule']);
		await run(
			['apply', '-f', '-'],
			`${pod('untolerated', '')}---\n${pod('tolerated', '  tolerations: [{key: dedicated, operator: Equal, value: batch, effect: NoSchedule}]')}`,
		);
		await waitForStatus('tolerated', 'Running');
		await eventually(async () => (await failedScheduling('untolerated')).length > 0);
		expect(await failedScheduling('untolerated')).toEqual([`0/1 nodes are available: 1 node(s) had untolerated taint(s). ${notHelpful}`]);
		await run(['taint', 'node', nodeName, 'dedicated=batch:NoSchedule-']);
		expect(await run(['get', 'node', nodeName, '-o', 'jsonpath={.spec.taints}'])).toBe('');
		await waitForStatus('untolerated', 'Running');
		await run(['delete', 'pod', 'untolerated', 'tolerated', '--wait=false']);
	});

	it('keeps pods off a cordoned node and schedules them once it is uncordoned', async () => {
		await run(['cordon', nodeName]);
		expect(parseTable(await run(['get', 'nodes']))[0]?.STATUS).toBe('Ready,SchedulingDisabled');
		// The node lifecycle controller taints a cordoned node.
		await eventually(async () => (await run(['get', 'node', nodeName, '-o', 'jsonpath={.spec.taints[*].key}'])) === 'node.kubernetes.io/unschedulable');
		await run(['apply', '-f', '-'], pod('cordoned', ''));
		await eventually(async () => (await failedScheduling('cordoned')).length > 0);
		expect(await failedScheduling('cordoned')).toEqual([`0/1 nodes are available: 1 node(s) were unschedulable. ${notHelpful}`]);
		await run(['uncordon', nodeName]);
		await waitForStatus('cordoned', 'Running');
		expect(parseTable(await run(['get', 'nodes']))[0]?.STATUS).toBe('Ready');
		await eventually(async () => (await run(['get', 'node', nodeName, '-o', 'jsonpath={.spec.taints}'])) === '');
		await run(['delete', 'pod', 'cordoned', '--wait=false']);
	});

	it('refuses a new scheduling gate, and schedules the pod once a patch removes its gates', async () => {
		const added = await kubectl(sim, [
			'patch',
			'pod',
			'scheduling-gated',
			'--type=json',
			'-p',
			'[{"op":"add","path":"/spec/schedulingGates/-","value":{"name":"more"}}]',
		]);
		expect(added.code).toBe(1);
		expect(added.stderr).toContain(
			`The Pod "scheduling-gated" is invalid: spec.schedulingGates[1].name: Forbidden: only deletion is allowed, but found new scheduling gate 'more'`,
		);
		expect(await status('scheduling-gated')).toBe('SchedulingGated');
		const bound = await kubectl(sim, ['create', '-f', '-'], {
			input: pod('gated-and-bound', `  nodeName: ${nodeName}\n  schedulingGates: [{name: a}, {name: a}]`),
		});
		expect(bound.code).toBe(1);
		expect(bound.stderr).toBe(
			'The Pod "gated-and-bound" is invalid: \n* spec.schedulingGates[1]: Duplicate value: "a"\n* spec.nodeName: Forbidden: cannot be set until all schedulingGates have been cleared\n',
		);
		await run(['patch', 'pod', 'scheduling-gated', '--type=json', '-p', '[{"op":"remove","path":"/spec/schedulingGates"}]']);
		await waitForStatus('scheduling-gated', 'Running');
		const events = parseTable(await run(['get', 'events', '--field-selector', 'involvedObject.name=scheduling-gated']));
		expect(events[0]).toMatchObject({REASON: 'Scheduled', MESSAGE: `Successfully assigned default/scheduling-gated to ${nodeName}`});
		expect(events.map(row => row.REASON)).not.toContain('FailedScheduling');
		expect(await run(['get', 'pod', 'scheduling-gated', '-o', 'jsonpath={.metadata.generation}'])).toBe('2');
	});
});
