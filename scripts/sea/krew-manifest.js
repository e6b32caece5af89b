// krew's plugin manifest (https://krew.sigs.k8s.io/docs/developer-guide/plugin-manifest/) for
// the single executables: one platform per archive, each with the archive's sha256, the
// binary inside named as kubectl finds plugins. A pure function of its inputs, for the tests.
import {stringify} from 'yaml';

/** Node's name of an architecture, as krew's selectors (Go's GOARCH) name it. */
export const goArch = {x64: 'amd64', arm64: 'arm64'};

export const pluginBinary = 'kubectl-podscope';

/** Where releases are published unless PODSCOPE_RELEASE_URL or --release-url says otherwise: a placeholder with GitHub's pattern. */
export const defaultReleaseUrl = version => `https://github.com/podscope/podscope/releases/download/v${version}`;

/**
 * The manifest's YAML.
 * @param {{version: string, releaseUrl: string, homepage?: string, description: string,
 *   archives: {os: string, arch: string, file: string, sha256: string}[]}} options
 */
export function krewManifest({version, releaseUrl, homepage, description, archives}) {
	if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`krew: version ${version} is not semver`);
	if (archives.length === 0) throw new Error('krew: no archive to list');
	const platforms = archives.map(({os, arch, file, sha256}) => {
		if (!goArch[arch]) throw new Error(`krew: no GOARCH for the architecture ${arch}`);
		if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`krew: ${file}'s sha256 ${sha256} is not 64 hex digits`);
		return {
			selector: {matchLabels: {os, arch: goArch[arch]}},
			uri: `${releaseUrl.replace(/\/+$/, '')}/${file}`,
			sha256,
			files: [{from: pluginBinary, to: '.'}],
			bin: pluginBinary,
		};
	});
	const manifest = {
		apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
		kind: 'Plugin',
		metadata: {name: 'podscope'},
		spec: {
			version: `v${version}`,
			...(homepage ? {homepage} : {}),
			shortDescription: description,
			description: `${description}: a TUI and kubectl-like subcommands (logs, describe, doctor,\nexec, debug, port-forward) in one file that needs no Node.js installed.\n`,
			platforms,
		},
	};
	return stringify(manifest, {lineWidth: 0});
}
