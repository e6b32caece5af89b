import {afterAll, beforeAll, expect, it} from 'vitest';
import type {ConfigMap, Secret} from '../../source/model/k8s.js';
import {namespacesAvailable} from '../helpers/namespaces.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {byName, conformance, kubectl, parseTable} from './kubectl.js';

// ConfigMaps and Secrets with the real kubectl: create (its typed client sends protobuf),
// get (the server's Tables), describe (sizes, never a Secret's values), edit-like writes,
// delete; the apiserver's errors; RBAC's view role, which reads ConfigMaps but no Secret; and
// the kubelet's answers to what is missing: CreateContainerConfigError for an env var,
// ContainerCreating with FailedMount for a volume, until the object is created.

let sim: TestSim;

const ok = async (args: string[], input?: string) => {
	const result = await kubectl(sim, args, {input});
	expect(result.stderr).toBe('');
	expect(result.code).toBe(0);
	return result.stdout;
};
const row = async (kind: string, name: string) => byName(parseTable(await ok(['get', kind]))).get(name);
const podRow = (name: string) => row('pods', name);

conformance('kubectl with ConfigMaps and Secrets', () => {
	beforeAll(async () => {
		// Fast: the kubelet's retries (12.5 s for a container, up to 2m2s for a volume) pass in seconds.
		sim = await startTestSim({scenarios: ['missing-secret', 'missing-configmap-volume'], speed: 20});
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('creates, lists, shows, changes and deletes a ConfigMap', async () => {
		expect(await ok(['create', 'configmap', 'app-config', '--from-literal=MODE=production', '--from-literal=app.yaml=level: info'])).toBe(
			'configmap/app-config created\n',
		);
		const listed = parseTable(await ok(['get', 'cm']));
		expect(listed.map(entry => [entry.NAME, entry.DATA])).toEqual([
			['app-config', '2'],
			['kube-root-ca.crt', '1'],
		]);
		expect(Object.keys(listed[0]!)).toEqual(['NAME', 'DATA', 'AGE']);
		const described = await ok(['describe', 'configmap', 'app-config']);
		expect(described).toContain('Name:         app-config\nNamespace:    default\n');
		// kubectl prints the keys in Go's map order, which varies from run to run.
		expect(described).toContain('Data\n====\n');
		expect(described).toContain('\nMODE:\n----\nproduction\n');
		expect(described).toContain('\napp.yaml:\n----\nlevel: info\n');
		const stored = JSON.parse(await ok(['get', 'cm', 'app-config', '-o', 'json'])) as ConfigMap;
		expect(stored).toMatchObject({apiVersion: 'v1', kind: 'ConfigMap', data: {MODE: 'production', 'app.yaml': 'level: info'}});
		expect(await ok(['patch', 'cm', 'app-config', '-p', '{"data":{"MODE":"staging"}}'])).toBe('configmap/app-config patched\n');
		expect(await ok(['get', 'cm', 'app-config', '-o', 'jsonpath={.data.MODE}'])).toBe('staging');
		expect(await ok(['apply', '--server-side', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: app-config}\ndata: {MODE: canary}\n')).toBe(
			'configmap/app-config serverside-applied\n',
		);
		expect(await ok(['get', 'cm', 'app-config', '-o', 'jsonpath={.data.MODE}'])).toBe('canary');
		expect(await ok(['delete', 'configmap', 'app-config'])).toBe('configmap "app-config" deleted\n');
		expect(await ok(['apply', '--server-side', '-f', '-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: fresh}\ndata: {a: b}\n')).toBe(
			'configmap/fresh serverside-applied\n',
		);
		expect(await ok(['delete', 'configmap', 'fresh'])).toBe('configmap "fresh" deleted\n');
		expect(await kubectl(sim, ['get', 'cm', 'app-config'])).toMatchObject({
			code: 1,
			stderr: 'Error from server (NotFound): configmaps "app-config" not found\n',
		});
	});

	it('creates a Secret whose values are base64 in the object and sizes in describe', async () => {
		expect(await ok(['create', 'secret', 'generic', 'db-pass', '--from-literal=password=s3cr3t', '--from-literal=user=admin'])).toBe(
			'secret/db-pass created\n',
		);
		const listed = parseTable(await ok(['get', 'secrets']));
		expect(listed).toEqual([{NAME: 'db-pass', TYPE: 'Opaque', DATA: '2', AGE: expect.any(String)}]);
		const stored = JSON.parse(await ok(['get', 'secret', 'db-pass', '-o', 'json'])) as Secret;
		expect(stored.data).toEqual({password: Buffer.from('s3cr3t').toString('base64'), user: Buffer.from('admin').toString('base64')});
		const described = await ok(['describe', 'secret', 'db-pass']);
		// kubectl prints the keys in Go's map order, which varies from run to run.
		expect(described).toContain('Type:  Opaque\n\nData\n====\n');
		expect(described).toMatch(/\npassword: {2}6 bytes\n/);
		expect(described).toMatch(/\nuser: {6}5 bytes\n/);
		expect(described).not.toContain('s3cr3t');
		// stringData is merged into data and never stored.
		const manifest = 'apiVersion: v1\nkind: Secret\nmetadata: {name: tls-ish}\nstringData: {token: abc}\n';
		expect(await ok(['apply', '-f', '-'], manifest)).toBe('secret/tls-ish created\n');
		const applied = JSON.parse(await ok(['get', 'secret', 'tls-ish', '-o', 'json'])) as Secret;
		expect(applied).toMatchObject({type: 'Opaque', data: {token: Buffer.from('abc').toString('base64')}});
		expect(applied.stringData).toBeUndefined();
		expect(await ok(['delete', 'secret', 'tls-ish'])).toBe('secret "tls-ish" deleted\n');
	});

	it("answers the apiserver's errors", async () => {
		expect(await kubectl(sim, ['create', 'secret', 'generic', 'db-pass', '--from-literal=a=b'])).toMatchObject({
			code: 1,
			stderr: 'error: failed to create secret secrets "db-pass" already exists\n',
		});
		const badBase64 = await kubectl(sim, ['apply', '-f', '-'], {input: 'apiVersion: v1\nkind: Secret\nmetadata: {name: bad}\ndata: {a: "not base64"}\n'});
		expect(badBase64.stderr).toBe(
			'Error from server (BadRequest): error when creating "STDIN": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3\n',
		);
		const badKey = await kubectl(sim, ['apply', '-f', '-'], {input: 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\ndata: {"a b": x}\n'});
		expect(badKey.stderr).toBe(
			`The ConfigMap "bad" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`,
		);
		const typo = await kubectl(sim, ['apply', '-f', '-'], {input: 'apiVersion: v1\nkind: Secret\nmetadata: {name: typo}\nstringdata: {a: b}\n'});
		expect(typo.stderr).toBe(
			'Error from server (BadRequest): error when creating "STDIN": Secret in version "v1" cannot be handled as a Secret: strict decoding error: unknown field "stringdata"\n',
		);
		const frozen = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: frozen}\nimmutable: true\ndata: {a: "1"}\n';
		await ok(['apply', '-f', '-'], frozen);
		expect(await kubectl(sim, ['patch', 'cm', 'frozen', '-p', '{"data":{"a":"2"}}'])).toMatchObject({
			code: 1,
			stderr: 'The ConfigMap "frozen" is invalid: data: Forbidden: field is immutable when `immutable` is set\n',
		});
		expect(await kubectl(sim, ['patch', 'secret', 'db-pass', '-p', '{"type":"kubernetes.io/tls"}'])).toMatchObject({
			code: 1,
			stderr: expect.stringContaining('The Secret "db-pass" is invalid: \n* type: Invalid value: "kubernetes.io/tls": field is immutable\n'),
		});
	});

	it('lets the view role read ConfigMaps and no Secret', async () => {
		const viewer = {context: 'podscope-sim-viewer'};
		expect((await kubectl(sim, ['get', 'cm', 'kube-root-ca.crt'], viewer)).code).toBe(0);
		expect(await kubectl(sim, ['get', 'secrets'], viewer)).toMatchObject({
			code: 1,
			stderr: 'Error from server (Forbidden): secrets is forbidden: User "viewer" cannot list resource "secrets" in API group "" in the namespace "default"\n',
		});
		expect((await kubectl(sim, ['auth', 'can-i', 'get', 'secrets'], viewer)).stdout).toBe('no\n');
		expect((await kubectl(sim, ['auth', 'can-i', 'get', 'configmaps'], viewer)).stdout).toBe('yes\n');
	});

	it('holds a container whose Secret is missing in CreateContainerConfigError until it is created', async () => {
		expect(await podRow('missing-secret')).toMatchObject({READY: '1/2', STATUS: 'CreateContainerConfigError'});
		const described = await ok(['describe', 'pod', 'missing-secret']);
		expect(described).toMatch(/ {4}State: {10}Waiting\n {6}Reason: {7}CreateContainerConfigError\n/);
		expect(described).toMatch(/Warning {2}Failed .* kubelet {12}Error: secret "vault-token" not found\n/);
		const events = parseTable(await ok(['get', 'events', '--field-selector', 'involvedObject.name=missing-secret,reason=Failed']));
		expect(events.map(event => [event.TYPE, event.OBJECT, event.MESSAGE])).toEqual([
			['Warning', 'pod/missing-secret', 'Error: secret "vault-token" not found'],
		]);

		expect(await ok(['create', 'secret', 'generic', 'vault-token', '--from-literal=token=s.abc123'])).toBe('secret/vault-token created\n');
		await eventually(async () => (await podRow('missing-secret'))?.STATUS === 'Running', 30_000);
		expect(await podRow('missing-secret')).toMatchObject({READY: '2/2', RESTARTS: '0'});
		const env = await ok(['exec', 'missing-secret', '-c', 'vault-agent', '--', 'env']);
		expect(env).toContain('VAULT_TOKEN=s.abc123\n');
		expect(env).toContain('VAULT_ADDR=http://vault.vault.svc:8200\n');
	});

	it('holds a pod whose ConfigMap volume is missing in ContainerCreating until it is created', async () => {
		expect(await podRow('missing-configmap-volume')).toMatchObject({READY: '0/1', STATUS: 'ContainerCreating'});
		const described = await ok(['describe', 'pod', 'missing-configmap-volume']);
		expect(described).toMatch(/Warning {2}FailedMount .* kubelet {12}MountVolume\.SetUp failed for volume "config" : configmap "web-config" not found\n/);
		expect(described).toMatch(/ {4}State: {10}Waiting\n {6}Reason: {7}ContainerCreating\n/);
		expect(described).toContain('Status:           Pending\nIP:               \nIPs:              <none>\n');

		expect(await ok(['create', 'configmap', 'web-config', '--from-literal=default.conf=server {}'])).toBe('configmap/web-config created\n');
		await eventually(async () => (await podRow('missing-configmap-volume'))?.STATUS === 'Running', 30_000);
		expect(await podRow('missing-configmap-volume')).toMatchObject({READY: '1/1'});
		// In a sandbox the ConfigMap's keys are files at the mountPath, read-only. The sim
		// sandboxes wherever util-linux can make the namespaces (root here and on CI).
		expect(sim.sandbox.available).toBe(namespacesAvailable());
		if (!namespacesAvailable()) return;
		expect(await ok(['exec', 'missing-configmap-volume', '-c', 'web', '--', 'cat', '/etc/nginx/conf.d/default.conf'])).toBe('server {}');
		const write = await kubectl(sim, ['exec', 'missing-configmap-volume', '-c', 'web', '--', 'sh', '-c', 'echo x > /etc/nginx/conf.d/new']);
		expect(write.stderr).toContain('Read-only file system');
	});
});
