import {spawn} from 'node:child_process';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {Pod} from '../../source/model/k8s.js';
import {eventually, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, repoRoot, requireBuild} from '../helpers/tmux.js';

// The README's `podscope logs -l app=web -f` examples say in a comment which containers they
// follow. Each is run as printed there, against the sim, and the containers that join
// ("+ pod › container" on stderr) must be those its comment names, no more, no fewer.

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['web-deployment', 'web-app-complete']});
});
afterAll(async () => {
	await sim?.close();
});

const examples = [...readFileSync(path.join(repoRoot, 'README.md'), 'utf8').matchAll(/^podscope (logs -l app=web -f\b[^#\n]*?)\s+# (.+)$/gm)].map(
	([, args, claim]) => ({args: args!.split(/\s+/), claim: claim!}),
);

/** What the comment claims, for each pod: its default container, or every container. */
function claimed(claim: string, pods: Pod[]): string[] {
	const every = /every container/.test(claim);
	expect(every || /default container/.test(claim)).toBe(true);
	return pods.flatMap(pod => {
		const names = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map(container => container.name);
		const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
		const chosen = every ? names : [annotated && names.includes(annotated) ? annotated : pod.spec.containers[0]!.name];
		return chosen.map(container => `${pod.metadata.name} › ${container}`);
	});
}

describe("the README's logs examples", () => {
	it('has both: the default container, and --all-containers', () => {
		expect(examples.map(({args}) => args.includes('--all-containers'))).toEqual([false, true]);
	});

	for (const {args, claim} of examples) {
		it(`podscope ${args.join(' ')}: ${claim}`, async () => {
			const pods = await eventually(async () => {
				const list = JSON.parse((await kubectl(sim, ['get', 'pods', '-l', 'app=web', '-o', 'json'])).stdout) as {items: Pod[]};
				return list.items.length === 4 ? list.items : undefined;
			});
			const expected = claimed(claim, pods).sort();
			const child = spawn(process.execPath, [podscopeBin, ...args, '--kubeconfig', sim.kubeconfigPath], {stdio: ['ignore', 'ignore', 'pipe']});
			let stderr = '';
			child.stderr.on('data', chunk => {
				stderr += String(chunk);
			});
			const joined = () => [...stderr.matchAll(/^\+ (.+)$/gm)].map(([, line]) => line!).sort();
			try {
				await eventually(() => joined().length >= expected.length);
				expect(joined()).toEqual(expected);
			} finally {
				child.kill();
			}
		});
	}
});
