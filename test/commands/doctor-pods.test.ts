import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {run} from '../../source/commands/doctor.js';
import type {Finding} from '../../source/model/doctor/index.js';
import {visibleWidth} from '../../source/model/sanitize.js';
import {loadScenario} from '../../source/sim/scenario.js';
import {captureOutput} from '../helpers/capture.js';
import {eventually, kubectl, startTestSim, type TestSim} from '../helpers/sim.js';

// `podscope doctor` without a pod name (issue 15): every pod in scope, one line each as kubectl
// get prints a table, -l/--field-selector/-A as kubectl takes them, -o json, and exit 1 when
// any pod has something above info. best-practice alone is clean: exit 0.

let sim: TestSim;
beforeAll(async () => {
	sim = await startTestSim({scenarios: ['crashloop', 'best-practice', 'unschedulable', 'web-app-complete'], speed: 5});
	// A namespace holding only the pod that does everything right.
	for (const {pod, behaviours} of loadScenario('best-practice')) sim.cluster.createPod(pod, behaviours, 'shop');
});
afterAll(async () => {
	await sim.close();
});

function doctor(...args: string[]): Promise<{code: number; out: string; err: string}> {
	return captureOutput(() => run([...args, '--kubeconfig', sim.kubeconfigPath]));
}

const rows = (out: string) =>
	out
		.trimEnd()
		.split('\n')
		.map(line => line.split(/ {3,}/));

type Item = {namespace: string; name: string; status: string; counts: Record<string, number>; findings: Finding[]};

describe('podscope doctor over every pod in scope', () => {
	it('checks every pod of the namespace, one line each in name order, and exits 1', async () => {
		// Once crashloop has crashed, its line names the crash loop.
		const result = await eventually(async () => {
			const found = await doctor();
			return found.out.includes('✗ payments is') ? found : undefined;
		}, 30_000);
		expect(result.code).toBe(1);
		expect(result.err).toBe('');
		const table = rows(result.out);
		expect(table[0]).toEqual(['NAME', 'STATUS', 'ERRORS', 'WARNINGS', 'FINDING']);
		expect(table.slice(1).map(row => row[0])).toEqual(['best-practice', 'crashloop', 'unschedulable', 'web-app-complete']);
		const byName = Object.fromEntries(table.slice(1).map(row => [row[0], row]));
		expect(byName['best-practice']).toEqual(['best-practice', 'Running', '0', '0', '-']);
		expect(byName.unschedulable!.slice(0, 3)).toEqual(['unschedulable', 'Pending', '1']);
		expect(byName.unschedulable![4]).toMatch(/^✗ the pod cannot be scheduled/);
		expect(byName.crashloop![4]).toMatch(/^✗ payments is (in CrashLoopBackOff|crash-looping)/);
		// web-app-complete's worst is a warning (its missing probes and unshared volume).
		expect(byName['web-app-complete']![4]).toMatch(/^! /);
		// Piped, the lines are not cut.
		expect(result.out).not.toContain('…');
	}, 40_000);

	it('-l narrows to the matching pods: best-practice alone exits 0', async () => {
		const {code, out, err} = await doctor('-l', 'app=storefront');
		expect(err).toBe('');
		expect(rows(out)).toEqual([
			['NAME', 'STATUS', 'ERRORS', 'WARNINGS', 'FINDING'],
			['best-practice', 'Running', '0', '0', '-'],
		]);
		expect(code).toBe(0);
	});

	it('a namespace holding only best-practice exits 0', async () => {
		const {code, out} = await doctor('-n', 'shop');
		expect(rows(out).slice(1)).toEqual([['best-practice', 'Running', '0', '0', '-']]);
		expect(code).toBe(0);
	});

	it('--field-selector narrows as kubectl does', async () => {
		const {code, out} = await doctor('--field-selector', 'status.phase=Pending');
		expect(
			rows(out)
				.slice(1)
				.map(row => row[0]),
		).toEqual(['unschedulable']);
		expect(code).toBe(1);
	});

	it('-A adds NAMESPACE and orders by namespace, then name', async () => {
		const {code, out} = await doctor('-A');
		const table = rows(out);
		expect(table[0]).toEqual(['NAMESPACE', 'NAME', 'STATUS', 'ERRORS', 'WARNINGS', 'FINDING']);
		expect(table.slice(1).map(row => `${row[0]}/${row[1]}`)).toEqual([
			'default/best-practice',
			'default/crashloop',
			'default/unschedulable',
			'default/web-app-complete',
			'shop/best-practice',
		]);
		expect(code).toBe(1);
	});

	it('--width cuts only FINDING, with an ellipsis', async () => {
		const {out} = await doctor('--width', '90');
		const lines = out.trimEnd().split('\n');
		for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(90);
		const unschedulable = lines.find(line => line.startsWith('unschedulable '))!;
		expect(unschedulable).toMatch(/^unschedulable {6,}Pending {3,}1 {3,}\d+ {3,}✗ the pod cannot be .*…$/);
	});

	it('-o json: one item per pod with its status, counts and findings, worst first', async () => {
		const {code, out} = await doctor('-A', '-o', 'json');
		expect(code).toBe(1);
		const {items} = JSON.parse(out) as {items: Item[]};
		expect(items.map(item => `${item.namespace}/${item.name}`)).toEqual([
			'default/best-practice',
			'default/crashloop',
			'default/unschedulable',
			'default/web-app-complete',
			'shop/best-practice',
		]);
		for (const item of items) expect(Object.keys(item)).toEqual(['namespace', 'name', 'status', 'counts', 'findings']);
		const unschedulable = items.find(item => item.name === 'unschedulable')!;
		expect(unschedulable.status).toBe('Pending');
		expect(unschedulable.findings[0]!.id).toBe('unschedulable');
		expect(unschedulable.counts.error).toBe(unschedulable.findings.filter(finding => finding.severity === 'error').length);
		expect(items.find(item => item.namespace === 'shop')!.findings).toEqual([]);
		// The crash loop's previous log was fetched: its evidence quotes the panic.
		const crashloop = await eventually(async () => {
			const found = (JSON.parse((await doctor('-o', 'json', '-l', 'app=payments')).out) as {items: Item[]}).items[0]!;
			return found.findings[0]?.id === 'crash-loop' ? found : undefined;
		}, 30_000);
		expect(crashloop.findings[0]!.evidence.join('\n')).toContain('panic: runtime error: invalid memory address or nil pointer dereference');
	}, 40_000);

	it('no pod in scope: kubectl\'s "No resources found" on stderr, exit 0', async () => {
		expect(await doctor('-n', 'empty')).toEqual({code: 0, out: '', err: 'No resources found in empty namespace.\n'});
		expect(await doctor('-A', '-l', 'app=nothing')).toEqual({code: 0, out: '', err: 'No resources found\n'});
		const json = await doctor('-l', 'app=nothing', '-o', 'json');
		expect(json.code).toBe(0);
		expect(JSON.parse(json.out)).toEqual({items: []});
		expect(json.err).toBe('');
	});

	it("a name with a selector or -A is refused with kubectl's texts (exit 2)", async () => {
		const selector = 'error: name cannot be provided when a selector is specified\n';
		expect(await doctor('best-practice', '-l', 'app=storefront')).toEqual({code: 2, out: '', err: selector});
		expect(await doctor('best-practice', '--field-selector', 'status.phase=Running')).toEqual({code: 2, out: '', err: selector});
		expect(await doctor('best-practice', '-A', '-l', 'a=b')).toEqual({code: 2, out: '', err: selector});
		expect(await doctor('best-practice', '-A')).toEqual({code: 2, out: '', err: 'error: a resource cannot be retrieved by name across all namespaces\n'});
		expect((await doctor('best-practice', 'crashloop')).code).toBe(2);
		expect(await doctor('-o', 'yaml')).toEqual({
			code: 2,
			out: '',
			err: 'error: unable to match a printer suitable for the output format "yaml", allowed formats are: json,text\n',
		});
	});

	it("a selector the server refuses: kubectl's text, exit 2", async () => {
		expect(await doctor('-l', 'a b')).toEqual({
			code: 2,
			out: '',
			err: 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "a b", field selector "": unable to parse requirement: found \'b\', expected: in, notin, =, ==, !=, gt, lt\n',
		});
		expect((await doctor('-A', '--field-selector', 'foo=bar')).err).toBe(
			'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "foo=bar": field label not supported: foo\n',
		);
	});

	it('says what kubectl get pods says for the same arguments', async () => {
		const cases = [
			['best-practice', '-l', 'app=storefront'],
			['best-practice', '-A'],
			['-n', 'empty'],
			['-A', '-l', 'app=nothing'],
			['-l', 'a b'],
			['--field-selector', 'foo=bar'],
		];
		for (const args of cases) {
			const ours = await doctor(...args);
			const theirs = await kubectl(sim, ['get', 'pods', ...args]);
			expect(ours.err, args.join(' ')).toBe(theirs.stderr);
			// kubectl's 1 is doctor's "something is wrong with a pod": its own failures exit 2.
			expect(ours.code, args.join(' ')).toBe(theirs.code === 0 ? 0 : 2);
		}
	});
});
