import {describe, expect, test} from 'vitest';
import {createConfigObject} from '../../../source/sim/config/objects.js';
import {mountRetrySeconds, noticeDelaySeconds} from '../../../source/sim/kubelet/volume-manager.js';
import {condition, containerStatus, SimHarness} from './harness.js';

// What the kubelet does with ConfigMaps and Secrets that are missing: a container whose env
// needs one stays in CreateContainerConfigError and is retried at each pod sync (the pod
// worker's 10 s back-off, jittered: 12.5 s); a volume that needs one keeps the whole pod in
// ContainerCreating with FailedMount events at the volume manager's back-off (0.5 s doubling
// to 2m2s). Created, the object lets the pod go on at the next retry.

const now = (sim: SimHarness) => new Date(sim.clock.now()).toISOString();

describe('a Secret missing from the env', () => {
	test('CreateContainerConfigError with the kubelet text, retried each sync, started once created', () => {
		const sim = new SimHarness();
		sim.load('missing-secret');
		const failed = () => sim.events('missing-secret').find(event => event.reason === 'Failed');
		// Each retry pulls (finds the image) and fails again: at the sync after PLEG saw the app
		// start (a second later), then every 12.5 s.
		sim.at(1.1);
		expect(failed()?.count).toBe(1);
		sim.at(1.2);
		expect(failed()?.count).toBe(2);
		sim.at(5);
		const waiting = containerStatus(sim.pod('missing-secret'), 'vault-agent').state?.waiting;
		expect(waiting).toEqual({reason: 'CreateContainerConfigError', message: 'secret "vault-token" not found'});
		expect(containerStatus(sim.pod('missing-secret'), 'app').state?.running).toBeDefined();
		expect(sim.row('missing-secret')).toEqual({ready: '1/2', status: 'CreateContainerConfigError', restarts: 0});
		expect(sim.pod('missing-secret').status?.phase).toBe('Pending');
		expect(failed()).toMatchObject({
			type: 'Warning',
			message: 'Error: secret "vault-token" not found',
			involvedObject: {fieldPath: 'spec.containers{vault-agent}'},
			count: 2,
		});
		sim.at(30);
		expect(failed()?.count).toBe(4);

		createConfigObject(sim.cluster, 'Secret', {metadata: {name: 'vault-token'}, stringData: {token: 's.abc123'}}, 'default', now(sim));
		sim.at(38.6);
		expect(containerStatus(sim.pod('missing-secret'), 'vault-agent').state?.waiting?.reason).toBe('CreateContainerConfigError');
		sim.at(39);
		expect(containerStatus(sim.pod('missing-secret'), 'vault-agent').state?.running).toBeDefined();
		expect(sim.row('missing-secret')).toEqual({ready: '2/2', status: 'Running', restarts: 0});
		expect(sim.pod('missing-secret').status?.phase).toBe('Running');
		expect(sim.cluster.worker(sim.pod('missing-secret'))?.slot('vault-agent')?.environment).toMatchObject({
			VAULT_TOKEN: 's.abc123',
			VAULT_ADDR: 'http://vault.vault.svc:8200',
			KUBERNETES_SERVICE_HOST: '10.43.0.1',
		});
	});

	test('a missing key has its own text', () => {
		const sim = new SimHarness();
		createConfigObject(sim.cluster, 'Secret', {metadata: {name: 'vault-token'}, stringData: {other: 'x'}}, 'default', now(sim));
		sim.load('missing-secret');
		sim.at(2);
		expect(containerStatus(sim.pod('missing-secret'), 'vault-agent').state?.waiting?.message).toBe("couldn't find key token in Secret default/vault-token");
	});
});

describe('a ConfigMap missing from a volume', () => {
	test('ContainerCreating with FailedMount at the back-off; Running at the next attempt once created', () => {
		const sim = new SimHarness();
		sim.load('missing-configmap-volume');
		sim.at(20);
		const pod = sim.pod('missing-configmap-volume');
		expect(sim.row('missing-configmap-volume')).toEqual({ready: '0/1', status: 'ContainerCreating', restarts: 0});
		expect(pod.status?.podIP).toBeUndefined();
		expect(condition(pod, 'PodReadyToStartContainers')?.status).toBe('False');
		const mounts = sim.events('missing-configmap-volume').filter(event => event.reason === 'FailedMount');
		expect(mounts).toHaveLength(1);
		expect(mounts[0]).toMatchObject({
			type: 'Warning',
			message: 'MountVolume.SetUp failed for volume "config" : configmap "web-config" not found',
			count: 6,
		});
		expect(mounts[0]!.involvedObject.fieldPath).toBeUndefined();
		// Attempts 0, 0.5, 1.5, 3.5, 7.5 and 15.5 s after scheduling have failed; the next is at 31.5 s.
		createConfigObject(sim.cluster, 'ConfigMap', {metadata: {name: 'web-config'}, data: {'default.conf': 'server {}'}}, 'default', now(sim));
		sim.at(31.5);
		expect(sim.row('missing-configmap-volume').status).toBe('ContainerCreating');
		sim.at(32);
		expect(sim.row('missing-configmap-volume')).toEqual({ready: '1/1', status: 'Running', restarts: 0});
		expect(sim.events('missing-configmap-volume').find(event => event.reason === 'FailedMount')?.count).toBe(6);
		expect(sim.pod('missing-configmap-volume').status?.podIP).toBeDefined();
	});

	test("every pod's kube-api-access volume mounts from the namespace's kube-root-ca.crt", () => {
		const sim = new SimHarness();
		const [pod] = sim.load('crashloop');
		expect(pod!.spec.volumes?.[0]?.projected?.sources?.[1]?.configMap?.name).toBe('kube-root-ca.crt');
		sim.at(1);
		expect(sim.events('crashloop').some(event => event.reason === 'FailedMount')).toBe(false);
		expect(sim.pod('crashloop').status?.podIP).toBeDefined();
	});
});

describe('volume manager timing', () => {
	test('retries 0.5 s doubling to 2m2s; the pod worker notices at its next 300 ms poll or next sync', () => {
		expect([1, 2, 3, 8, 9, 20].map(mountRetrySeconds)).toEqual([0.5, 1, 2, 64, 122, 122]);
		expect(noticeDelaySeconds(63.5)).toBeCloseTo(0.1);
		expect(noticeDelaySeconds(60)).toBeCloseTo(0);
		// Past the 2m3s wait, the next sync comes after the worker's back-off (12.5 s).
		expect(noticeDelaySeconds(125)).toBeCloseTo(10.5);
		expect(noticeDelaySeconds(135.5)).toBeCloseTo(0);
	});
});
