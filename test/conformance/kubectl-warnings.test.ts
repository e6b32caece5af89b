import {readdirSync, realpathSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {stringify} from 'yaml';
import type {Pod} from '../../source/model/k8s.js';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, kubectlBinary} from './kubectl.js';

// The apiserver's warnings on a pod create, as kubectl prints them ("Warning: <text>" on
// stderr, from the `299 - "<text>"` headers): a real kube-apiserver v1.35.4 answered a pod
// with containerPort 8080 in two containers this way. Every kubectl on the machine is asked:
// the one on PATH and the Cloud SDK's versioned ones next to it (kubectl.1.27 ...).

const duplicatePort = 'Warning: spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]\n';

function kubectlVersions(): string[] {
	if (!kubectlBinary) return [];
	const dir = path.dirname(realpathSync(kubectlBinary));
	const versioned = readdirSync(dir).filter(name => /^kubectl\.1\.\d+$/.test(name));
	return [kubectlBinary, ...versioned.map(name => path.join(dir, name))];
}

const twoOn8080 = (name: string, image = 'nginx:1.25', extra: Partial<Pod['spec']['containers'][number]> = {}) =>
	stringify({
		apiVersion: 'v1',
		kind: 'Pod',
		metadata: {name},
		spec: {
			containers: [
				{name: 'web', image, ports: [{containerPort: 8080}], ...extra},
				{name: 'sidecar', image: 'busybox', ports: [{containerPort: 8080}]},
			],
		},
	});

let sim: TestSim;

conformance('kubectl and the apiserver warnings', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: []});
	});
	afterAll(async () => {
		await sim?.close();
	});

	it('prints the duplicate port warning on apply, with every kubectl', async () => {
		const binaries = kubectlVersions();
		expect(binaries.length).toBeGreaterThan(0);
		for (const [index, binary] of binaries.entries()) {
			const name = `dup-${index}`;
			const result = await kubectl(sim, ['apply', '-f', '-'], {input: twoOn8080(name), binary});
			expect({binary, ...result}).toEqual({binary, code: 0, stdout: `pod/${name} created\n`, stderr: duplicatePort});
		}
	});

	it('warns on create only: an update of the same pod is quiet', async () => {
		expect(await kubectl(sim, ['apply', '-f', '-'], {input: twoOn8080('updated')})).toMatchObject({code: 0, stderr: duplicatePort});
		expect(await kubectl(sim, ['apply', '-f', '-'], {input: twoOn8080('updated', 'nginx:1.26')})).toEqual({
			code: 0,
			stdout: 'pod/updated configured\n',
			stderr: '',
		});
	});

	it('warns on a server dry run and a server-side apply that creates', async () => {
		expect(await kubectl(sim, ['apply', '-f', '-', '--dry-run=server'], {input: twoOn8080('dry')})).toEqual({
			code: 0,
			stdout: 'pod/dry created (server dry run)\n',
			stderr: duplicatePort,
		});
		expect((await kubectl(sim, ['get', 'pod', 'dry'])).stderr).toBe('Error from server (NotFound): pods "dry" not found\n');
		expect(await kubectl(sim, ['apply', '--server-side', '-f', '-'], {input: twoOn8080('ssa')})).toEqual({
			code: 0,
			stdout: 'pod/ssa serverside-applied\n',
			stderr: duplicatePort,
		});
	});

	it('sends decoding warnings first, and warns even when the name is taken', async () => {
		const manifest = twoOn8080('typo', 'nginx:1.25', {imagePulPolicy: 'Always'} as never);
		expect(await kubectl(sim, ['create', '-f', '-', '--validate=warn'], {input: manifest})).toEqual({
			code: 0,
			stdout: 'pod/typo created\n',
			stderr: `Warning: unknown field "spec.containers[0].imagePulPolicy"\n${duplicatePort}`,
		});
		// The strategy warns before the storage finds the name taken.
		expect(await kubectl(sim, ['create', '-f', '-'], {input: twoOn8080('typo')})).toEqual({
			code: 1,
			stdout: '',
			stderr: `${duplicatePort}Error from server (AlreadyExists): error when creating "STDIN": pods "typo" already exists\n`,
		});
	});

	it('stores a negative grace period as 1, so its warning (for pod templates) never comes', async () => {
		const manifest = stringify({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'hasty'},
			spec: {terminationGracePeriodSeconds: -5, containers: [{name: 'main', image: 'nginx:1.25'}]},
		});
		expect(await kubectl(sim, ['create', '-f', '-'], {input: manifest})).toEqual({code: 0, stdout: 'pod/hasty created\n', stderr: ''});
		const pod = JSON.parse((await kubectl(sim, ['get', 'pod', 'hasty', '-o', 'json'])).stdout) as Pod;
		expect(pod.spec.terminationGracePeriodSeconds).toBe(1);
	});

	it('turns a deprecated AppArmor annotation into the field, with a warning', async () => {
		const manifest = stringify({
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'armored', annotations: {'container.apparmor.security.beta.kubernetes.io/main': 'localhost/my-profile'}},
			spec: {containers: [{name: 'main', image: 'nginx:1.25'}]},
		});
		expect(await kubectl(sim, ['create', '-f', '-'], {input: manifest})).toEqual({
			code: 0,
			stdout: 'pod/armored created\n',
			stderr:
				'Warning: metadata.annotations[container.apparmor.security.beta.kubernetes.io/main]: deprecated since v1.30; use the "appArmorProfile" field instead\n',
		});
		const pod = JSON.parse((await kubectl(sim, ['get', 'pod', 'armored', '-o', 'json'])).stdout) as Pod;
		expect(pod.spec.containers[0]!.securityContext).toEqual({appArmorProfile: {type: 'Localhost', localhostProfile: 'my-profile'}});
	});
});
