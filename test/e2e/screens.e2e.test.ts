import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {captureShots} from '../../scripts/screens/capture.ts';
import {podsShot} from '../../scripts/screens/shots.ts';
import {Terminal} from '../../scripts/screens/terminal.ts';
import {startTestSim, type TestSim} from '../helpers/sim.js';
import {podscopeBin, repoRoot, requireBuild} from '../helpers/tmux.js';

// `npm run screens` takes the README's pictures from the real binary in tmux. Here its driver
// takes one of them against a sim of our own and the SVG is checked for what the screen showed.

let sim: TestSim;
beforeAll(async () => {
	requireBuild();
	sim = await startTestSim({scenarios: ['sidecar-startup-stuck', 'web-with-logging']});
});
afterAll(async () => {
	await sim?.close();
});

describe('the README screenshots', () => {
	it('drive podscope to the pod list with a pod’s containers and draw it as SVG', async () => {
		const terminal = new Terminal({columns: 120, rows: 32}, 'screens-test');
		try {
			terminal.start([process.execPath, podscopeBin, '--kubeconfig', sim.kubeconfigPath], {}, repoRoot);
			const [picture] = await captureShots(terminal, [podsShot]);
			expect(picture!.name).toBe('pods');
			const svg = picture!.svg;
			expect(svg).toMatch(/^<svg [^>]*width="1032" height="606.4"/);
			expect(svg).toContain(`<title>${podsShot.title}</title>`);
			// The words of the screen, each in its place: the pod selected, its containers in start order.
			const words = [...svg.matchAll(/<text [^>]*>([^<]*)<\/text>/g)].map(match => match[1]);
			for (const word of ['sidecar-startup-stuck', 'web-with-logging', 'istio-proxy', 'sidecar', 'app', '◐']) expect(words).toContain(word);
			expect(words.some(word => word?.startsWith('PodInitial'))).toBe(true);
			// In colour: the waiting app's state is drawn in the theme's yellow.
			expect(svg).toMatch(/<text [^>]*fill="#d29922"[^>]*>Waiting:<\/text>/);
			// Borders are lines, not letters.
			expect(words).not.toContain('│');
			expect(svg).toMatch(/<path d="M[^"]+V[^"]+"/);
		} finally {
			terminal.kill();
		}
	});
});
