import {readFileSync} from 'node:fs';
import {defineConfig} from 'vitest/config';

const {version} = JSON.parse(readFileSync(new URL('package.json', import.meta.url), 'utf8')) as {version: string};

export default defineConfig({
	define: {__PODSCOPE_VERSION__: JSON.stringify(version)},
	test: {
		include: ['test/**/*.test.{ts,tsx}'],
		testTimeout: 30_000,
		hookTimeout: 30_000,
		// Integration and conformance tests start servers and processes: on a 2-core
		// machine, two files at a time keeps timings honest.
		maxWorkers: 2,
		reporters: ['default', './test/helpers/summary-reporter.ts'],
	},
});
