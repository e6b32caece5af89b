import {describe, expect, it} from 'vitest';
import {KubeError, type KubeHttp, type RequestOptions} from '../../source/kube/http.js';
import {listScopeEvents, listScopePods} from '../../source/kube/pod-scope.js';
import type {Pod} from '../../source/model/k8s.js';

// The lists behind `podscope doctor` over many pods: pages of 500 as kubectl's pager reads, a
// full list when a continue token expires, and kubectl's wording for a refused selector.

type Call = {path: string; query: RequestOptions['query']};

function fakeHttp(answer: (call: Call, index: number) => unknown): {http: KubeHttp; calls: Call[]} {
	const calls: Call[] = [];
	const http = {
		async json(path: string, options: RequestOptions = {}) {
			const call = {path, query: options.query};
			calls.push(call);
			const result = answer(call, calls.length - 1);
			if (result instanceof Error) throw result;
			return result;
		},
	} as unknown as KubeHttp;
	return {http, calls};
}

const pod = (namespace: string, name: string) => ({metadata: {namespace, name}, spec: {containers: []}}) as Pod;
const page = (items: unknown[], token?: string) => ({apiVersion: 'v1', kind: 'List', metadata: token ? {continue: token} : {}, items});

describe('listing the pods and events of a scope', () => {
	it('reads every page of one namespace with the selectors, 500 at a time', async () => {
		const {http, calls} = fakeHttp((_call, index) => (index === 0 ? page([pod('shop', 'a')], 'next') : page([pod('shop', 'b')])));
		const pods = await listScopePods(http, {namespace: 'shop', labelSelector: 'app=web', fieldSelector: 'status.phase=Running'});
		expect(pods.map(item => item.metadata.name)).toEqual(['a', 'b']);
		expect(calls).toEqual([
			{path: '/api/v1/namespaces/shop/pods', query: {labelSelector: 'app=web', fieldSelector: 'status.phase=Running', limit: 500, continue: undefined}},
			{path: '/api/v1/namespaces/shop/pods', query: {labelSelector: 'app=web', fieldSelector: 'status.phase=Running', limit: 500, continue: 'next'}},
		]);
	});

	it('every namespace without one; events about pods only', async () => {
		const {http, calls} = fakeHttp(() => page([]));
		await listScopePods(http, {});
		await listScopeEvents(http, {});
		await listScopeEvents(http, {namespace: 'shop'});
		expect(calls.map(call => [call.path, call.query?.fieldSelector])).toEqual([
			['/api/v1/pods', undefined],
			['/api/v1/events', 'involvedObject.kind=Pod'],
			['/api/v1/namespaces/shop/events', 'involvedObject.kind=Pod'],
		]);
	});

	it('an expired continue token: one full list instead, as client-go does', async () => {
		const expired = new KubeError('The provided continue parameter is too old', 410, 'Expired');
		const {http, calls} = fakeHttp((_call, index) =>
			index === 0 ? page([pod('a', 'x')], 'old') : index === 1 ? expired : page([pod('a', 'x'), pod('a', 'y')]),
		);
		const pods = await listScopePods(http, {namespace: 'a'});
		expect(pods.map(item => item.metadata.name)).toEqual(['x', 'y']);
		expect(calls[2]!.query).toEqual({labelSelector: undefined, fieldSelector: undefined});
		// Without a token a 410 is an error like any other.
		const first = fakeHttp(() => expired);
		await expect(listScopePods(first.http, {namespace: 'a'})).rejects.toThrow('too old');
	});

	it('a refused selector reads as kubectl prints it; other errors pass unchanged', async () => {
		const bad = new KubeError("unable to parse requirement: found 'b'", 400, 'BadRequest');
		const selected = listScopePods(fakeHttp(() => bad).http, {namespace: 'a', labelSelector: 'a b'});
		await expect(selected).rejects.toHaveProperty(
			'kubectlText',
			'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "a b", field selector "": unable to parse requirement: found \'b\'',
		);
		const unselected = listScopePods(fakeHttp(() => new KubeError('the server could not find the requested resource', 404, 'NotFound')).http, {});
		await expect(unselected).rejects.toHaveProperty(
			'kubectlText',
			'Error from server (NotFound): Unable to list "/v1, Resource=pods": the server could not find the requested resource',
		);
		const forbidden = new KubeError('pods is forbidden: User "viewer" cannot list resource "pods"', 403, 'Forbidden');
		await expect(listScopePods(fakeHttp(() => forbidden).http, {labelSelector: 'a=b'})).rejects.toBe(forbidden);
	});
});
