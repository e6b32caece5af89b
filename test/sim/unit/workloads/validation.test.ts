import {describe, expect, test} from 'vitest';
import {formatLabelSelector, selectorMatches, selectorString} from '../../../../source/sim/workloads/label-selector.js';
import {prepareCreate} from '../../../../source/sim/workloads/strategy.js';
import type {Workload} from '../../../../source/sim/workloads/types.js';

const deployment = (labels: Record<string, string>, extra: Partial<Workload['spec']> = {}) =>
	({
		apiVersion: 'apps/v1',
		kind: 'Deployment',
		metadata: {name: 'web'},
		spec: {selector: {matchLabels: {app: 'web'}}, template: {metadata: {labels}, spec: {containers: [{name: 'nginx', image: 'nginx:1.25'}]}}, ...extra},
	}) as Workload;

const message = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		return (error as Error).message;
	}
	return undefined;
};

describe('workload create', () => {
	test('defaults as kube-apiserver applies them', () => {
		const created = prepareCreate(deployment({app: 'web'}), 'Deployment', 'default', '2026-01-01T00:00:00Z');
		expect(created.spec).toMatchObject({
			replicas: 1,
			revisionHistoryLimit: 10,
			progressDeadlineSeconds: 600,
			strategy: {type: 'RollingUpdate', rollingUpdate: {maxSurge: '25%', maxUnavailable: '25%'}},
		});
		expect(created.spec.template.spec).toMatchObject({restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30});
		expect(created.spec.template.spec.containers[0]).toMatchObject({imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log'});
		expect(created.metadata).toMatchObject({generation: 1, namespace: 'default'});
		const probed = deployment({app: 'web'});
		probed.spec.template.spec.containers[0]!.readinessProbe = {httpGet: {port: 80}, periodSeconds: 2};
		expect(prepareCreate(probed, 'Deployment', 'default', '').spec.template.spec.containers[0]!.readinessProbe).toEqual({
			httpGet: {port: 80, path: '/', scheme: 'HTTP'},
			periodSeconds: 2,
			timeoutSeconds: 1,
			successThreshold: 1,
			failureThreshold: 3,
		});
		expect(created.status).toEqual({});
	});

	test('a selector that does not match the template labels is refused with the real text', () => {
		expect(message(() => prepareCreate(deployment({app: 'api'}), 'Deployment', 'default', ''))).toBe(
			'Deployment.apps "web" is invalid: spec.template.metadata.labels: Invalid value: {"app":"api"}: `selector` does not match template `labels`',
		);
		expect(message(() => prepareCreate(deployment({app: 'web'}, {replicas: -1}), 'Deployment', 'default', ''))).toBe(
			'Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
		);
	});

	test('a Job gets its generated selector and labels, and must not restart Always', () => {
		const job = {
			apiVersion: 'batch/v1',
			kind: 'Job',
			metadata: {name: 'migrate'},
			spec: {template: {spec: {restartPolicy: 'Never', containers: [{name: 'm', image: 'migrate:1'}]}}},
		} as unknown as Workload;
		const created = prepareCreate(job, 'Job', 'default', '');
		const uid = created.metadata.uid!;
		expect(created.spec.selector).toEqual({matchLabels: {'batch.kubernetes.io/controller-uid': uid}});
		expect(created.spec.template.metadata?.labels).toEqual({
			'batch.kubernetes.io/controller-uid': uid,
			'batch.kubernetes.io/job-name': 'migrate',
			'controller-uid': uid,
			'job-name': 'migrate',
		});
		expect(created.spec).toMatchObject({completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false});
		const always = {...job, spec: {template: {spec: {containers: [{name: 'm', image: 'migrate:1'}]}}}} as unknown as Workload;
		expect(message(() => prepareCreate(always, 'Job', 'default', ''))).toBe(
			'Job.batch "migrate" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
		);
	});
});

describe('label selectors', () => {
	test('match and print as labels.Selector does, sorted by key', () => {
		const selector = {
			matchLabels: {tier: 'front', app: 'web'},
			matchExpressions: [
				{key: 'env', operator: 'In', values: ['prod', 'dev']},
				{key: 'legacy', operator: 'DoesNotExist'},
			],
		};
		expect(selectorString(selector)).toBe('app=web,env in (dev,prod),!legacy,tier=front');
		expect(selectorMatches(selector, {app: 'web', tier: 'front', env: 'dev'})).toBe(true);
		expect(selectorMatches(selector, {app: 'web', tier: 'front', env: 'dev', legacy: 'y'})).toBe(false);
		expect(selectorMatches(undefined, {app: 'web'})).toBe(false);
		expect(selectorMatches({}, {app: 'web'})).toBe(true);
		expect(formatLabelSelector({})).toBe('<none>');
	});
});
