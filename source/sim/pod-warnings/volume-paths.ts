import type {Volume, VolumeProjection} from '../../model/k8s.js';
import {goQuote} from './go-quote.js';

// warningsForOverlappingVirtualPaths of kubernetes pkg/api/pod/warnings.go (v1.35.4): within
// one configMap, secret, downwardAPI or projected volume, two items written to the same path,
// or one inside the other's, overwrite each other or fail with "is a directory"; and a
// projected source with nothing in it projects nothing.

type PathAndSource = {path: string; source: string};

const describe = ({path, source}: PathAndSource) => (source ? `${goQuote(path)} (${source})` : goQuote(path));

/** checkForOverlap: equal items, or one path a directory prefix of the other ('/' always). */
function overlaps(haystack: PathAndSource[], needle: PathAndSource): PathAndSource[] {
	if (needle.path === '') return [];
	return haystack.filter(
		item =>
			item.path !== '' &&
			((item.path === needle.path && item.source === needle.source) ||
				`${item.path}/`.startsWith(`${needle.path}/`) ||
				`${needle.path}/`.startsWith(`${item.path}/`)),
	);
}

/** Each path against those before it, trailing slashes trimmed; "<path> with <earlier path>". */
function collisions(paths: PathAndSource[], seen: PathAndSource[] = []): string[] {
	const found: string[] = [];
	for (const raw of paths) {
		const item = {...raw, path: (raw.path ?? '').replace(/\/+$/, '')};
		for (const other of overlaps(seen, item)) found.push(`${describe(item)} with ${describe(other)}`);
		seen.push(item);
	}
	return found;
}

const fromItems = (items: Array<{path: string}>, source: string) => items.map(item => ({path: item.path, source}));

const sourceKeys = ['secret', 'downwardAPI', 'configMap', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate'] as const;

/** The paths one projected source writes, as the Go switch picks the first set member. */
function projectedPaths(source: VolumeProjection): PathAndSource[] {
	if (source.configMap?.items != null) return fromItems(source.configMap.items, `ConfigMap ${goQuote(source.configMap.name ?? '')}`);
	if (source.secret?.items != null) return fromItems(source.secret.items, `Secret ${goQuote(source.secret.name ?? '')}`);
	if (source.downwardAPI?.items != null) return fromItems(source.downwardAPI.items, 'DownwardAPI');
	if (source.serviceAccountToken != null) return [{path: source.serviceAccountToken.path, source: 'ServiceAccountToken'}];
	const bundle = source.clusterTrustBundle;
	if (bundle != null) return [{path: bundle.path, source: `ClusterTrustBundle ${goQuote(bundle.name ?? bundle.signerName ?? '')}`}];
	const certificate = source.podCertificate;
	if (certificate == null) return [];
	const paths: PathAndSource[] = [];
	if (certificate.certificateChainPath) paths.push({path: certificate.certificateChainPath, source: 'PodCertificate chain'});
	if (certificate.keyPath) paths.push({path: certificate.keyPath, source: 'PodCertificate key'});
	if (certificate.credentialBundlePath) paths.push({path: certificate.credentialBundlePath, source: 'PodCertificate credential bundle'});
	return paths;
}

function projectedWarnings(volume: Volume, sources: VolumeProjection[]): string[] {
	const warnings: string[] = [];
	const seen: PathAndSource[] = [];
	for (const source of sources) {
		if (!sourceKeys.some(key => source?.[key] != null)) {
			warnings.push(`volume ${goQuote(volume.name)} (Projected) has no sources provided`);
			continue;
		}
		for (const overlap of collisions(projectedPaths(source), seen)) warnings.push(`volume ${goQuote(volume.name)} (Projected): overlapping paths: ${overlap}`);
	}
	return warnings;
}

export function volumePathWarnings(volumes: Volume[]): string[] {
	const warnings: string[] = [];
	for (const volume of volumes) {
		const warn = (description: string, found: string[]) => {
			for (const overlap of found) warnings.push(`volume ${goQuote(volume.name)} (${description}): overlapping paths: ${overlap}`);
		};
		if (volume.configMap?.items != null) warn(`ConfigMap ${goQuote(volume.configMap.name ?? '')}`, collisions(fromItems(volume.configMap.items, '')));
		if (volume.secret?.items != null) warn(`Secret ${goQuote(volume.secret.secretName ?? '')}`, collisions(fromItems(volume.secret.items, '')));
		if (volume.downwardAPI?.items != null) warn('DownwardAPI', collisions(fromItems(volume.downwardAPI.items, '')));
		if (volume.projected != null) warnings.push(...projectedWarnings(volume, volume.projected.sources ?? []));
	}
	return warnings;
}
