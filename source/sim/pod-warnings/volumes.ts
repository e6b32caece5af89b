import type {Volume} from '../../model/k8s.js';
import {fractionalWarning} from './containers.js';

// Deprecated and removed volume plugins, and the generic ephemeral volume's claim template
// (pvcutil.GetWarningsForPersistentVolumeClaimSpec), as kubernetes pkg/api/pod/warnings.go
// (v1.35.4) checks each volume, in its order. The path names the Go field, so StorageOS (JSON
// "storageos") is printed "storageOS".

type Check = {json: string; field: string; message: string} | {ephemeral: true};

const checks: Check[] = [
	{json: 'photonPersistentDisk', field: 'photonPersistentDisk', message: 'deprecated in v1.11, non-functional in v1.16+'},
	// GitRepoVolumeDriver is off by default since v1.33 (pkg/features/kube_features.go).
	{json: 'gitRepo', field: 'gitRepo', message: 'deprecated in v1.11, and disabled by default in v1.33+'},
	{json: 'scaleIO', field: 'scaleIO', message: 'deprecated in v1.16, non-functional in v1.22+'},
	{json: 'flocker', field: 'flocker', message: 'deprecated in v1.22, non-functional in v1.25+'},
	{json: 'storageos', field: 'storageOS', message: 'deprecated in v1.22, non-functional in v1.25+'},
	{json: 'quobyte', field: 'quobyte', message: 'deprecated in v1.22, non-functional in v1.25+'},
	{json: 'glusterfs', field: 'glusterfs', message: 'deprecated in v1.25, non-functional in v1.26+'},
	{ephemeral: true},
	{json: 'cephfs', field: 'cephfs', message: 'deprecated in v1.28, non-functional in v1.31+'},
	{json: 'rbd', field: 'rbd', message: 'deprecated in v1.28, non-functional in v1.31+'},
];

function ephemeralWarnings(volume: Volume, path: string): string[] {
	const spec = volume.ephemeral?.volumeClaimTemplate?.spec;
	if (volume.ephemeral?.volumeClaimTemplate == null) return [];
	const specPath = `${path}.ephemeral.volumeClaimTemplate.spec.resources`;
	return [
		...fractionalWarning(spec?.resources?.requests, 'storage', `${specPath}.requests`),
		...fractionalWarning(spec?.resources?.limits, 'storage', `${specPath}.limits`),
	];
}

export function volumeWarnings(volumes: Volume[]): string[] {
	const warnings: string[] = [];
	for (const [index, volume] of volumes.entries()) {
		const path = `spec.volumes[${index}]`;
		for (const check of checks) {
			if ('ephemeral' in check) warnings.push(...ephemeralWarnings(volume, path));
			else if ((volume as Record<string, unknown>)[check.json] != null) warnings.push(`${path}.${check.field}: ${check.message}`);
		}
	}
	return warnings;
}
