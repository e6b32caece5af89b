// For people: profile the TUI under the scale scenario (node --cpu-prof), then print the
// functions with the most self time. Usage: node bench/profile-tui.js [pods] [churn]
import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import pty from '@lydell/node-pty';
import {node, podscopeBin, root, sleep, startSim, tempDir} from './lib.js';

const pods = Number(process.argv[2] ?? 500);
const churn = Number(process.argv[3] ?? 20);
const sim = await startSim([
	'--scenario',
	'many-pods',
	'--pods',
	String(pods),
	'--churn',
	String(churn),
	// The sim's one node must hold them all (a small node takes 110), as a cluster's many nodes would.
	'--node-max-pods',
	String(pods),
]);
const dir = tempDir('podscope-prof-');
const term = pty.spawn(node, ['--cpu-prof', `--cpu-prof-dir=${dir}`, podscopeBin, '--kubeconfig', sim.kubeconfig], {
	cols: 160,
	rows: 50,
	cwd: root,
	env: process.env,
});
term.onData(() => {});
await sleep(4000);
for (let index = 0; index < 100; index++) {
	term.write('j');
	await sleep(40);
}
term.write('q');
await new Promise(resolve => term.onExit(resolve));
await sim.stop();
const file = readdirSync(dir).find(name => name.endsWith('.cpuprofile'));
const profile = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
const byId = new Map(profile.nodes.map(item => [item.id, item]));
const self = new Map();
profile.samples.forEach((id, index) => {
	const item = byId.get(id);
	const frame = item.callFrame;
	const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber}`;
	self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[index] ?? 0));
});
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) process.stdout.write(`${(micros / 1000).toFixed(0).padStart(6)} ms  ${key}\n`);
