import {afterAll, beforeAll, expect, it} from 'vitest';
import type {KubeEvent} from '../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, parseTable} from './kubectl.js';

// events.k8s.io/v1 with the real kubectl: the same Events as core/v1, converted as
// pkg/apis/events/v1/conversion.go does, selected by the field labels that version accepts,
// printed with the core Event's columns (one REST storage, one TableConvertor).

let sim: TestSim;

type EventV1 = {
	apiVersion?: string;
	metadata: {name: string; namespace: string; resourceVersion: string};
	eventTime: string | null;
	reportingController?: string;
	reportingInstance?: string;
	action?: string;
	reason?: string;
	regarding: KubeEvent['involvedObject'];
	note?: string;
	type?: string;
	deprecatedSource: {component?: string; host?: string};
	deprecatedFirstTimestamp: string | null;
	deprecatedLastTimestamp: string | null;
	deprecatedCount?: number;
};

const json = async <T>(args: string[]) => {
	const result = await kubectl(sim, args);
	expect(result.stderr).toBe('');
	return JSON.parse(result.stdout) as T;
};

conformance('kubectl and events.k8s.io/v1', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['web-with-logging'], speed: 20});
		await eventually(() => sim.cluster.events.list().some(event => event.reason === 'Started'));
	});
	afterAll(() => sim?.close());

	it('is discovered beside core/v1, and kubectl keeps `events` for core', async () => {
		const resources = parseTable((await kubectl(sim, ['api-resources', '--api-group', 'events.k8s.io'])).stdout);
		expect(resources.map(row => [row.NAME, row.SHORTNAMES, row.APIVERSION, row.NAMESPACED, row.KIND])).toEqual([
			['events', 'ev', 'events.k8s.io/v1', 'true', 'Event'],
		]);
		const core = await json<{apiVersion: string}>(['get', 'events', '-o', 'json']);
		expect(core.apiVersion).toBe('v1');
	});

	it('serves the core Events converted: regarding, note, reportingController, deprecated*', async () => {
		const core = await json<{items: Array<KubeEvent & {action?: string}>}>(['get', 'events', '-o', 'json']);
		const v1 = await json<{apiVersion: string; kind: string; items: EventV1[]}>(['get', 'events.events.k8s.io', '-o', 'json']);
		expect(v1.kind).toBe('List');
		const byName = new Map(v1.items.map(item => [item.metadata.name, item]));
		expect(v1.items.every(item => item.apiVersion === 'events.k8s.io/v1')).toBe(true);
		const scheduled = core.items.find(event => event.reason === 'Scheduled')!;
		const started = core.items.find(event => event.reason === 'Started')!;
		for (const event of [scheduled, started]) {
			const converted = byName.get(event.metadata.name)!;
			expect(converted.metadata.resourceVersion).toBe(event.metadata.resourceVersion);
			expect(converted.regarding).toEqual(event.involvedObject);
			expect(converted.note).toBe(event.message);
			expect(converted.type).toBe(event.type);
			expect(converted.eventTime).toBe(event.eventTime ?? null);
			expect(converted.deprecatedSource).toEqual(event.source ?? {});
			expect(converted.deprecatedFirstTimestamp).toBe(event.firstTimestamp ?? null);
			expect(converted.deprecatedLastTimestamp).toBe(event.lastTimestamp ?? null);
			expect(converted.deprecatedCount).toBe(event.count);
			expect(converted.reportingController).toBe(event.reportingComponent || undefined);
			expect(converted).not.toHaveProperty('message');
			expect(converted).not.toHaveProperty('involvedObject');
		}
		// The scheduler's event is an events.k8s.io one: no count, an eventTime and an action.
		expect(byName.get(scheduled.metadata.name)).toMatchObject({reportingController: 'default-scheduler', action: 'Binding'});
		expect(byName.get(scheduled.metadata.name)!.deprecatedCount).toBeUndefined();
		// The kubelet's is a core one: a source, first and last timestamps, a count.
		expect(byName.get(started.metadata.name)).toMatchObject({deprecatedSource: {component: 'kubelet'}, deprecatedCount: 1});
	});

	it("selects by events.k8s.io's field labels and refuses core's", async () => {
		const pod = 'web-with-logging';
		const wide = (args: string[]) =>
			kubectl(sim, ['get', ...args, '-o', 'wide']).then(result =>
				parseTable(result.stdout).map(row => [row.NAME, row.TYPE, row.REASON, row.OBJECT, row.SUBOBJECT, row.SOURCE, row.MESSAGE]),
			);
		const v1 = await wide(['events.events.k8s.io', '--field-selector', `regarding.name=${pod},reason=Scheduled`]);
		expect(v1).toHaveLength(1);
		expect(v1).toEqual(await wide(['events', '--field-selector', `involvedObject.name=${pod},reason=Scheduled`]));
		expect(await wide(['events.events.k8s.io', '--field-selector', 'reportingController=default-scheduler'])).toEqual(v1);
		const refused = await kubectl(sim, ['get', 'events.events.k8s.io', '--field-selector', `involvedObject.name=${pod}`]);
		expect(refused.code).toBe(1);
		expect(refused.stderr).toBe(
			`Error from server (BadRequest): Unable to find "events.k8s.io/v1, Resource=events" that match label selector "", field selector "involvedObject.name=${pod}": field label not supported: involvedObject.name\n`,
		);
		const source = await kubectl(sim, ['get', 'events.events.k8s.io', '--field-selector', 'source=kubelet']);
		expect(source.stderr).toContain('field label not supported: source');
	});

	it('gets one event, with the Table of the core Event', async () => {
		const name = sim.cluster.events.list().find(event => event.reason === 'Scheduled')!.metadata.name;
		const one = await json<EventV1>(['get', 'events.events.k8s.io', name, '-o', 'json']);
		expect(one).toMatchObject({kind: 'Event', apiVersion: 'events.k8s.io/v1', reason: 'Scheduled'});
		const table = parseTable((await kubectl(sim, ['get', 'events.events.k8s.io', name])).stdout);
		expect(Object.keys(table[0]!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
		expect(table[0]!.OBJECT).toBe('pod/web-with-logging');
		const missing = await kubectl(sim, ['get', 'events.events.k8s.io', 'nope']);
		expect(missing.stderr).toBe('Error from server (NotFound): events.events.k8s.io "nope" not found\n');
	});

	it('is readable by the viewer, as the view ClusterRole reads events in both groups', async () => {
		const viewer = {context: 'podscope-sim-viewer'};
		expect((await kubectl(sim, ['auth', 'can-i', 'list', 'events.events.k8s.io'], viewer)).stdout).toBe('yes\n');
		expect((await kubectl(sim, ['auth', 'can-i', 'delete', 'events.events.k8s.io'], viewer)).stdout).toBe('no\n');
		const listed = await kubectl(sim, ['get', 'events.events.k8s.io', '-o', 'name'], viewer);
		expect(listed.stdout).toMatch(/^event\.events\.k8s\.io\//m);
		const rules = (await kubectl(sim, ['auth', 'can-i', '--list'], viewer)).stdout;
		expect(rules).toMatch(/^events\.events\.k8s\.io\s+\[\]\s+\[\]\s+\[get list watch\]$/m);
	});

	it('`kubectl events` lists them (it reads core/v1)', async () => {
		const result = await kubectl(sim, ['events', '--for', 'pod/web-with-logging']);
		expect(result.code).toBe(0);
		expect(result.stdout).toMatch(/Normal\s+Scheduled\s+Pod\/web-with-logging\s+Successfully assigned default\/web-with-logging to sim-node-1/);
	});
});
