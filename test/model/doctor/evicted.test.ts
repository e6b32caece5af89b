import {describe, expect, it} from 'vitest';
import {diagnose} from '../../../source/model/doctor/index.js';
import {evicted} from '../../../source/model/doctor/evicted.js';
import {evictedEmptyDir, evictedEphemeral, evictedMemory} from '../../fixtures/real-node/lifecycle.js';

describe('evicted', () => {
	it('names the emptyDir that outgrew its sizeLimit and who writes to it', () => {
		const [finding] = evicted.check(evictedEmptyDir);
		expect(finding).toMatchObject({severity: 'error'});
		expect(finding!.title).toBe('the pod was evicted by the kubelet on podscope-node: emptyDir "scratch" grew past its sizeLimit 10Mi');
		expect(finding!.evidence).toEqual([
			'status.phase: Failed',
			'status.reason: Evicted',
			'status.message: Usage of EmptyDir volume "scratch" exceeds the limit "10Mi".',
			'spec.volumes{scratch}.emptyDir.sizeLimit: 10Mi',
			'spec.containers{app}.volumeMounts: scratch at /scratch',
			'event Warning Evicted: Usage of EmptyDir volume "scratch" exceeds the limit "10Mi".',
		]);
		expect(finding!.fix).toContain('Raise spec.volumes{scratch}.emptyDir.sizeLimit');
		expect(finding!.fix).toContain('nothing recreates a bare pod');
	});

	it('names the ephemeral-storage limit the containers outgrew', () => {
		const [finding] = evicted.check(evictedEphemeral);
		expect(finding!.title).toBe(
			'the pod was evicted by the kubelet on podscope-node: its containers wrote more than their total ephemeral-storage limit 10Mi (writable layers, logs and emptyDirs)',
		);
		expect(finding!.evidence).toContain('spec.containers{app}.resources.limits.ephemeral-storage: 10Mi');
		expect(finding!.fix).toContain('Raise spec.containers{app}.resources.limits.ephemeral-storage');
	});

	it('names the node pressure and who used more than it requested', () => {
		const [finding] = evicted.check(evictedMemory);
		expect(finding!.title).toBe(
			'the pod was evicted by the kubelet on worker-2: the node ran low on memory (threshold 100Mi, available 88764Ki); web was using 1324512Ki with a request of 0',
		);
		expect(finding!.evidence).toContain('spec.containers{web}.resources.requests.memory: <unset>');
		expect(finding!.evidence).toContain('status.conditions{DisruptionTarget}: True, TerminationByKubelet');
		expect(finding!.fix).toContain("set web's resources.requests.memory to what it uses");
		expect(finding!.fix).toContain('its ReplicaSet web-7d9f8 makes a new one');
	});

	it('comes first, and the dead containers are not called a crash loop', () => {
		const findings = diagnose(evictedEmptyDir);
		expect(findings[0]!.id).toBe('evicted');
		expect(findings.map(finding => finding.id)).not.toContain('crash-loop');
		expect(findings.map(finding => finding.id)).not.toContain('missing-probes');
	});
});
