import {describe, expect, it} from 'vitest';
import {mountFailure} from '../../../source/model/doctor/mount-failure.js';
import {missingConfigMapVolume} from '../../fixtures/real-node/containers.js';

describe('mount-failure', () => {
	it('names the volume, the object it needs and the container that mounts it', () => {
		const [finding] = mountFailure.check(missingConfigMapVolume);
		expect(finding).toMatchObject({severity: 'error', container: 'app'});
		expect(finding!.title).toBe('no container can start: volume "config" cannot be mounted (ConfigMap app-config not found) for 41s');
		expect(finding!.evidence).toEqual([
			'event Warning FailedMount ×7: MountVolume.SetUp failed for volume "config" : configmap "app-config" not found',
			'spec.volumes{config}.configMap.name: app-config',
			'spec.containers{app}.volumeMounts[0]: config at /etc/app',
		]);
		expect(finding!.fix).toContain('Create ConfigMap app-config in namespace ref-missing-configmap-volume');
	});

	it('reads the timed-out form that lists the unmounted volumes', () => {
		const input = structuredClone(missingConfigMapVolume);
		input.events[0]!.message =
			'Unable to attach or mount volumes: unmounted volumes=[config], unattached volumes=[], failed to process volumes=[]: timed out waiting for the condition';
		const [finding] = mountFailure.check(input);
		expect(finding!.title).toBe('no container can start: volume "config" cannot be mounted for 41s');
		expect(finding!.evidence).toContain('spec.volumes{config}.configMap.name: app-config');
	});

	it('forgets an old FailedMount once the containers run (the ConfigMap was created)', () => {
		const input = structuredClone(missingConfigMapVolume);
		input.pod.status!.phase = 'Running';
		input.pod.status!.containerStatuses![0]!.state = {running: {startedAt: '2026-12-05T12:52:39Z'}};
		expect(mountFailure.check(input)).toEqual([]);
	});
});
