import {describe, expect, test} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {containerMounts, containerPath, safeRelative} from '../../../source/sim/exec/volume-content.js';

const pod: Pod = {
	metadata: {name: 'p', namespace: 'default'},
	spec: {
		volumes: [
			{name: 'scratch', emptyDir: {}},
			{name: 'config', configMap: {name: 'settings'}},
			{name: 'host', hostPath: {path: '/etc'}},
		],
		containers: [{name: 'app'}],
	},
};

describe("a sandboxed container's volume mounts", () => {
	test('emptyDir follows readOnly; configMap, secret, projected and downwardAPI are always read-only', () => {
		const planned = containerMounts(pod, {
			name: 'app',
			volumeMounts: [
				{name: 'scratch', mountPath: '/data/'},
				{name: 'scratch', mountPath: '/ro', readOnly: true, subPath: 'logs/./today'},
				{name: 'config', mountPath: '/etc/app'},
			],
		});
		expect(planned).toEqual({
			mounts: [
				{volume: pod.spec.volumes![0], subPath: undefined, target: '/data', readOnly: false},
				{volume: pod.spec.volumes![0], subPath: 'logs/today', target: '/ro', readOnly: true},
				{volume: pod.spec.volumes![1], subPath: undefined, target: '/etc/app', readOnly: true},
			],
		});
	});

	test('a subPath may not climb out of its volume, nor a mount path out of the root', () => {
		expect(containerMounts(pod, {name: 'app', volumeMounts: [{name: 'scratch', mountPath: '/x', subPath: '../../etc'}]})).toEqual({
			error: 'subPath "../../etc" must be a relative path within the volume',
		});
		expect(containerMounts(pod, {name: 'app', volumeMounts: [{name: 'gone', mountPath: '/x'}]})).toEqual({error: 'volume "gone" not found in pod'});
		expect(containerPath('/../../work')).toBe('/work');
		expect(containerPath('relative')).toBeUndefined();
		expect(containerPath('/')).toBeUndefined();
	});

	test("a provider's paths stay inside the volume", () => {
		expect(safeRelative('ca.crt')).toBe(true);
		expect(safeRelative('..data/token')).toBe(true);
		for (const bad of ['', '/etc/passwd', '../x', 'a/../../x', 'a//b']) expect(safeRelative(bad)).toBe(false);
	});
});
