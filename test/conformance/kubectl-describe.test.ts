import {afterAll, beforeAll, expect, it} from 'vitest';
import type {ContainerStatus, KubeEvent, Pod} from '../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, parseTable} from './kubectl.js';

// `kubectl describe pod` builds its page from the Pod and its events; every section it prints
// must agree with the JSON of the same pod at the same resourceVersion.

let sim: TestSim;

type Block = {fields: Record<string, string>; nested: Record<string, Record<string, string>>};

/** The page's top-level lines ("Key:  value") and its indented sections, by heading. */
function parseDescribe(text: string) {
	const top: Record<string, string> = {};
	const sections: Record<string, string[]> = {};
	let current: string | undefined;
	for (const line of text.split('\n')) {
		if (line === '') continue;
		const heading = /^([A-Z][A-Za-z -]*):(?:\s+(.*))?$/.exec(line);
		if (heading && !line.startsWith(' ')) {
			current = heading[1]!;
			top[current] = (heading[2] ?? '').trim();
			sections[current] = [];
			continue;
		}
		if (current) sections[current]!.push(line);
	}
	return {top, sections};
}

/** "  name:" blocks with their "    Key:  value" fields, and "      Key: value" under State/Last State. */
function parseContainers(lines: string[] = []): Map<string, Block> {
	const blocks = new Map<string, Block>();
	let block: Block | undefined;
	let parent: string | undefined;
	for (const line of lines) {
		const name = /^ {2}(\S+):$/.exec(line);
		if (name) {
			block = {fields: {}, nested: {}};
			blocks.set(name[1]!, block);
			continue;
		}
		const field = /^ {4}([A-Z][A-Za-z -]*):\s*(.*)$/.exec(line);
		if (field && block) {
			parent = field[1]!;
			block.fields[parent] = field[2]!.trim();
			continue;
		}
		const sub = /^ {6}([A-Za-z][\w ./-]*):\s*(.*)$/.exec(line);
		if (sub && block && parent) {
			block.nested[parent] ??= {};
			block.nested[parent]![sub[1]!] = sub[2]!.trim();
		}
	}
	return blocks;
}

const stateName = (status: ContainerStatus['state']) =>
	status?.running ? 'Running' : status?.terminated ? 'Terminated' : status?.waiting ? 'Waiting' : undefined;

/** describe plus the pod and its events, from one unchanged resourceVersion of the pod. */
async function described(name: string) {
	return eventually(
		async () => {
			const get = async () => JSON.parse((await kubectl(sim, ['get', 'pod', name, '-o', 'json'])).stdout) as Pod;
			const before = await get();
			const page = await kubectl(sim, ['describe', 'pod', name]);
			const events = JSON.parse((await kubectl(sim, ['get', 'events', '--field-selector', `involvedObject.name=${name}`, '-o', 'json'])).stdout) as {
				items: KubeEvent[];
			};
			const after = await get();
			if (before.metadata.resourceVersion !== after.metadata.resourceVersion) return undefined;
			expect(page).toMatchObject({code: 0, stderr: ''});
			return {pod: after, text: page.stdout, events: events.items};
		},
		20_000,
		50,
	);
}

function checkAgainstJson(text: string, pod: Pod, events: KubeEvent[]) {
	const {top, sections} = parseDescribe(text);
	expect(top.Name).toBe(pod.metadata.name);
	expect(top.Namespace).toBe('default');
	expect(top.Priority).toBe('0');
	expect(top['Service Account']).toBe('default');
	expect(top.Node).toBe(`${pod.spec.nodeName}/${pod.status!.hostIP}`);
	expect(top.Status).toBe(pod.status!.phase);
	expect(top.IP).toBe(pod.status!.podIP);
	expect(top['QoS Class']).toBe(pod.status!.qosClass);
	const labels = Object.entries(pod.metadata.labels ?? {}).map(([key, value]) => `${key}=${value}`);
	expect([top.Labels, ...(sections.Labels ?? []).map(line => line.trim())]).toEqual(labels);

	const checkContainers = (heading: string, specs: Pod['spec']['containers'], statuses: ContainerStatus[]) => {
		const blocks = parseContainers(sections[heading]);
		expect([...blocks.keys()]).toEqual(specs.map(container => container.name));
		for (const spec of specs) {
			const block = blocks.get(spec.name)!;
			const status = statuses.find(entry => entry.name === spec.name);
			expect(block.fields.Image).toBe(spec.image);
			expect(block.fields['Container ID']).toBe(status?.containerID ?? '');
			expect(block.fields['Image ID']).toBe(status?.imageID ?? '');
			expect(block.fields.State).toBe(stateName(status?.state) ?? 'Waiting');
			expect(block.fields.Ready).toBe(status?.ready ? 'True' : 'False');
			expect(block.fields['Restart Count']).toBe(String(status?.restartCount ?? 0));
			const waiting = status?.state?.waiting;
			if (waiting?.reason) expect(block.nested.State?.Reason).toBe(waiting.reason);
			const terminated = status?.state?.terminated;
			if (terminated) {
				expect(block.nested.State).toMatchObject({Reason: terminated.reason, 'Exit Code': String(terminated.exitCode)});
			}
			const last = status?.lastState?.terminated;
			if (last) {
				expect(block.fields['Last State']).toBe('Terminated');
				expect(block.nested['Last State']).toMatchObject({Reason: last.reason, 'Exit Code': String(last.exitCode)});
			} else {
				expect(block.fields['Last State']).toBeUndefined();
			}
			for (const kind of ['limits', 'requests'] as const) {
				const heading = kind === 'limits' ? 'Limits' : 'Requests';
				expect(block.nested[heading] ?? {}).toEqual(spec.resources?.[kind] ?? {});
			}
		}
	};
	if ((pod.spec.initContainers ?? []).length > 0) checkContainers('Init Containers', pod.spec.initContainers!, pod.status!.initContainerStatuses ?? []);
	else expect(sections['Init Containers']).toBeUndefined();
	checkContainers('Containers', pod.spec.containers, pod.status!.containerStatuses ?? []);

	const conditions = parseTable((sections.Conditions ?? []).join('\n'));
	expect(conditions.map(row => [row.Type, row.Status])).toEqual(pod.status!.conditions!.map(condition => [condition.type, condition.status]));

	const volumes = (sections.Volumes ?? []).filter(line => /^ {2}\S+:$/.test(line)).map(line => line.trim().slice(0, -1));
	expect(volumes).toEqual((pod.spec.volumes ?? []).map(volume => volume.name));

	const rows = parseTable((sections.Events ?? []).join('\n')).filter(row => row.Type !== '----');
	expect(rows.length).toBe(events.length);
	const fromEvents = events.map(event => `${event.type} ${event.reason} ${event.source?.component || event.reportingComponent} ${event.message}`).sort();
	expect(rows.map(row => `${row.Type} ${row.Reason} ${row.From} ${row.Message}`).sort()).toEqual(fromEvents);
	// Each row is one event; rows can share a reason and message (kubelet 1.35's "Container
	// created" does not name the container), so each takes an event its Age fits.
	const ageFits = (cell: string, count: number) => (count > 1 ? new RegExp(`^\\S+ \\(x${count} over \\S+\\)$`) : /^\d+s$/).test(cell);
	const unmatched = [...events];
	for (const row of rows) {
		const index = unmatched.findIndex(entry => entry.reason === row.Reason && entry.message === row.Message && ageFits(row.Age!, entry.count ?? 1));
		expect(index, `an event for the row ${JSON.stringify(row)}`).toBeGreaterThanOrEqual(0);
		unmatched.splice(index, 1);
	}
	return {top, sections, events: rows};
}

conformance('kubectl describe pod', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['multi-init-pod', 'oom-sidecar', 'native-sidecar', 'best-practice', 'web-with-git-sync'], speed: 10});
		// Crash loops old enough to have folded events and a last state.
		await eventually(() => {
			const oom = sim.cluster.pods.get('default', 'oom-sidecar');
			const init = sim.cluster.pods.get('default', 'multi-init-pod');
			return (
				(oom?.status?.containerStatuses?.find(status => status.name === 'log-collector')?.restartCount ?? 0) >= 2 &&
				(init?.status?.initContainerStatuses?.[0]?.restartCount ?? 0) >= 2
			);
		}, 30_000);
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('describes an init crash loop: Init Containers, the waiting app, conditions, back-off events', async () => {
		const {pod, text, events} = await described('multi-init-pod');
		const {top, sections, events: rows} = checkAgainstJson(text, pod, events);
		expect(top.Status).toBe('Pending');
		const init = parseContainers(sections['Init Containers']);
		expect(init.get('download-config')!.fields['Last State']).toBe('Terminated');
		expect(init.get('download-config')!.nested['Last State']).toMatchObject({Reason: 'Error', 'Exit Code': '6'});
		expect(init.get('validate-config')!.nested.State).toEqual({Reason: 'PodInitializing'});
		expect(parseContainers(sections.Containers).get('application')!.nested.State).toEqual({Reason: 'PodInitializing'});
		const conditions = Object.fromEntries(parseTable(sections.Conditions!.join('\n')).map(row => [row.Type, row.Status]));
		expect(conditions).toEqual({PodReadyToStartContainers: 'True', Initialized: 'False', Ready: 'False', ContainersReady: 'False', PodScheduled: 'True'});
		const volumes = sections.Volumes!.join('\n');
		expect(volumes).toContain("Type:       EmptyDir (a temporary directory that shares a pod's lifetime)");
		expect(volumes).toMatch(/Type:\s+Projected \(a volume that contains injected data from multiple sources\)/);
		expect(rows.map(row => row.Reason)).toEqual(expect.arrayContaining(['Scheduled', 'Pulling', 'Pulled', 'Created', 'Started', 'BackOff']));
		expect(rows.find(row => row.Reason === 'Scheduled')!.From).toBe('default-scheduler');
		expect(rows.find(row => row.Reason === 'BackOff')).toMatchObject({Type: 'Warning', From: 'kubelet'});
		expect(rows.find(row => row.Reason === 'BackOff')!.Message).toBe(
			`Back-off restarting failed container download-config in pod multi-init-pod_default(${pod.metadata.uid})`,
		);
	});

	it('describes an OOM-killed sidecar with its limits and the OOMKilled last state', async () => {
		const {pod, text, events} = await described('oom-sidecar');
		const {sections} = checkAgainstJson(text, pod, events);
		const collector = parseContainers(sections.Containers).get('log-collector')!;
		expect(collector.nested['Last State']).toMatchObject({Reason: 'OOMKilled', 'Exit Code': '137'});
		expect(collector.nested.Limits).toEqual({cpu: '50m', memory: '64Mi'});
		expect(collector.nested.Requests).toEqual({cpu: '20m', memory: '32Mi'});
		expect(parseDescribe(text).top['QoS Class']).toBe('Burstable');
	});

	it('describes a native sidecar and its startup probe', async () => {
		const {pod, text, events} = await described('native-sidecar');
		const {sections} = checkAgainstJson(text, pod, events);
		const envoy = parseContainers(sections['Init Containers']).get('envoy')!;
		expect(envoy.fields.State).toBe('Running');
		expect(envoy.fields.Startup).toMatch(/^http-get http:\/\/:9901\/ready delay=0s timeout=1s period=\d+s #success=1 #failure=\d+$/);
	});

	it('describes healthy pods the same way', async () => {
		for (const name of ['best-practice', 'web-with-git-sync']) {
			const {pod, text, events} = await described(name);
			const {top} = checkAgainstJson(text, pod, events);
			expect(top.Status).toBe('Running');
		}
	});

	it('lists the same events through kubectl get events, in the order they happened', async () => {
		const result = await kubectl(sim, ['get', 'events', '--field-selector', 'involvedObject.name=native-sidecar']);
		expect(result).toMatchObject({code: 0, stderr: ''});
		const rows = parseTable(result.stdout);
		expect(Object.keys(rows[0]!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
		// envoy's startup probe fails twice before it passes: one Unhealthy event, counted twice
		// (the prober records each failure, prober.go), before the app starts.
		expect(rows.map(row => row.REASON)).toEqual(['Scheduled', 'Pulled', 'Created', 'Started', 'Unhealthy', 'Pulling', 'Pulled', 'Created', 'Started']);
		expect(rows.every(row => row.OBJECT === 'pod/native-sidecar' && /^\d+s$/.test(row['LAST SEEN']!))).toBe(true);

		const wide = parseTable(
			(await kubectl(sim, ['get', 'events', '-o', 'wide', '--field-selector', 'involvedObject.name=multi-init-pod,reason=BackOff'])).stdout,
		);
		expect(Object.keys(wide[0]!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
		expect(wide).toHaveLength(1);
		expect(wide[0]).toMatchObject({SUBOBJECT: 'spec.initContainers{download-config}', SOURCE: 'kubelet, sim-node-1', TYPE: 'Warning'});
		expect(Number(wide[0]!.COUNT)).toBeGreaterThanOrEqual(1);
		expect(wide[0]!.NAME).toMatch(/^multi-init-pod\.[0-9a-f]+$/);
		const scheduled = parseTable(
			(await kubectl(sim, ['get', 'events', '-o', 'wide', '--field-selector', 'reason=Scheduled,involvedObject.name=oom-sidecar'])).stdout,
		);
		expect(scheduled[0]).toMatchObject({SOURCE: 'default-scheduler, default-scheduler-sim-node-1', COUNT: '1'});
		const bySource = parseTable((await kubectl(sim, ['get', 'events', '--field-selector', 'source=default-scheduler'])).stdout);
		expect(bySource.map(row => row.REASON)).toEqual(Array(5).fill('Scheduled'));
		const all = parseTable((await kubectl(sim, ['get', 'events', '-A'])).stdout);
		expect(Object.keys(all[0]!)[0]).toBe('NAMESPACE');
	});
});
