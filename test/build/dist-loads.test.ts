import {execFile} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import semver from 'semver';
import {beforeAll, describe, expect, it} from 'vitest';
import {nodeRelease} from './node-release.js';

// dist/ is built on one Node and runs on any Node the dependencies allow: every chunk must
// load on the oldest Node 22 they allow and on Node 24, each a fresh process. A chunk that
// reads a builtin's export a Node lacks, or runs code Node 22 cannot parse, fails here.

const run = promisify(execFile);
const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = path.join(root, 'dist');
const bin = path.join(root, 'bin', 'podscope.js');
const {version} = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {version: string};

// The oldest Node 22 every runtime dependency allows: undici (of @kubernetes/client-node)
// wants >=22.19.0, and does not load on older ones (zlib's zstd).
const oldest22 = '22.19.0';

// Optional packages Ink imports only when asked to (DEV=true), not installed.
const optional = ['react-devtools-core'];

// Imports every chunk in one process: a chunk that fails to load prints why.
const loadEveryChunk = `
	const {readdirSync} = await import('node:fs');
	const {join} = await import('node:path');
	const {pathToFileURL} = await import('node:url');
	const dist = process.env.PODSCOPE_DIST;
	const failures = [];
	let loaded = 0;
	for (const file of readdirSync(dist).filter(file => file.endsWith('.js')).sort()) {
		try {
			await import(pathToFileURL(join(dist, file)).href);
			loaded++;
		} catch (error) {
			failures.push({file, error: String(error?.stack ?? error).split('\\n').slice(0, 3).join(' | ')});
		}
	}
	process.stdout.write('\\nRESULT ' + JSON.stringify({loaded, failures}) + '\\n');
	process.exit(0);
`;

function cleanEnv() {
	const env = {...process.env};
	delete env.NODE_OPTIONS;
	return env;
}

const nodes = [
	{name: `Node ${oldest22}`, expected: `v${oldest22}`, binary: () => nodeRelease(oldest22)},
	{
		name: 'Node 24, the node devDependency',
		expected: /^v24\./,
		binary: () => path.join(root, 'node_modules', 'node', 'bin', process.platform === 'win32' ? 'node.exe' : 'node'),
	},
];

describe.each(nodes)('dist/ on $name', ({expected: release, binary}) => {
	let node: string;
	beforeAll(() => {
		expect(existsSync(path.join(dist, 'cli.js')), 'dist/ is built (node scripts/build.js)').toBe(true);
		node = binary();
	}, 300_000);

	it('is the Node it says', async () => {
		const {stdout} = await run(node, ['--version']);
		expect(stdout.trim()).toMatch(release);
	});

	it('imports every chunk', async () => {
		const {stdout} = await run(node, ['--input-type=module', '-e', loadEveryChunk], {cwd: root, env: {...cleanEnv(), PODSCOPE_DIST: dist}});
		const {loaded, failures} = JSON.parse(/^RESULT (.*)$/m.exec(stdout)![1]!) as {loaded: number; failures: Array<{file: string; error: string}>};
		const chunks = readdirSync(dist).filter(file => file.endsWith('.js'));
		const expected = failures.filter(({error}) => optional.some(name => error.includes(`Cannot find package '${name}'`)));
		expect(failures.filter(failure => !expected.includes(failure))).toEqual([]);
		expect(expected.length).toBeLessThanOrEqual(1);
		expect(loaded + failures.length).toBe(chunks.length);
		expect(chunks.length).toBeGreaterThan(10);
	});

	it('starts: --version and --help', async () => {
		const options = {cwd: root, env: cleanEnv()};
		expect((await run(node, [bin, '--version'], options)).stdout.trim()).toBe(version);
		expect((await run(node, [bin, '--help'], options)).stdout).toContain('podscope');
	});
});

it(`Node ${oldest22} is allowed by every runtime dependency`, () => {
	// A dependency that raises its floor fails here: then raise oldest22 (and engines).
	const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {packages: Record<string, {dev?: boolean; engines?: {node?: string}}>};
	const refusing = Object.entries(lock.packages)
		.filter(([name, entry]) => name !== '' && !entry.dev && entry.engines?.node && !semver.satisfies(oldest22, entry.engines.node))
		.map(([name, entry]) => `${name} wants node ${entry.engines!.node}`);
	expect(refusing).toEqual([]);
});
