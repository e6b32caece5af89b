import {describe, expect, it} from 'vitest';
import type {Pod} from '../../source/model/k8s.js';
import {ownerText, podOwner} from '../../source/model/owner.js';

// Pods as the controllers make them: the direct controller in ownerReferences, a
// Deployment's pods labelled with their ReplicaSet's pod-template-hash.

type Reference = {kind: string; name: string; controller?: boolean};

function pod(name: string, references: Reference[], labels?: Record<string, string>): Pod {
	return {
		metadata: {
			name,
			namespace: 'default',
			labels,
			ownerReferences: references.map(reference => ({apiVersion: 'apps/v1', uid: `uid-${reference.name}`, ...reference})),
		},
		spec: {containers: [{name: 'app', image: 'nginx'}]},
	} as Pod;
}

describe('podOwner', () => {
	it("names a Deployment's pod by the Deployment, through its ReplicaSet's pod-template-hash", () => {
		const web = pod('web-7d4b9c8f6-x2k9p', [{kind: 'ReplicaSet', name: 'web-7d4b9c8f6', controller: true}], {app: 'web', 'pod-template-hash': '7d4b9c8f6'});
		expect(podOwner(web)).toEqual({kind: 'ReplicaSet', workloadKind: 'Deployment', name: 'web', text: 'deploy/web'});
		const dashed = pod('api-gw-5f6c-abcde', [{kind: 'ReplicaSet', name: 'api-gw-5f6c', controller: true}], {'pod-template-hash': '5f6c'});
		expect(ownerText(dashed)).toBe('deploy/api-gw');
	});

	it('keeps a ReplicaSet made by hand (no hash, or a name without it) as rs/', () => {
		expect(ownerText(pod('cache-abcde', [{kind: 'ReplicaSet', name: 'cache', controller: true}]))).toBe('rs/cache');
		expect(ownerText(pod('cache-abcde', [{kind: 'ReplicaSet', name: 'cache', controller: true}], {'pod-template-hash': 'cache'}))).toBe('rs/cache');
		expect(ownerText(pod('cache-abcde', [{kind: 'ReplicaSet', name: 'cache-v2', controller: true}], {'pod-template-hash': '7d4b9c8f6'}))).toBe('rs/cache-v2');
	});

	it("uses kubectl's short names for the other controllers", () => {
		expect(ownerText(pod('db-0', [{kind: 'StatefulSet', name: 'db', controller: true}]))).toBe('sts/db');
		expect(ownerText(pod('exporter-q8x7z', [{kind: 'DaemonSet', name: 'exporter', controller: true}]))).toBe('ds/exporter');
		expect(ownerText(pod('migrate-7xkq2', [{kind: 'Job', name: 'migrate', controller: true}]))).toBe('job/migrate');
		// A CronJob's pod records its Job only.
		expect(ownerText(pod('backup-29012345-lw2cp', [{kind: 'Job', name: 'backup-29012345', controller: true}]))).toBe('job/backup-29012345');
		expect(ownerText(pod('legacy-abcde', [{kind: 'ReplicationController', name: 'legacy', controller: true}]))).toBe('rc/legacy');
		expect(ownerText(pod('kube-apiserver-node1', [{kind: 'Node', name: 'node1', controller: true}]))).toBe('node/node1');
		expect(ownerText(pod('x', [{kind: 'Rollout', name: 'canary', controller: true}]))).toBe('rollout/canary');
	});

	it('prefers the controller reference and shows - for a bare pod', () => {
		const adopted = pod('web-1', [
			{kind: 'ConfigMap', name: 'keeper'},
			{kind: 'StatefulSet', name: 'web', controller: true},
		]);
		expect(ownerText(adopted)).toBe('sts/web');
		expect(ownerText(pod('bare', []))).toBe('-');
		expect(podOwner(pod('bare', []))).toBeUndefined();
	});
});
