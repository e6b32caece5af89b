import {afterAll, beforeAll, expect, it} from 'vitest';
import {stringify} from 'yaml';
import type {Pod} from '../../source/model/k8s.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {byName, conformance, kubectl, parseTable} from './kubectl.js';

// The admin's writes: kubectl run and create, graceful delete (Terminating, then gone),
// label and annotate (merge patches), kubectl patch in all three formats, server-side apply,
// replace, dry runs, and the apiserver's validation and immutability errors.

let sim: TestSim;

const getPod = async (name: string) => JSON.parse((await kubectl(sim, ['get', 'pod', name, '-o', 'json'])).stdout) as Pod;

conformance('kubectl writes', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['crashloop', 'web-with-logging']});
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('creates a pod with kubectl run and shows it starting, then running', async () => {
		expect(await kubectl(sim, ['run', 'hello', '--image=nginx:1.25', '--labels=app=hello,tier=web'])).toEqual({
			code: 0,
			stdout: 'pod/hello created\n',
			stderr: '',
		});
		const pod = await getPod('hello');
		// 1.35 counts a Pod's spec changes from 1 (pkg/registry/core/pod/strategy.go PrepareForCreate).
		expect(pod.metadata).toMatchObject({name: 'hello', namespace: 'default', labels: {app: 'hello', tier: 'web'}, generation: 1});
		expect(pod.spec.containers).toHaveLength(1);
		expect(pod.spec.containers[0]).toMatchObject({name: 'hello', image: 'nginx:1.25', imagePullPolicy: 'IfNotPresent', terminationMessagePolicy: 'File'});
		// Defaulted and admitted like any pod: a service-account token volume and mount.
		expect(pod.spec.volumes?.[0]?.name).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
		expect(pod.spec.serviceAccountName).toBe('default');
		await eventually(async () => byName(parseTable((await kubectl(sim, ['get', 'pods'])).stdout)).get('hello')?.STATUS === 'Running');
		const events = parseTable((await kubectl(sim, ['get', 'events', '--field-selector', 'involvedObject.name=hello'])).stdout);
		expect(events.map(row => row.REASON)).toEqual(['Scheduled', 'Pulled', 'Created', 'Started']);
	});

	it('refuses a duplicate, an invalid pod and a missing namespace with the apiserver errors', async () => {
		expect(await kubectl(sim, ['run', 'hello', '--image=nginx'])).toEqual({
			code: 1,
			stdout: '',
			stderr: 'Error from server (AlreadyExists): pods "hello" already exists\n',
		});
		expect(await kubectl(sim, ['run', 'x', '--image=nginx', '-n', 'nope'])).toEqual({
			code: 1,
			stdout: '',
			stderr: 'Error from server (NotFound): namespaces "nope" not found\n',
		});
		const invalid = await kubectl(sim, ['create', '-f', '-'], {
			input: stringify({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'broken'}, spec: {containers: [{name: 'Main'}], restartPolicy: 'Sometimes'}}),
		});
		expect(invalid.code).toBe(1);
		expect(invalid.stderr).toBe(
			[
				'The Pod "broken" is invalid: ',
				`* spec.containers[0].name: Invalid value: "Main": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
				'* spec.containers[0].image: Required value',
				'* spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
				'',
			].join('\n'),
		);
		const single = await kubectl(sim, ['create', '-f', '-'], {
			input: stringify({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'noimage'}, spec: {containers: [{name: 'main'}]}}),
		});
		expect(single.stderr).toBe('The Pod "noimage" is invalid: spec.containers[0].image: Required value\n');
	});

	it('validates fields on the server: Strict refuses unknown ones, Warn drops them with a warning', async () => {
		const manifest = stringify({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'typo'},
			spec: {containers: [{name: 'main', image: 'nginx', imagePulPolicy: 'Always'}], bogus: 1},
		});
		// kubectl sends the YAML as JSON with sorted keys; the decoder reports in document order.
		const strict = await kubectl(sim, ['create', '-f', '-'], {input: manifest});
		expect(strict).toEqual({
			code: 1,
			stdout: '',
			stderr:
				'Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.bogus", unknown field "spec.containers[0].imagePulPolicy"\n',
		});
		const warned = await kubectl(sim, ['create', '-f', '-', '--validate=warn'], {input: manifest});
		expect(warned).toEqual({
			code: 0,
			stdout: 'pod/typo created\n',
			stderr: 'Warning: unknown field "spec.bogus"\nWarning: unknown field "spec.containers[0].imagePulPolicy"\n',
		});
		const stored = await getPod('typo');
		expect(stored.spec.containers[0]).not.toHaveProperty('imagePulPolicy');
		expect(stored.spec).not.toHaveProperty('bogus');
	});

	it('validates a server dry run without creating anything', async () => {
		const result = await kubectl(sim, ['run', 'dry', '--image=busybox', '--dry-run=server', '-o', 'json']);
		expect(result.code).toBe(0);
		const pod = JSON.parse(result.stdout) as Pod;
		expect(pod.metadata.name).toBe('dry');
		expect(pod.spec.containers[0]!.imagePullPolicy).toBe('Always');
		expect((await kubectl(sim, ['get', 'pod', 'dry'])).stderr).toBe('Error from server (NotFound): pods "dry" not found\n');
	});

	it('deletes gracefully: Terminating with a deletionTimestamp for the preStop hook, then gone', async () => {
		const manifest = {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'slow-stop'},
			spec: {containers: [{name: 'main', image: 'nginx:1.25', lifecycle: {preStop: {exec: {command: ['sh', '-c', 'sleep 3']}}}}]},
		};
		expect((await kubectl(sim, ['create', '-f', '-'], {input: stringify(manifest)})).stdout).toBe('pod/slow-stop created\n');
		await eventually(async () => (await getPod('slow-stop')).status?.phase === 'Running');
		expect(await kubectl(sim, ['delete', 'pod', 'slow-stop', '--wait=false'])).toEqual({code: 0, stdout: 'pod "slow-stop" deleted\n', stderr: ''});
		const row = byName(parseTable((await kubectl(sim, ['get', 'pods'])).stdout)).get('slow-stop')!;
		expect(row.STATUS).toBe('Terminating');
		const terminating = await getPod('slow-stop');
		expect(terminating.metadata.deletionTimestamp).toBeDefined();
		expect(terminating.metadata.deletionGracePeriodSeconds).toBe(30);
		// The first graceful delete is a new generation (BeforeDelete, apiserver pkg/registry/rest/delete.go).
		expect(terminating.metadata.generation).toBe(2);
		// kubectl delete waits (watching) until the object is gone.
		const started = Date.now();
		expect(await kubectl(sim, ['delete', 'pod', 'slow-stop'], {timeout: 20_000})).toMatchObject({code: 0, stdout: 'pod "slow-stop" deleted\n'});
		expect(Date.now() - started).toBeLessThan(10_000);
		expect((await kubectl(sim, ['get', 'pod', 'slow-stop'])).stderr).toBe('Error from server (NotFound): pods "slow-stop" not found\n');
		const events = parseTable((await kubectl(sim, ['get', 'events', '--field-selector', 'involvedObject.name=slow-stop'])).stdout);
		expect(events.map(row => row.REASON)).toContain('Killing');
	});

	it('force-deletes at once with --grace-period=0 --force', async () => {
		await kubectl(sim, ['run', 'doomed', '--image=nginx:1.25']);
		const result = await kubectl(sim, ['delete', 'pod', 'doomed', '--grace-period=0', '--force']);
		expect(result).toEqual({
			code: 0,
			stdout: 'pod "doomed" force deleted\n',
			stderr:
				'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n',
		});
		expect(sim.cluster.pods.get('default', 'doomed')).toBeUndefined();
	});

	it('labels and annotates with merge patches, with --overwrite and removal', async () => {
		expect(await kubectl(sim, ['label', 'pod', 'crashloop', 'tier=backend'])).toEqual({code: 0, stdout: 'pod/crashloop labeled\n', stderr: ''});
		expect((await kubectl(sim, ['label', 'pod', 'crashloop', 'tier=frontend'])).stderr).toBe(
			"error: 'tier' already has a value (backend), and --overwrite is false\n",
		);
		expect((await kubectl(sim, ['label', 'pod', 'crashloop', 'tier=frontend', '--overwrite'])).stdout).toBe('pod/crashloop labeled\n');
		expect((await kubectl(sim, ['annotate', 'pod', 'crashloop', 'team=payments', 'note=on call'])).stdout).toBe('pod/crashloop annotated\n');
		let pod = await getPod('crashloop');
		expect(pod.metadata.labels).toEqual({app: 'payments', tier: 'frontend'});
		expect(pod.metadata.annotations).toEqual({team: 'payments', note: 'on call'});
		expect(sim.server.requests.filter(request => request.verb === 'patch').length).toBeGreaterThanOrEqual(3);
		expect((await kubectl(sim, ['label', 'pod', 'crashloop', 'tier-'])).stdout).toBe('pod/crashloop unlabeled\n');
		expect((await kubectl(sim, ['annotate', 'pod', 'crashloop', 'note-'])).stdout).toBe('pod/crashloop annotated\n');
		pod = await getPod('crashloop');
		expect(pod.metadata.labels).toEqual({app: 'payments'});
		expect(pod.metadata.annotations).toEqual({team: 'payments'});
		// Labels drive selectors at once.
		await kubectl(sim, ['label', 'pod', 'web-with-logging', 'tier=edge']);
		expect(parseTable((await kubectl(sim, ['get', 'pods', '-l', 'tier=edge'])).stdout).map(row => row.NAME)).toEqual(['web-with-logging']);
		expect(parseTable((await kubectl(sim, ['get', 'pods', '-L', 'tier'])).stdout).find(row => row.NAME === 'web-with-logging')!.TIER).toBe('edge');
	});

	it("rejects an invalid label value with the apiserver's validation message", async () => {
		const result = await kubectl(sim, ['patch', 'pod', 'crashloop', '--type=merge', '-p', '{"metadata":{"labels":{"bad":"-nope-"}}}']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			`The Pod "crashloop" is invalid: metadata.labels: Invalid value: "-nope-": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')\n`,
		);
	});

	it('patches with strategic merge, JSON merge and JSON patch', async () => {
		expect((await kubectl(sim, ['patch', 'pod', 'web-with-logging', '-p', '{"metadata":{"labels":{"s":"1"}}}'])).stdout).toBe('pod/web-with-logging patched\n');
		expect((await kubectl(sim, ['patch', 'pod', 'web-with-logging', '--type=merge', '-p', '{"metadata":{"labels":{"m":"2"}}}'])).stdout).toBe(
			'pod/web-with-logging patched\n',
		);
		expect(
			(
				await kubectl(sim, [
					'patch',
					'pod',
					'web-with-logging',
					'--type=json',
					'-p',
					'[{"op":"add","path":"/metadata/labels/j","value":"3"},{"op":"remove","path":"/metadata/labels/s"}]',
				])
			).stdout,
		).toBe('pod/web-with-logging patched\n');
		expect((await getPod('web-with-logging')).metadata.labels).toMatchObject({m: '2', j: '3'});
		expect((await getPod('web-with-logging')).metadata.labels?.s).toBeUndefined();
		// Metadata is not the spec: still the first generation.
		expect((await getPod('web-with-logging')).metadata.generation).toBe(1);
		// Nothing to change is no write, and kubectl says so.
		const before = (await getPod('web-with-logging')).metadata.resourceVersion;
		expect((await kubectl(sim, ['patch', 'pod', 'web-with-logging', '--type=merge', '-p', '{"metadata":{"labels":{"m":"2"}}}'])).stdout).toBe(
			'pod/web-with-logging patched (no change)\n',
		);
		expect((await getPod('web-with-logging')).metadata.resourceVersion).toBe(before);
		// An image is one of the few things a pod lets change.
		expect((await kubectl(sim, ['patch', 'pod', 'web-with-logging', '-p', '{"spec":{"containers":[{"name":"web-app","image":"nginx:1.26"}]}}'])).code).toBe(0);
		const images = (await getPod('web-with-logging')).spec.containers.map(container => container.image);
		expect(images).toEqual(['nginx:1.26', 'fluent/fluentd:v1.16']);
		// A spec change is (updatePodGeneration, pkg/registry/core/pod/strategy.go), and the
		// kubelet reports it saw it.
		expect((await getPod('web-with-logging')).metadata.generation).toBe(2);
		await eventually(async () => (await getPod('web-with-logging')).status?.observedGeneration === 2);
		expect((await getPod('web-with-logging')).status!.conditions!.every(condition => condition.observedGeneration === 2)).toBe(true);
		const failing = await kubectl(sim, ['patch', 'pod', 'web-with-logging', '--type=json', '-p', '[{"op":"test","path":"/metadata/name","value":"other"}]']);
		// A 422 with no causes (kube-apiserver 1.35 drops json-patch's own text): kubectl prints
		// the generic message, as it does against the real node (test/cluster/status.test.ts).
		expect(failing).toEqual({code: 1, stdout: '', stderr: 'The request is invalid: the server rejected our request due to an error in our request\n'});
	});

	it("refuses a spec change a pod does not allow, with ValidatePodUpdate's message", async () => {
		const result = await kubectl(sim, ['patch', 'pod', 'crashloop', '-p', '{"spec":{"restartPolicy":"Never"}}']);
		expect(result.code).toBe(1);
		expect(result.stderr).toBe(
			'The Pod "crashloop" is invalid: spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n',
		);
		expect((await getPod('crashloop')).spec.restartPolicy).toBe('Always');
	});

	it('replaces with a stale resourceVersion as a Conflict', async () => {
		const pod = await getPod('crashloop');
		await kubectl(sim, ['label', 'pod', 'crashloop', 'bump=1']);
		const stale = {...pod, metadata: {...pod.metadata, labels: {...pod.metadata.labels, stale: 'yes'}}};
		const result = await kubectl(sim, ['replace', '-f', '-'], {input: JSON.stringify(stale)});
		expect(result).toEqual({
			code: 1,
			stdout: '',
			stderr:
				'Error from server (Conflict): error when replacing "STDIN": Operation cannot be fulfilled on pods "crashloop": the object has been modified; please apply your changes to the latest version and try again\n',
		});
		// The latest version, as the error says; a crash-looping pod may move on between the get
		// and the replace (its status is written at every restart), so try again as one would.
		let replaced: Awaited<ReturnType<typeof kubectl>> | undefined;
		for (let attempt = 0; attempt < 5; attempt++) {
			const fresh = await getPod('crashloop');
			const updated = {...fresh, metadata: {...fresh.metadata, labels: {...fresh.metadata.labels, replaced: 'yes'}}};
			replaced = await kubectl(sim, ['replace', '-f', '-'], {input: JSON.stringify(updated)});
			if (!replaced.stderr.includes('(Conflict)')) break;
		}
		expect(replaced!.stdout).toBe('pod/crashloop replaced\n');
		expect((await getPod('crashloop')).metadata.labels?.replaced).toBe('yes');
	});

	it('applies server-side: creates, then updates what it owns', async () => {
		const manifest = (labels: Record<string, string>) =>
			stringify({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'applied', labels}, spec: {containers: [{name: 'main', image: 'nginx:1.25'}]}});
		expect(await kubectl(sim, ['apply', '--server-side', '-f', '-'], {input: manifest({app: 'applied'})})).toEqual({
			code: 0,
			stdout: 'pod/applied serverside-applied\n',
			stderr: '',
		});
		expect((await kubectl(sim, ['apply', '--server-side', '-f', '-'], {input: manifest({app: 'applied', version: 'v2'})})).stdout).toBe(
			'pod/applied serverside-applied\n',
		);
		expect((await getPod('applied')).metadata.labels).toEqual({app: 'applied', version: 'v2'});
		expect(sim.server.requests.some(request => request.verb === 'patch' && request.path.includes('fieldManager=kubectl'))).toBe(true);
	});
});
