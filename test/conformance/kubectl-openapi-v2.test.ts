import {existsSync, readdirSync, realpathSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {stringify} from 'yaml';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, kubectlBinary} from './kubectl.js';

// kubectl 1.27, 1.30 and 1.33 apply and diff without --validate=false: 1.27 fetches /openapi/v2 as
// protobuf for its validator and patches (client-go discovery OpenAPISchema) and stops at a
// 404. Server-side strict validation (which the OpenAPI documents advertise) answers unknown
// fields with the apiserver's text.

/** The Cloud SDK's versioned kubectl binaries beside the one on PATH, by minor version. */
function versioned(): Map<number, string> {
	const dirs = [...(kubectlBinary ? [path.dirname(realpathSync(kubectlBinary))] : []), '/usr/lib/google-cloud-sdk/bin'];
	const found = new Map<number, string>();
	for (const dir of dirs.filter(dir => existsSync(dir))) {
		for (const name of readdirSync(dir)) {
			const minor = /^kubectl\.1\.(\d+)$/.exec(name)?.[1];
			if (minor && !found.has(Number(minor))) found.set(Number(minor), path.join(dir, name));
		}
	}
	return found;
}

const binaries = versioned();

const pod = (name: string, extra: Record<string, unknown> = {}) =>
	stringify({apiVersion: 'v1', kind: 'Pod', metadata: {name}, spec: {containers: [{name: 'app', image: 'busybox', command: ['sleep', '3600'], ...extra}]}});

const deployment = (name: string, replicas: number) =>
	stringify({
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name},
		spec: {
			replicas,
			selector: {matchLabels: {app: name}},
			template: {metadata: {labels: {app: name}}, spec: {containers: [{name: 'app', image: 'busybox', command: ['sleep', '3600']}]}},
		},
	});

let sim: TestSim;

conformance('kubectl apply and diff against /openapi/v2', () => {
	beforeAll(async () => {
		sim = await startTestSim({scenarios: [], speed: 20});
	});
	afterAll(() => sim?.close());

	for (const minor of [27, 30, 33]) {
		const binary = binaries.get(minor);
		describe.skipIf(!binary)(`kubectl 1.${minor}${binary ? '' : ' (not installed beside the Cloud SDK: skipped)'}`, () => {
			const run = (args: string[], input?: string) => kubectl(sim, args, {binary, input});

			it('applies a pod and a deployment, and diffs them', async () => {
				const before = sim.server.requests.length;
				const name = `pod-${minor}`;
				expect(await run(['apply', '-f', '-'], pod(name))).toEqual({code: 0, stdout: `pod/${name} created\n`, stderr: ''});
				expect(await run(['apply', '-f', '-'], pod(name))).toEqual({code: 0, stdout: `pod/${name} unchanged\n`, stderr: ''});
				expect(await run(['diff', '-f', '-'], pod(name))).toEqual({code: 0, stdout: '', stderr: ''});

				const app = `deploy-${minor}`;
				expect(await run(['apply', '-f', '-'], deployment(app, 1))).toEqual({code: 0, stdout: `deployment.apps/${app} created\n`, stderr: ''});
				const diff = await run(['diff', '-f', '-'], deployment(app, 2));
				expect(diff.code).toBe(1);
				expect(diff.stdout).toMatch(/^- {2}replicas: 1$/m);
				expect(diff.stdout).toMatch(/^\+ {2}replicas: 2$/m);
				expect(await run(['apply', '-f', '-'], deployment(app, 2))).toEqual({code: 0, stdout: `deployment.apps/${app} configured\n`, stderr: ''});
				expect(await run(['diff', '-f', '-'], deployment(app, 2))).toEqual({code: 0, stdout: '', stderr: ''});
				expect(sim.cluster.workloads.deployments.get('default', app)?.spec).toMatchObject({replicas: 2});

				const openapi = sim.server.requests.slice(before).filter(request => request.path.startsWith('/openapi/v2'));
				// 1.27 reads the protobuf document; later versions read /openapi/v3 only.
				if (minor < 29) expect(openapi.map(request => request.code)).toContain(200);
				expect(openapi.every(request => request.code === 200 || request.code === 304)).toBe(true);
			});

			it('rejects an unknown field with --validate=strict, with the apiserver text', async () => {
				const name = `strict-${minor}`;
				const result = await run(['apply', '--validate=strict', '-f', '-'], pod(name, {bogusField: 1}));
				expect(result).toEqual({
					code: 1,
					stdout: '',
					stderr: `Error from server (BadRequest): error when creating "STDIN": Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.containers[0].bogusField"\n`,
				});
			});
		});
	}
});
