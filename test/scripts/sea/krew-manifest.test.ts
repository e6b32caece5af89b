import {describe, expect, it} from 'vitest';
import {parse} from 'yaml';
import {defaultReleaseUrl, krewManifest} from '../../../scripts/sea/krew-manifest.js';

// krew's manifest for the single files (scripts/build-sea.js writes dist-sea/podscope.yaml):
// the fields krew reads (https://krew.sigs.k8s.io/docs/developer-guide/plugin-manifest/).

const sha = (digit: string) => digit.repeat(64);
const archives = [
	{os: 'linux', arch: 'x64', file: 'podscope-linux-x64.tar.gz', sha256: sha('a')},
	{os: 'linux', arch: 'arm64', file: 'podscope-linux-arm64.tar.gz', sha256: sha('b')},
];
const options = {version: '1.2.3', releaseUrl: 'https://example.test/releases/v1.2.3/', description: 'A terminal UI debugger', archives};

type Platform = {selector: {matchLabels: {os: string; arch: string}}; uri: string; sha256: string; bin: string; files: {from: string; to: string}[]};

describe("krew's plugin manifest", () => {
	const manifest = parse(krewManifest(options)) as {
		apiVersion: string;
		kind: string;
		metadata: {name: string};
		spec: {version: string; shortDescription: string; description: string; platforms: Platform[]};
	};

	it('is a krew Plugin named podscope, versioned as krew wants (a v and semver)', () => {
		expect(manifest).toMatchObject({apiVersion: 'krew.googlecontainertools.github.com/v1alpha2', kind: 'Plugin', metadata: {name: 'podscope'}});
		expect(manifest.spec.version).toBe('v1.2.3');
		expect(manifest.spec.shortDescription).toBe('A terminal UI debugger');
		expect(manifest.spec.description).toMatch(/^A terminal UI debugger: .+\n$/s);
	});

	it('lists one platform per archive, with Go names for the architectures and the archive under the release URL', () => {
		expect(manifest.spec.platforms).toEqual([
			{
				selector: {matchLabels: {os: 'linux', arch: 'amd64'}},
				uri: 'https://example.test/releases/v1.2.3/podscope-linux-x64.tar.gz',
				sha256: sha('a'),
				files: [{from: 'kubectl-podscope', to: '.'}],
				bin: 'kubectl-podscope',
			},
			{
				selector: {matchLabels: {os: 'linux', arch: 'arm64'}},
				uri: 'https://example.test/releases/v1.2.3/podscope-linux-arm64.tar.gz',
				sha256: sha('b'),
				files: [{from: 'kubectl-podscope', to: '.'}],
				bin: 'kubectl-podscope',
			},
		]);
	});

	it('points at GitHub release downloads of the version unless told otherwise', () => {
		expect(defaultReleaseUrl('1.2.3')).toBe('https://github.com/podscope/podscope/releases/download/v1.2.3');
	});

	it('refuses what krew would refuse', () => {
		expect(() => krewManifest({...options, version: '1.2'})).toThrow('krew: version 1.2 is not semver');
		expect(() => krewManifest({...options, archives: []})).toThrow('krew: no archive to list');
		expect(() => krewManifest({...options, archives: [{...archives[0]!, sha256: 'abc'}]})).toThrow(
			"podscope-linux-x64.tar.gz's sha256 abc is not 64 hex digits",
		);
		expect(() => krewManifest({...options, archives: [{...archives[0]!, arch: 'ia32'}]})).toThrow('krew: no GOARCH for the architecture ia32');
	});
});
