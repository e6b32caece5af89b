import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {projects} from '../../vitest.config.js';

// Every test file runs in exactly one tier: a file no glob takes would never run, and one taken
// twice would run twice in `npm test`.

const root = path.resolve(import.meta.dirname, '../..');

function testFiles(dir: string): string[] {
	return readdirSync(path.join(root, dir), {withFileTypes: true}).flatMap(entry => {
		const relative = `${dir}/${entry.name}`;
		if (entry.isDirectory()) return testFiles(relative);
		return /\.test\.tsx?$/.test(entry.name) ? [relative] : [];
	});
}

/** The globs the config uses: `**` any folders, `*` any name part. */
function matches(glob: string, file: string): boolean {
	const pattern = glob
		.split(/(\*\*\/|\*|\{[^}]*\})/)
		.map(part => {
			if (part === '**/') return '(?:.*/)?';
			if (part === '*') return '[^/]*';
			if (part.startsWith('{')) return `(?:${part.slice(1, -1).split(',').join('|')})`;
			return part.replace(/[.+?^$()[\]\\|]/g, '\\$&');
		})
		.join('');
	return new RegExp(`^${pattern}$`).test(file);
}

describe('test tiers', () => {
	it('matches globs as vitest does for the shapes the config uses', () => {
		expect(matches('test/model/**/*.test.ts', 'test/model/a.test.ts')).toBe(true);
		expect(matches('test/model/**/*.test.ts', 'test/model/logs/a.test.ts')).toBe(true);
		expect(matches('test/ui/**/*.test.ts', 'test/ui/a.test.tsx')).toBe(false);
		expect(matches('test/kube/logs/bytes*.test.ts', 'test/kube/logs/bytes-plain.test.ts')).toBe(true);
	});

	it('puts every test file in exactly one tier', () => {
		const tiersOf = (file: string) =>
			projects.filter(({include, exclude}) => include.some(glob => matches(glob, file)) && !exclude.some(glob => matches(glob, file))).map(({name}) => name);
		const wrong = testFiles('test')
			.map(file => ({file, tiers: tiersOf(file)}))
			.filter(({tiers}) => tiers.length !== 1);
		expect(wrong).toEqual([]);
	});

	it('keeps servers out of the unit tier: no unit test starts the sim', () => {
		const unit = projects.find(({name}) => name === 'unit')!;
		const files = testFiles('test').filter(file => unit.include.some(glob => matches(glob, file)) && !unit.exclude.some(glob => matches(glob, file)));
		expect(files.length).toBeGreaterThan(20);
		const simBacked = files.filter(
			file =>
				file !== 'test/scripts/tiers.test.ts' && /startTestSim|startSim\(|helpers\/sim\.js|createServer\(/.test(readFileSync(path.join(root, file), 'utf8')),
		);
		expect(simBacked).toEqual([]);
	});
});
