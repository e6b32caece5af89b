// Start-up: `podscope --version`, the time from launch to the first frame that shows the
// pod list, and `logs --tail 1`, each against kubectl doing its nearest job, medians of
// several runs; for the npm form (Node and bin/podscope.js) and, side by side, the single file
// of `npm run build:sea` when it is built (dist-sea/).
import {existsSync} from 'node:fs';
import path from 'node:path';
import {figure, kubectl, median, node, podscopeBin, root, startSim, startTui, timeCommand} from './lib.js';

const singleFile = path.join(root, 'dist-sea', `podscope-linux-${process.arch}`);

export async function startup({runs}) {
	const sim = await startSim();
	const forms = [{label: 'start-up', command: [node, podscopeBin]}];
	if (existsSync(singleFile)) forms.push({label: 'start-up (single file)', command: [singleFile], singleFile});
	// A pod that logs from the start: the line podscope and kubectl each fetch.
	const logs = ['web-with-logging', '-c', 'web-app', '--tail', '1'];
	try {
		const version = {podscope: [], kubectl: []};
		const frame = {kubectl: []};
		const tail = {kubectl: []};
		for (const form of forms) Object.assign(form, {version: [], frame: [], tail: []});
		// One unmeasured run of each warms the compile cache and the page cache, as a user's
		// second start would be; the log is there once kubectl reads a line of it.
		for (const {
			command: [file, ...args],
		} of forms)
			await timeCommand(file, [...args, '--version']);
		await timeCommand(kubectl, ['--kubeconfig', sim.kubeconfig, 'get', 'pods']);
		for (let tries = 0; (await timeCommand(kubectl, ['--kubeconfig', sim.kubeconfig, 'logs', ...logs]).catch(() => ({bytes: 0}))).bytes === 0; tries++) {
			if (tries > 300) throw new Error('web-with-logging never logged');
			await new Promise(resolve => setTimeout(resolve, 100));
		}
		for (let run = 0; run < runs; run++) {
			version.kubectl.push((await timeCommand(kubectl, ['version', '--client'])).ms);
			frame.kubectl.push((await timeCommand(kubectl, ['--kubeconfig', sim.kubeconfig, 'get', 'pods'])).ms);
			tail.kubectl.push((await timeCommand(kubectl, ['--kubeconfig', sim.kubeconfig, 'logs', ...logs])).ms);
			for (const form of forms) {
				const [file, ...args] = form.command;
				form.version.push((await timeCommand(file, [...args, '--version'])).ms);
				form.tail.push((await timeCommand(file, [...args, '--kubeconfig', sim.kubeconfig, 'logs', ...logs])).ms);
				const tui = startTui(['--kubeconfig', sim.kubeconfig], {singleFile: form.singleFile});
				const event = await tui.waitFor(item => item.event === 'first-list-frame', 30_000);
				form.frame.push(event.at - tui.launchedAt);
				await tui.stop();
			}
		}
		return forms.flatMap(form => [
			figure(`${form.label}: --version`, {podscope: median(form.version), kubectl: median(version.kubectl), unit: 'ms', note: 'vs kubectl version --client'}),
			figure(`${form.label}: first pod-list frame`, {
				podscope: median(form.frame),
				kubectl: median(frame.kubectl),
				unit: 'ms',
				note: 'vs kubectl get pods to its last byte',
				budget: (_value, ratio) => ratio <= 1.0,
			}),
			figure(`${form.label}: logs --tail 1`, {
				podscope: median(form.tail),
				kubectl: median(tail.kubectl),
				unit: 'ms',
				note: 'one container of a running pod, to the last byte',
				budget: (_value, ratio) => ratio <= 1.0,
			}),
		]);
	} finally {
		await sim.stop();
	}
}
