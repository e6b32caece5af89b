import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {run, startTestSim, type TestSim} from '../helpers/sim.js';

// The plain commands with exec credential plugins and proxies, as a user runs them: the built
// binary, and also under the machine's system Node (20 here), where loading client-node for a
// plugin user used to crash with "Cannot read properties of undefined (reading 'bind')".

let sim: TestSim;
let file = '';
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['web-with-logging']});
	const raw = parse(readFileSync(sim.kubeconfigPath, 'utf8'));
	const token = raw.users.find((user: {name: string}) => user.name === 'podscope-sim-token').user.token as string;
	const plugin = path.join(sim.dir, 'plugin.sh');
	writeFileSync(plugin, `#!/bin/sh\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' '${token}'\n`);
	chmodSync(plugin, 0o755);
	raw.users.push({name: 'plugin', user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command: './plugin.sh', interactiveMode: 'IfAvailable'}}});
	raw.contexts.push({name: 'plugin', context: {cluster: 'podscope-sim', user: 'plugin'}});
	file = path.join(sim.dir, 'plugin.kubeconfig');
	writeFileSync(file, stringify(raw));
});
afterAll(async () => {
	await sim.close();
});

const systemNode = '/usr/bin/node';

describe('an exec plugin user', () => {
	it('describes a pod with the Node running the tests', async () => {
		const result = await run(process.execPath, ['bin/podscope.js', 'describe', 'web-with-logging', '--kubeconfig', file, '--context', 'plugin']);
		expect(result.stderr).toBe('');
		expect(result.stdout).toMatch(/^Name:\s+web-with-logging$/m);
		expect(result.code).toBe(0);
	});

	it('describes it with the system Node too', async () => {
		const result = await run(systemNode, ['bin/podscope.js', 'describe', 'web-with-logging', '--kubeconfig', file, '--context', 'plugin']);
		expect(result.stderr).toBe('');
		expect(result.stdout).toMatch(/^Name:\s+web-with-logging$/m);
		expect(result.code).toBe(0);
	});
});

describe('an auth-provider user', () => {
	it('under a Node too old for the Kubernetes client: one line naming the version it needs', async () => {
		const raw = parse(readFileSync(sim.kubeconfigPath, 'utf8'));
		raw.users.push({name: 'oidc', user: {'auth-provider': {name: 'oidc', config: {'id-token': 'x', 'idp-issuer-url': 'https://issuer.invalid'}}}});
		raw.contexts.push({name: 'oidc', context: {cluster: 'podscope-sim', user: 'oidc'}});
		const oidc = path.join(sim.dir, 'oidc.kubeconfig');
		writeFileSync(oidc, stringify(raw));
		const version = (await run(systemNode, ['--version'])).stdout.trim().slice(1);
		const [major = 0, minor = 0] = version.split('.').map(Number);
		const result = await run(systemNode, ['bin/podscope.js', 'describe', 'web-with-logging', '--kubeconfig', oidc, '--context', 'oidc']);
		if (major < 22 || (major === 22 && minor < 19)) {
			expect(result.stderr).toBe(
				`Unable to connect to the server: getting credentials: auth-provider credentials need Node.js 22.19 or newer; this is Node.js ${version}\n`,
			);
			expect(result.code).toBe(1);
		} else {
			// A new enough system Node loads the client, which gets as far as the provider.
			expect(result.stderr).not.toContain('need Node.js');
		}
	});
});
