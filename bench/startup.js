// Start-up: `podscope --version`, and the time from launch to the first frame that shows the
// pod list, each against kubectl doing its nearest job, medians of several runs.
import {figure, kubectl, median, node, podscopeBin, startSim, startTui, timeCommand} from './lib.js';

export async function startup({runs}) {
	const sim = await startSim();
	try {
		const version = {podscope: [], kubectl: []};
		const frame = {podscope: [], kubectl: []};
		// One unmeasured run of each warms the compile cache and the page cache, as a user's
		// second start would be.
		await timeCommand(node, [podscopeBin, '--version']);
		await timeCommand(kubectl, ['--kubeconfig', sim.kubeconfig, 'get', 'pods']);
		for (let run = 0; run < runs; run++) {
			version.podscope.push((await timeCommand(node, [podscopeBin, '--version'])).ms);
			version.kubectl.push((await timeCommand(kubectl, ['version', '--client'])).ms);
			frame.kubectl.push((await timeCommand(kubectl, ['--kubeconfig', sim.kubeconfig, 'get', 'pods'])).ms);
			const tui = startTui(['--kubeconfig', sim.kubeconfig]);
			const event = await tui.waitFor(item => item.event === 'first-list-frame', 30_000);
			frame.podscope.push(event.at - tui.launchedAt);
			await tui.stop();
		}
		return [
			figure('start-up: --version', {podscope: median(version.podscope), kubectl: median(version.kubectl), unit: 'ms', note: 'vs kubectl version --client'}),
			figure('start-up: first pod-list frame', {
				podscope: median(frame.podscope),
				kubectl: median(frame.kubectl),
				unit: 'ms',
				note: 'vs kubectl get pods to its last byte',
				budget: (_value, ratio) => ratio <= 1.0,
			}),
		];
	} finally {
		await sim.stop();
	}
}
