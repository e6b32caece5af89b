import {readFileSync} from 'node:fs';
import {defineConfig} from 'vitest/config';

const {version} = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {version: string};

// The tiers of CONTRIBUTING.md. unit: pure code, no server, no process, no clock waits (under
// 5 s in all: `npm run test:unit`); components: Ink screens with ink-testing-library;
// integration: kube/, session/, commands/ and the sim over real HTTPS and WebSockets;
// conformance: the sim against the real kubectl and clients nobody here wrote; e2e: the built
// binary in tmux; faults: injected failures. Every file belongs to exactly one tier
// (test/scripts/tiers.test.ts checks it).
export const tiers = {
	unit: [
		'test/model/**/*.test.ts',
		'test/sim/unit/**/*.test.ts',
		'test/kube/logs/bytes*.test.ts',
		'test/kube/kubeconfig.test.ts',
		'test/kube/yaml-alias-budget.test.ts',
		'test/kube/proxy.test.ts',
		'test/kube/plugin-input.test.ts',
		'test/kube/port-forward-frames.test.ts',
		'test/ui/**/*.test.ts',
		'test/scripts/**/*.test.ts',
		'test/cluster/unit/**/*.test.ts',
	],
	components: ['test/ui/**/*.test.tsx'],
	integration: [
		'test/kube/**/*.test.ts',
		'test/session/**/*.test.ts',
		'test/commands/**/*.test.ts',
		'test/sim/exec/**/*.test.ts',
		'test/sim/integration/**/*.test.ts',
		'test/build/**/*.test.ts',
	],
	conformance: ['test/conformance/**/*.test.ts'],
	e2e: ['test/e2e/**/*.test.ts'],
	faults: ['test/faults/**/*.test.ts'],
	// The single files of `npm run build:sea`, with no Node on PATH (skipped when not built).
	sea: ['test/sea/**/*.test.ts'],
	// The sim against a real node (test/cluster/up.sh): only under `npm run test:cluster`.
	// (test/cluster/unit/ holds the pure parts of it, in the unit tier.)
	cluster: ['test/cluster/*.test.ts'],
};

// Slow pure tests (key generation, a simulated flood) run with the integration tier so the
// unit tier stays under 5 s.
const slowUnits = ['test/sim/unit/pki.test.ts', 'test/sim/unit/flood.test.ts'];

export type Tier = {name: keyof typeof tiers; include: string[]; exclude: string[]};

export const projects: Tier[] = [
	{name: 'unit', include: tiers.unit, exclude: slowUnits},
	{name: 'components', include: tiers.components, exclude: []},
	{name: 'integration', include: [...tiers.integration, ...slowUnits], exclude: tiers.unit.filter(glob => glob.startsWith('test/kube/'))},
	{name: 'conformance', include: tiers.conformance, exclude: []},
	{name: 'e2e', include: tiers.e2e, exclude: []},
	{name: 'faults', include: tiers.faults, exclude: []},
	{name: 'sea', include: tiers.sea, exclude: []},
	{name: 'cluster', include: tiers.cluster, exclude: []},
];

const withCluster = Boolean(process.env.PODSCOPE_CLUSTER);

export default defineConfig({
	define: {__PODSCOPE_VERSION__: JSON.stringify(version)},
	test: {
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Integration and conformance tests start servers and processes: on a 2-core
		// machine, two files at a time keeps timings honest.
		maxWorkers: 2,
		reporters: ['default', './test/helpers/summary-reporter.ts'],
		// Pure code shares workers (isolate: false): nothing to isolate, and a new worker per file
		// was most of the unit tier's time.
		projects: projects
			.filter(({name}) => name !== 'cluster' || withCluster)
			.map(({name, include, exclude}) => ({
				extends: true,
				// The real node's files one at a time: their pods share one small machine with the
				// sim, and a probe that times out under load is a real failure, not the sim's.
				test: {name, include, exclude, isolate: name !== 'unit', ...(name === 'cluster' ? {fileParallelism: false} : {})},
			})),
	},
});
