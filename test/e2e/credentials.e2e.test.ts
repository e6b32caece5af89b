import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {parse, stringify} from 'yaml';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeCommand, quitRestoresTerminal, requireBuild, TmuxSession} from '../helpers/tmux.js';

// An exec credential plugin that asks for a password (interactiveMode: Always), as device-code
// and MFA plugins do, with the TUI in a real terminal: its prompt must reach the person, before
// the screen is up and again once the credentials expire while it is.

let sim: TestSim;
let kubeconfig = '';
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-with-logging']});
	const raw = parse(readFileSync(sim.kubeconfigPath, 'utf8'));
	const token = raw.users.find((user: {name: string}) => user.name === 'podscope-sim-token').user.token as string;
	const plugin = path.join(sim.dir, 'ask.sh');
	// Credentials good for 4 seconds; the prompt on stderr, the answer on stdin.
	writeFileSync(
		plugin,
		`#!/bin/sh
printf 'Password for the sim: ' >&2
read pw
[ "$pw" = sesame ] || exit 1
expiry=$(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ)
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}' '${token}' "$expiry"
`,
	);
	chmodSync(plugin, 0o755);
	raw.users.push({name: 'asker', user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command: './ask.sh', interactiveMode: 'Always'}}});
	raw.contexts.push({name: 'asker', context: {cluster: 'podscope-sim', user: 'asker', namespace: 'default'}});
	raw['current-context'] = 'asker';
	kubeconfig = path.join(sim.dir, 'asker.kubeconfig');
	writeFileSync(kubeconfig, stringify(raw));
});
afterAll(async () => {
	await sim?.close();
});

describe('an interactive credential plugin in the TUI', () => {
	it('gets the terminal for its prompt, first and after its credentials expire', async () => {
		const tmux = new TmuxSession('asker', path.join(sim.dir, 'asker.status'));
		try {
			tmux.start(`${podscopeCommand} --kubeconfig '${kubeconfig}'`, {columns: 120, rows: 30});
			await tmux.waitFor(screen => screen.includes('Password for the sim:'));
			tmux.type('sesame');
			tmux.keys('Enter');
			await tmux.waitFor(screen => screen.includes('web-with-logging') && screen.includes('● live'));
			const liveAt = Date.now();
			// What was typed for the plugin was never echoed.
			expect(tmux.screen()).not.toContain('sesame');
			// Past the expiry, describe needs fresh credentials: the screen steps aside for the prompt.
			await eventually(() => Date.now() - liveAt > 5000, 10_000, 100);
			tmux.keys('d');
			await tmux.waitFor(screen => screen.includes('Password for the sim:') && !screen.includes('● live'), 15_000);
			tmux.type('sesame');
			expect(tmux.screen()).not.toContain('sesame');
			tmux.keys('Enter');
			await tmux.waitFor(screen => /Name:\s+web-with-logging/.test(screen), 15_000);
			tmux.keys('Escape');
			await tmux.waitFor(screen => screen.includes('● live'));
			await quitRestoresTerminal(tmux);
		} finally {
			tmux.kill();
		}
	}, 60_000);
});
