import {chmodSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, it} from 'vitest';
import {settled, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, requireBuild, TmuxSession} from '../helpers/tmux.js';

// Tab in a real interactive bash (readline, no bash-completion package), the script loaded as
// the README says: a subcommand, a flag, a pod of the sim and the containers of that pod.

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-with-logging']});
	await settled(sim, {running: [['web-with-logging', 'web-app']]});
});
afterAll(async () => {
	await sim?.close();
});

describe('completion in bash', () => {
	it('completes a subcommand, a flag, a pod and -c containers on Tab', async () => {
		const bin = path.join(sim.dir, 'bin');
		mkdirSync(bin);
		writeFileSync(path.join(bin, 'podscope'), `#!/bin/sh\nexec '${process.execPath}' '${podscopeBin}' "$@"\n`);
		chmodSync(path.join(bin, 'podscope'), 0o755);
		const tmux = new TmuxSession('completion', path.join(sim.dir, 'completion.status'));
		try {
			tmux.start('PS1="$ " bash --norc -i', {columns: 120, rows: 30}, {PATH: `${bin}${path.delimiter}${process.env.PATH}`, KUBECONFIG: sim.kubeconfigPath});
			// (capture-pane drops trailing spaces: the space a completion adds shows in what is typed next.)
			await tmux.waitFor(screen => /^\$/m.test(screen));
			tmux.type('source <(podscope completion bash)');
			tmux.keys('Enter');
			await tmux.waitFor(screen => /completion bash\)\n\$/.test(screen));
			tmux.type('podscope ti');
			tmux.keys('Tab');
			await tmux.waitFor(screen => screen.includes('$ podscope timeline'));
			tmux.keys('C-u');
			tmux.type('podscope logs --time');
			tmux.keys('Tab');
			await tmux.waitFor(screen => screen.includes('$ podscope logs --timestamps'));
			tmux.type('web-with-l');
			tmux.keys('Tab');
			await tmux.waitFor(screen => screen.includes('$ podscope logs --timestamps web-with-logging'));
			// (send-keys takes a leading dash for its own flag without the `--`.)
			tmux.keys('-l', '--', '-c ');
			tmux.keys('Tab', 'Tab');
			await tmux.waitFor(screen => screen.includes('$ podscope logs --timestamps web-with-logging -c') && /log-shipper\s+web-app/.test(screen));
			tmux.type('l');
			tmux.keys('Tab');
			tmux.type('x');
			await tmux.waitFor(screen => screen.includes('$ podscope logs --timestamps web-with-logging -c log-shipper x'));
		} finally {
			tmux.kill();
		}
	});
});
