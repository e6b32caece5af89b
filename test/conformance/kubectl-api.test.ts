import {request as httpsRequest} from 'node:https';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {parse as parseYaml} from 'yaml';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, parseTable} from './kubectl.js';
import {notFoundStatus} from '../fixtures/status.js';

// The cluster-level reads kubectl makes (namespaces, nodes, discovery, version, raw paths)
// and the wire details under them: content negotiation, Status bodies, chunking tokens.

let sim: TestSim;

type Credentials = {ca: string; cert: string; key: string};

function credentials(): Credentials {
	const config = parseYaml(sim.kubeconfig) as {clusters: Array<{cluster: Record<string, string>}>; users: Array<{name: string; user: Record<string, string>}>};
	const admin = config.users.find(user => user.name === 'podscope-sim-admin')!.user;
	const decode = (value: string) => Buffer.from(value, 'base64').toString();
	return {
		ca: decode(config.clusters[0]!.cluster['certificate-authority-data']!),
		cert: decode(admin['client-certificate-data']!),
		key: decode(admin['client-key-data']!),
	};
}

type Raw = {status: number; headers: Record<string, string | string[] | undefined>; body: string};

/** One HTTPS request as the admin, or anonymous (no client certificate). */
function raw(path: string, options: {headers?: Record<string, string>; method?: string; body?: string; anonymous?: boolean} = {}): Promise<Raw> {
	const {ca, cert, key} = credentials();
	return new Promise((resolve, reject) => {
		const request = httpsRequest(
			{host: '127.0.0.1', port: sim.port, path, method: options.method ?? 'GET', ca, ...(options.anonymous ? {} : {cert, key}), headers: options.headers},
			response => {
				let body = '';
				response.on('data', chunk => (body += String(chunk)));
				response.on('end', () => resolve({status: response.statusCode ?? 0, headers: response.headers, body}));
			},
		);
		request.on('error', reject);
		request.end(options.body);
	});
}

conformance('kubectl cluster reads and the wire format', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: ['crashloop', 'web-with-logging', 'pod-with-init', 'native-sidecar', 'best-practice']});
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('lists namespaces and nodes as a k3s cluster shows them', async () => {
		const namespaces = parseTable((await kubectl(sim, ['get', 'ns'])).stdout);
		expect(namespaces.map(row => [row.NAME, row.STATUS])).toEqual([
			['default', 'Active'],
			['kube-node-lease', 'Active'],
			['kube-public', 'Active'],
			['kube-system', 'Active'],
		]);
		const nodes = parseTable((await kubectl(sim, ['get', 'nodes'])).stdout);
		expect(nodes).toEqual([{NAME: 'sim-node-1', STATUS: 'Ready', ROLES: 'control-plane', AGE: '60m', VERSION: 'v1.35.4+k3s1'}]);
		const wide = parseTable((await kubectl(sim, ['get', 'nodes', '-o', 'wide'])).stdout)[0]!;
		expect(wide).toMatchObject({'INTERNAL-IP': '172.18.0.2', 'EXTERNAL-IP': '<none>', 'CONTAINER-RUNTIME': 'containerd://2.2.3-k3s1'});
		const node = JSON.parse((await kubectl(sim, ['get', 'node', 'sim-node-1', '-o', 'json'])).stdout) as {status: {nodeInfo: Record<string, string>}};
		expect(wide['OS-IMAGE']).toBe(node.status.nodeInfo.osImage || '<unknown>');
		expect(wide['KERNEL-VERSION']).toBe(node.status.nodeInfo.kernelVersion || '<unknown>');
		const onNode = parseTable((await kubectl(sim, ['get', 'pods', '--field-selector', 'spec.nodeName=sim-node-1'])).stdout);
		expect(onNode.length).toBe(5);
	});

	it('creates and deletes a namespace (kubectl sends protobuf for it) with its pods', async () => {
		expect(await kubectl(sim, ['create', 'namespace', 'team-a'])).toEqual({code: 0, stdout: 'namespace/team-a created\n', stderr: ''});
		expect((await kubectl(sim, ['get', 'ns', 'team-a', '--show-labels'])).stdout).toContain('kubernetes.io/metadata.name=team-a');
		expect((await kubectl(sim, ['create', 'namespace', 'team-a'])).stderr).toBe('Error from server (AlreadyExists): namespaces "team-a" already exists\n');
		// A preStop hook keeps the pod, and so the namespace, Terminating for a while.
		const worker = {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'worker', namespace: 'team-a'},
			spec: {containers: [{name: 'main', image: 'nginx:1.25', lifecycle: {preStop: {exec: {command: ['sleep', '3']}}}}]},
		};
		expect((await kubectl(sim, ['create', '-f', '-'], {input: JSON.stringify(worker)})).code).toBe(0);
		await eventually(() => sim.cluster.pods.get('team-a', 'worker')?.status?.phase === 'Running');
		expect((await kubectl(sim, ['delete', 'namespace', 'default'])).stderr).toBe(
			'Error from server (Forbidden): namespaces "default" is forbidden: this namespace may not be deleted\n',
		);
		expect(await kubectl(sim, ['delete', 'namespace', 'team-a', '--wait=false'])).toEqual({code: 0, stdout: 'namespace "team-a" deleted\n', stderr: ''});
		expect(parseTable((await kubectl(sim, ['get', 'ns', 'team-a'])).stdout)[0]?.STATUS).toBe('Terminating');
		expect((await kubectl(sim, ['run', 'late', '-n', 'team-a', '--image=nginx'])).stderr).toBe(
			'Error from server (Forbidden): pods "late" is forbidden: unable to create new content in namespace team-a because it is being terminated\n',
		);
		const deleted = await kubectl(sim, ['delete', 'namespace', 'team-a'], {timeout: 20_000});
		expect(deleted.stderr).toBe('');
		expect(deleted.code).toBe(0);
		expect((await kubectl(sim, ['get', 'ns', 'team-a'])).stderr).toBe('Error from server (NotFound): namespaces "team-a" not found\n');
		expect(sim.cluster.pods.list().filter(pod => pod.metadata.namespace === 'team-a')).toEqual([]);
	});

	it('cordons a node (a strategic merge patch on its spec) and shows SchedulingDisabled', async () => {
		expect((await kubectl(sim, ['cordon', 'sim-node-1'])).stdout).toBe('node/sim-node-1 cordoned\n');
		expect(parseTable((await kubectl(sim, ['get', 'nodes'])).stdout)[0]!.STATUS).toBe('Ready,SchedulingDisabled');
		expect((await kubectl(sim, ['uncordon', 'sim-node-1'])).stdout).toBe('node/sim-node-1 uncordoned\n');
		expect(parseTable((await kubectl(sim, ['get', 'nodes'])).stdout)[0]!.STATUS).toBe('Ready');
	});

	it('serves discovery for api-resources and api-versions, aggregated like a 1.35 apiserver', async () => {
		const before = sim.server.requests.length;
		const listed = await kubectl(sim, ['api-resources', '-v=8']);
		const resources = parseTable(listed.stdout);
		const core = resources.filter(row => row.APIVERSION === 'v1').map(row => [row.NAME, row.SHORTNAMES, row.NAMESPACED, row.KIND]);
		expect(core).toEqual([
			['configmaps', 'cm', 'true', 'ConfigMap'],
			['events', 'ev', 'true', 'Event'],
			['namespaces', 'ns', 'false', 'Namespace'],
			['nodes', 'no', 'false', 'Node'],
			['pods', 'po', 'true', 'Pod'],
			['secrets', '', 'true', 'Secret'],
		]);
		expect(resources.map(row => row.APIVERSION)).toEqual(expect.arrayContaining(['authorization.k8s.io/v1', 'authentication.k8s.io/v1']));
		const paths = sim.server.requests.slice(before).map(request => request.path.split('?')[0]);
		expect(paths).toContain('/api');
		expect(paths).toContain('/apis');
		// kubectl 1.30 and later take aggregated discovery v2: two documents, no per-group-version
		// round trips. kubectl 1.27 to 1.29 ask only for v2beta1, which a 1.35 apiserver no longer
		// serves (AggregatedDiscoveryRemoveBetaType): they read the legacy documents.
		expect(listed.stderr).toMatch(/Accept: application\/json;g=apidiscovery\.k8s\.io;v=v2/);
		if (/Accept: application\/json;g=apidiscovery\.k8s\.io;v=v2;/.test(listed.stderr)) expect(paths).not.toContain('/api/v1');
		else expect(paths).toEqual(expect.arrayContaining(['/api/v1', '/apis/authorization.k8s.io/v1', '/apis/authentication.k8s.io/v1']));
		const versions = (await kubectl(sim, ['api-versions'])).stdout.trim().split('\n');
		expect(versions).toEqual(expect.arrayContaining(['v1', 'authorization.k8s.io/v1', 'authentication.k8s.io/v1']));
		const aggregated = await raw('/api', {headers: {Accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json'}});
		expect(aggregated.headers['content-type']).toBe('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList');
		const list = JSON.parse(aggregated.body) as {
			kind: string;
			items: Array<{
				versions: Array<{
					version: string;
					resources: Array<{resource: string; subresources?: Array<{subresource: string; responseKind: Record<string, string>}>}>;
				}>;
			}>;
		};
		expect(list.kind).toBe('APIGroupDiscoveryList');
		const pods = list.items[0]!.versions[0]!.resources.find(resource => resource.resource === 'pods')!;
		expect(pods.subresources!.map(sub => sub.subresource)).toEqual(['attach', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'status']);
		// The Eviction API answers in policy/v1's kind.
		expect(pods.subresources!.find(sub => sub.subresource === 'eviction')?.responseKind).toEqual({group: 'policy', version: 'v1', kind: 'Eviction'});
		const legacy = JSON.parse((await raw('/api', {headers: {Accept: 'application/json'}})).body) as {kind: string; versions: string[]};
		expect(legacy).toMatchObject({kind: 'APIVersions', versions: ['v1']});
		// 1.35 no longer serves v2beta1 (AggregatedDiscoveryRemoveBetaType is locked on): a client
		// that asks for it first (kubectl 1.27 to 1.29) gets v2 if it takes it too, else the legacy document.
		const beta = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
		const betaOnly = await raw('/apis', {headers: {Accept: `${beta},application/json`}});
		expect(betaOnly.headers['content-type']).toBe('application/json');
		expect((JSON.parse(betaOnly.body) as {kind: string}).kind).toBe('APIGroupList');
		const betaThenV2 = await raw('/api', {headers: {Accept: `${beta},application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList`}});
		expect(JSON.parse(betaThenV2.body)).toMatchObject({kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2'});
	});

	it('reports its version', async () => {
		const result = await kubectl(sim, ['version', '-o', 'json']);
		const parsed = JSON.parse(result.stdout) as {serverVersion: Record<string, string>};
		expect(parsed.serverVersion).toMatchObject({major: '1', minor: '35', gitVersion: 'v1.35.4+podscope-sim', goVersion: 'go1.25.9', platform: 'linux/amd64'});
		expect((await kubectl(sim, ['version'])).stdout).toContain('Server Version: v1.35.4+podscope-sim\n');
	});

	it('answers kubectl get --raw for resources, logs, health and version', async () => {
		const list = JSON.parse((await kubectl(sim, ['get', '--raw', '/api/v1/namespaces/default/pods?limit=2'])).stdout) as {
			kind: string;
			metadata: {resourceVersion: string; continue: string; remainingItemCount: number};
			items: Array<{metadata: {name: string}}>;
		};
		expect(list.kind).toBe('PodList');
		expect(list.items.map(pod => pod.metadata.name)).toEqual(['best-practice', 'crashloop']);
		expect(list.metadata.remainingItemCount).toBe(3);
		// The next page reads the same snapshot, however the pods change meanwhile.
		const token = JSON.parse(Buffer.from(list.metadata.continue, 'base64url').toString()) as {v: string; rv: number; start: string};
		expect(token).toEqual({v: 'meta.k8s.io/v1', rv: Number(list.metadata.resourceVersion), start: 'crashloop\u0000'});
		await kubectl(sim, ['label', 'pod', 'web-with-logging', 'later=yes']);
		const next = JSON.parse(
			(await kubectl(sim, ['get', '--raw', `/api/v1/namespaces/default/pods?limit=10&continue=${list.metadata.continue}`])).stdout,
		) as typeof list;
		expect(next.metadata.resourceVersion).toBe(list.metadata.resourceVersion);
		expect(next.items.map(pod => pod.metadata.name)).toEqual(['native-sidecar', 'pod-with-init', 'web-with-logging']);
		expect(JSON.stringify(next.items.at(-1))).not.toContain('later');
		expect(next.metadata.continue).toBeUndefined();
		expect((await kubectl(sim, ['get', '--raw', '/healthz'])).stdout).toBe('ok');
		expect((await kubectl(sim, ['get', '--raw', '/readyz'])).stdout).toBe('ok');
		// The emulation and compatibility versions a 1.35 apiserver adds (kubectl 1.32 does not know
		// them, so only the raw document shows them).
		expect(JSON.parse((await kubectl(sim, ['get', '--raw', '/version'])).stdout)).toMatchObject({
			gitVersion: 'v1.35.4+podscope-sim',
			emulationMajor: '1',
			emulationMinor: '35',
			minCompatibilityMajor: '1',
			minCompatibilityMinor: '34',
		});
		const logs = await kubectl(sim, ['get', '--raw', '/api/v1/namespaces/default/pods/web-with-logging/log?container=web-app&tailLines=1']);
		expect(logs.stdout.split('\n')).toHaveLength(2);
		const missing = await kubectl(sim, ['get', '--raw', '/api/v1/foos']);
		expect(missing).toMatchObject({code: 1, stderr: 'Error from server (NotFound): the server could not find the requested resource\n'});
	});

	it('expires a continue token whose snapshot was compacted, offering one to go on', async () => {
		const first = JSON.parse((await kubectl(sim, ['get', '--raw', '/api/v1/namespaces/default/pods?limit=1'])).stdout) as {metadata: {continue: string}};
		await kubectl(sim, ['label', 'pod', 'crashloop', 'compacted=yes']);
		sim.cluster.pods.compact();
		const gone = await raw(`/api/v1/namespaces/default/pods?limit=1&continue=${first.metadata.continue}`);
		expect(gone.status).toBe(410);
		const status = JSON.parse(gone.body) as {reason: string; code: number; message: string; metadata: {continue: string}};
		expect(status).toMatchObject({kind: 'Status', reason: 'Expired', code: 410});
		expect(status.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./);
		expect(JSON.parse(Buffer.from(status.metadata.continue, 'base64url').toString())).toEqual({v: 'meta.k8s.io/v1', rv: -1, start: 'best-practice\u0000'});
		const rest = await raw(`/api/v1/namespaces/default/pods?continue=${status.metadata.continue}`);
		expect(rest.status).toBe(200);
		const bad = await raw('/api/v1/namespaces/default/pods?continue=%%%');
		expect(JSON.parse(bad.body)).toMatchObject({
			code: 400,
			reason: 'BadRequest',
			message: 'invalid continue token: continue key is not valid: illegal base64 data at input byte 0',
		});
	});

	it('negotiates content: Tables, metadata only, YAML, and protobuf declined for JSON', async () => {
		const table = await raw('/api/v1/namespaces/default/pods/crashloop', {headers: {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json'}});
		expect(JSON.parse(table.body)).toMatchObject({
			kind: 'Table',
			apiVersion: 'meta.k8s.io/v1',
			rows: [
				{
					cells: [
						'crashloop',
						expect.any(String),
						expect.any(String),
						expect.any(String),
						expect.any(String),
						expect.any(String),
						'sim-node-1',
						'<none>',
						'<none>',
					],
					object: {kind: 'PartialObjectMetadata'},
				},
			],
		});
		const full = await raw('/api/v1/namespaces/default/pods?includeObject=Object', {headers: {Accept: 'application/json;as=Table;v=v1;g=meta.k8s.io'}});
		expect((JSON.parse(full.body) as {rows: Array<{object: {kind: string}}>}).rows[0]!.object.kind).toBe('Pod');
		const partial = await raw('/api/v1/namespaces/default/pods', {headers: {Accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io'}});
		const partialBody = JSON.parse(partial.body) as {kind: string; items: Array<{kind: string; metadata: {name: string}; spec?: unknown}>};
		expect(partialBody.kind).toBe('PartialObjectMetadataList');
		expect(partialBody.items[0]).toMatchObject({kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1'});
		expect(partialBody.items[0]!.spec).toBeUndefined();
		const yaml = await raw('/api/v1/namespaces/default/pods/crashloop', {headers: {Accept: 'application/yaml'}});
		expect(yaml.headers['content-type']).toBe('application/yaml');
		expect(parseYaml(yaml.body)).toMatchObject({kind: 'Pod', metadata: {name: 'crashloop'}});
		const protobufFirst = await raw('/api/v1/namespaces/default/pods/crashloop', {headers: {Accept: 'application/vnd.kubernetes.protobuf, application/json'}});
		expect(protobufFirst.status).toBe(200);
		expect(protobufFirst.headers['content-type']).toBe('application/json');
		expect(JSON.parse(protobufFirst.body)).toMatchObject({kind: 'Pod'});
		const protobufOnly = await raw('/api/v1/namespaces/default/pods/crashloop', {headers: {Accept: 'application/vnd.kubernetes.protobuf'}});
		expect(protobufOnly.status).toBe(406);
		expect(JSON.parse(protobufOnly.body)).toMatchObject({
			reason: 'NotAcceptable',
			code: 406,
			message: 'only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf',
		});
		const protobufBody = await raw('/api/v1/namespaces/default/pods', {
			method: 'POST',
			headers: {'Content-Type': 'application/vnd.kubernetes.protobuf'},
			body: 'k8s\u0000',
		});
		expect(protobufBody.status).toBe(415);
		expect(JSON.parse(protobufBody.body)).toMatchObject({reason: 'UnsupportedMediaType', code: 415});
	});

	it('answers every error with a Status: 401, 404, 405 and the Audit-Id header', async () => {
		const anonymous = await raw('/api/v1/namespaces/default/pods', {anonymous: true});
		expect(anonymous.status).toBe(401);
		expect(JSON.parse(anonymous.body)).toEqual({
			kind: 'Status',
			apiVersion: 'v1',
			metadata: {},
			status: 'Failure',
			message: 'Unauthorized',
			reason: 'Unauthorized',
			code: 401,
		});
		expect(anonymous.headers['audit-id']).toMatch(/^[0-9a-f-]{36}$/);
		const missing = await raw('/api/v1/namespaces/default/pods/nope');
		expect(JSON.parse(missing.body)).toEqual(notFoundStatus('pods', 'nope'));
		const method = await raw('/api/v1/namespaces', {method: 'DELETE'});
		expect(JSON.parse(method.body)).toMatchObject({reason: 'MethodNotAllowed', code: 405});
		const tooNew = await raw(`/api/v1/namespaces/default/pods?resourceVersion=${sim.cluster.revisions.current + 1000}&resourceVersionMatch=NotOlderThan`);
		expect(tooNew.status).toBe(504);
		expect(JSON.parse(tooNew.body)).toMatchObject({reason: 'Timeout', details: {causes: [{reason: 'ResourceVersionTooLarge'}], retryAfterSeconds: 1}});
		const invalid = await raw('/api/v1/namespaces/default/pods?resourceVersionMatch=Exact');
		expect(JSON.parse(invalid.body)).toMatchObject({
			code: 422,
			reason: 'Invalid',
			message: 'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided',
		});
	});
});
