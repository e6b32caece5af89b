import type {Reporter, TestModule} from 'vitest/node';

// One plain closing line, "tests: N passed, N failed, N skipped", that any CI can read.

export default class SummaryReporter implements Reporter {
	onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
		let passed = 0;
		let failed = 0;
		let skipped = 0;
		for (const module of testModules) {
			for (const test of module.children.allTests()) {
				const state = test.result().state;
				if (state === 'passed') passed++;
				else if (state === 'failed') failed++;
				else skipped++;
			}
			// A file that failed to load has no tests to count, but it did fail.
			if (module.state() === 'failed' && [...module.children.allTests()].length === 0) failed++;
		}
		failed += unhandledErrors.length;
		process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
	}
}
