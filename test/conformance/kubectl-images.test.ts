import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {afterAll, beforeAll, expect, it} from 'vitest';
import {pullError} from '../../source/sim/kubelet/image-registry.js';
import {loadScenario, parseScenario} from '../../source/sim/scenario.js';
import {eventually, startTestSim, type TestSim} from '../helpers/sim.js';
import {conformance, kubectl, kubectlStream, parseTable} from './kubectl.js';

// Image pulls as the real kubectl shows them: a pull that fails (ErrImagePull, then
// ImagePullBackOff), a pull that takes time (ContainerCreating, then Running), and an image
// that may not be pulled (ErrImageNeverPull). Texts as a real 1.35 node printed them.

let sim: TestSim;
const dir = mkdtempSync(path.join(tmpdir(), 'podscope-images-'));

const shipper = 'registry.internal.invalid/platform/log-shipper:2.3.1';

const neverPull = `
apiVersion: v1
kind: Pod
metadata: {name: never-pull}
spec:
  containers:
  - name: app
    image: example.com/not-here:1.0
    imagePullPolicy: Never
    x-sim: {pull: absent}
`;

const slowPull = `
apiVersion: v1
kind: Pod
metadata: {name: slow-pull, labels: {app: slow-pull}}
spec:
  containers:
  - name: app
    image: acme/shop:4.2
    x-sim: {pull: {seconds: 20, bytes: 123456789}}
`;

/** Watch pods with `label` in `namespace` while `create` makes them; the rows until `done`. */
async function watched(label: string, namespace: string, create: () => void, done: (rows: Array<Record<string, string>>) => boolean) {
	const watcher = kubectlStream(sim, ['get', 'pods', '-n', namespace, '-w', '-l', label, '--request-timeout=30s']);
	try {
		await eventually(() => sim.server.requests.some(request => request.verb === 'watch' && request.path.includes(`/namespaces/${namespace}/`)), 10_000, 20);
		create();
		await eventually(() => done(watchRows(watcher.stdout())), 20_000, 50);
	} finally {
		await watcher.stop();
	}
	expect(watcher.stderr()).toBe('');
	return watchRows(watcher.stdout());
}

/** Rows of a -w stream: every event is printed on its own, so its columns are not the header's. */
const watchRows = (output: string) =>
	output
		.split('\n')
		.slice(1)
		.filter(line => line.trim() !== '')
		.map(line => {
			const [NAME, READY, STATUS, RESTARTS] = line.trim().split(/\s+/);
			return {NAME: NAME!, READY: READY!, STATUS: STATUS!, RESTARTS: RESTARTS!};
		});

/** Each STATUS once, in the order seen. */
const sequence = (rows: Array<Record<string, string>>) => rows.map(row => row.STATUS!).filter((status, index, all) => status !== all[index - 1]);

conformance('kubectl and image pulls', () => {
	beforeAll(async () => {
		const file = path.join(dir, 'never-pull.yaml');
		writeFileSync(file, neverPull);
		sim = await startTestSim({scenarios: [file], speed: 10});
	});
	afterAll(async () => {
		await sim?.close();
		rmSync(dir, {recursive: true, force: true});
	});

	it('get pods -w: ContainerCreating, ErrImagePull, ImagePullBackOff, ErrImagePull; the app ready next to it', async () => {
		const rows = await watched(
			'app=checkout',
			'images',
			() => {
				for (const {pod, behaviours} of loadScenario('image-pull-error')) sim.cluster.createPod(pod, behaviours, 'images');
			},
			seen => sequence(seen).filter(status => status === 'ErrImagePull').length >= 2,
		);
		expect(sequence(rows).slice(0, 5)).toEqual(['Pending', 'ContainerCreating', 'ErrImagePull', 'ImagePullBackOff', 'ErrImagePull']);
		for (const row of rows.filter(row => /^(ErrImagePull|ImagePullBackOff)$/.test(row.STATUS!))) expect(row).toMatchObject({READY: '1/2', RESTARTS: '0'});
	});

	it('describe: the container waits with the reason; the events say why, as the kubelet words them', async () => {
		const page = await eventually(async () => {
			const result = await kubectl(sim, ['describe', 'pod', '-n', 'images', 'image-pull-error']);
			return result.stdout.includes('Back-off pulling image') && result;
		});
		expect(page.stderr).toBe('');
		const shipperBlock = page.stdout.slice(page.stdout.indexOf('  log-shipper:'), page.stdout.indexOf('Conditions:'));
		expect(shipperBlock).toMatch(/^ {4}Container ID: *$/m);
		expect(shipperBlock).toContain(`    Image:          ${shipper}\n`);
		expect(shipperBlock).toMatch(/^ {4}Image ID: *$/m);
		expect(shipperBlock).toMatch(/^ {4}State: {10}Waiting\n {6}Reason: {7}(ErrImagePull|ImagePullBackOff)\n {4}Ready: {10}False$/m);
		expect(page.stdout).toMatch(/^Status: +Pending$/m);
		const events = page.stdout.slice(page.stdout.indexOf('Events:'));
		const error = pullError(shipper, 'no-such-host');
		for (const line of [
			new RegExp(`^ {2}Normal {3}Pulling .* kubelet +Pulling image "${shipper}"$`),
			new RegExp(`^ {2}Warning {2}Failed .* kubelet +Failed to pull image "${shipper}": ${error.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
			/^ {2}Warning {2}Failed .* kubelet +Error: ErrImagePull$/,
			new RegExp(`^ {2}Normal {3}BackOff .* kubelet +Back-off pulling image "${shipper}"$`),
			/^ {2}Warning {2}Failed .* kubelet +Error: ImagePullBackOff$/,
			/^ {2}Normal {3}Pulled .* kubelet +Container image "nginx:1.25" already present on machine and can be accessed by the pod$/,
		]) {
			expect(events.split('\n').some(text => line.test(text))).toBe(true);
		}
	});

	it('get events: the pull failures next to the app’s start', async () => {
		const result = await kubectl(sim, ['get', 'events', '-n', 'images', '--sort-by=.metadata.creationTimestamp']);
		expect(result.stderr).toBe('');
		const rows = parseTable(result.stdout);
		expect(Object.keys(rows[0]!)).toEqual(['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
		const seen = rows.map(row => `${row.TYPE} ${row.REASON} ${row.MESSAGE}`);
		expect(seen).toEqual(
			expect.arrayContaining([
				'Normal Started Container started',
				`Normal Pulling Pulling image "${shipper}"`,
				`Warning Failed Failed to pull image "${shipper}": ${pullError(shipper, 'no-such-host')}`,
				'Warning Failed Error: ErrImagePull',
				`Normal BackOff Back-off pulling image "${shipper}"`,
				'Warning Failed Error: ImagePullBackOff',
			]),
		);
		expect(rows.every(row => row.OBJECT === 'pod/image-pull-error')).toBe(true);
	});

	it('a slow pull: ContainerCreating for the pull, then Running; Pulled says how long and how big', async () => {
		const rows = await watched(
			'app=slow-pull',
			'slow',
			() => {
				for (const {pod, behaviours} of parseScenario(slowPull)) sim.cluster.createPod(pod, behaviours, 'slow');
			},
			seen => seen.some(row => row.STATUS === 'Running'),
		);
		expect(sequence(rows)).toEqual(['Pending', 'ContainerCreating', 'Running']);
		expect(rows.at(-1)).toMatchObject({READY: '1/1', STATUS: 'Running', RESTARTS: '0'});
		const events = await kubectl(sim, ['get', 'events', '-n', 'slow', '-o', 'jsonpath={range .items[*]}{.reason}|{.message}{"\\n"}{end}']);
		expect(events.stdout).toContain('Pulling|Pulling image "acme/shop:4.2"\n');
		expect(events.stdout).toMatch(
			/^Pulled\|Successfully pulled image "acme\/shop:4\.2" in 2\d(\.\d+)?s \(2\d(\.\d+)?s including waiting\)\. Image size: 123456789 bytes\.$/m,
		);
	});

	it('pull policy Never, image absent: ErrImageNeverPull in get, describe and events', async () => {
		await eventually(async () => parseTable((await kubectl(sim, ['get', 'pods', 'never-pull'])).stdout)[0]?.STATUS === 'ErrImageNeverPull');
		const row = parseTable((await kubectl(sim, ['get', 'pods', 'never-pull'])).stdout)[0];
		expect(row).toMatchObject({READY: '0/1', STATUS: 'ErrImageNeverPull', RESTARTS: '0'});
		const page = (await kubectl(sim, ['describe', 'pod', 'never-pull'])).stdout;
		expect(page).toMatch(/^ {4}State: {10}Waiting\n {6}Reason: {7}ErrImageNeverPull$/m);
		expect(page).toMatch(
			/^ {2}Warning {2}ErrImageNeverPull .* kubelet +Container image "example.com\/not-here:1.0" is not present with pull policy of Never$/m,
		);
		expect(page).toMatch(/^ {2}Warning {2}Failed .* kubelet +Error: ErrImageNeverPull$/m);
		const message = (await kubectl(sim, ['get', 'pod', 'never-pull', '-o', 'jsonpath={.status.containerStatuses[0].state.waiting.message}'])).stdout;
		expect(message).toBe('Container image "example.com/not-here:1.0" is not present with pull policy of Never');
	});
});
