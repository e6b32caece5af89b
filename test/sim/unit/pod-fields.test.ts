import {describe, expect, test} from 'vitest';
import {unknownPodFields} from '../../../source/sim/pod-defaults.js';

// The fields the apiserver's decoder knows on a Pod: those of the 1.35 types
// (k8s.io/api v0.35.4 core/v1/types.go). Anything else is an unknown field.

describe('pod fields', () => {
	test('the fields 1.35 added are known', () => {
		const pod = {
			apiVersion: 'v1',
			kind: 'Pod',
			metadata: {name: 'new-fields'},
			spec: {
				hostnameOverride: 'custom-host',
				workloadRef: {name: 'training', podGroup: 'workers'},
				containers: [
					{name: 'main', image: 'busybox:1.36', restartPolicy: 'Never', restartPolicyRules: [{action: 'Restart', exitCodes: {operator: 'In', values: [42]}}]},
				],
			},
		};
		expect(unknownPodFields(pod)).toEqual([]);
	});

	test('a field no version has is unknown, with its path', () => {
		const pod = {metadata: {name: 'typo'}, spec: {hostnameOverid: 'x', containers: [{name: 'main', image: 'busybox:1.36', restartPolicyRule: []}]}};
		expect(unknownPodFields(pod)).toEqual(['spec.hostnameOverid', 'spec.containers[0].restartPolicyRule']);
	});
});
