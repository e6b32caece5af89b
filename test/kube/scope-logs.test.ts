import {describe, expect, it} from 'vitest';
import type {KubeHttp, RequestOptions} from '../../source/kube/http.js';
import {collectLogsOf} from '../../source/kube/scope-logs.js';
import type {Pod} from '../../source/model/k8s.js';

// Log tails for many pods are read a few pods at a time: a namespace of crash-looping pods
// must not open a request per container all at once.

const restarted = (name: string): Pod =>
	({
		metadata: {namespace: 'default', name},
		spec: {containers: [{name: 'app', image: 'app'}]},
		status: {containerStatuses: [{name: 'app', restartCount: 1, ready: true, image: 'app', imageID: '', state: {running: {}}}]},
	}) as unknown as Pod;

describe('collectLogsOf', () => {
	it('reads every pod, at most `concurrency` pods at a time', async () => {
		let inFlight = 0;
		let most = 0;
		const paths: string[] = [];
		const http = {
			async fetch(path: string, options: RequestOptions = {}) {
				paths.push(`${path} ${options.query?.previous ? 'previous' : 'current'}`);
				inFlight++;
				most = Math.max(most, inFlight);
				// Answer on a later turn, so requests that are allowed to overlap do.
				await new Promise(resolve => setImmediate(resolve));
				inFlight--;
				return {text: async () => `${path.split('/')[6]} said goodbye\n`};
			},
		} as unknown as KubeHttp;
		const pods = Array.from({length: 10}, (_, index) => restarted(`pod-${index}`));
		const logs = await collectLogsOf(http, pods, 3);
		// Two requests a pod (the previous instance, then the current one), three pods at a time.
		expect(most).toBe(3);
		expect(paths).toHaveLength(20);
		expect(logs.get(pods[7]!)).toEqual({previous: {app: ['pod-7 said goodbye']}, current: {app: ['pod-7 said goodbye']}});
		expect(await collectLogsOf(http, [])).toEqual(new Map());
	});
});
