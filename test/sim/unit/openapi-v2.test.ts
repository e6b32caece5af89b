import {describe, expect, it} from 'vitest';
import {encodeSwagger, extensionYaml, type Swagger} from '../../../source/sim/routes/openapi-v2-proto.js';
import {negotiateOpenapiV2, openapiV2Document} from '../../../source/sim/routes/openapi-v2.js';
import {builtinGroups} from '../../../source/sim/routes/discovery.js';

// /openapi/v2 as kube-openapi serves it: the Accept negotiation of pkg/handler/handler.go,
// and the protobuf of gnostic's Document, checked against the bytes gnostic-models v0.7.0
// itself produced (openapi_v2.ParseDocument, then proto.Marshal) for the same JSON.

const tiny: Swagger = {
	swagger: '2.0',
	info: {title: 'Kubernetes', version: 'v1.35.4'},
	paths: {
		'/api/v1/namespaces/{namespace}/pods/{name}': {
			patch: {
				consumes: ['*/*'],
				produces: ['application/json'],
				schemes: ['https'],
				tags: ['core_v1'],
				operationId: 'patchNamespacedPod',
				parameters: [{uniqueItems: true, type: 'string', description: 'When present.', name: 'fieldValidation', in: 'query'}],
				responses: {'200': {description: 'OK'}},
				'x-kubernetes-action': 'patch',
				'x-kubernetes-group-version-kind': {group: '', kind: 'Pod', version: 'v1'},
			},
		},
	},
	definitions: {},
};

// go run: proto.Marshal(openapi_v2.ParseDocument(JSON.stringify(tiny))), hex.
const gnosticBytes =
	'0a03322e3012150a0a4b756265726e65746573120776312e33352e3442a30212a0020a2a2f6170692f76312f6e616d657370616365732f7b6e616d6573706163657d2f706f64732f7b6e616d657d12f10142ee010a07636f72655f76312a1270617463684e616d65737061636564506f6432106170706c69636174696f6e2f6a736f6e3a032a2f2a42380a3612341a32120571756572791a0d5768656e2070726573656e742e220f6669656c6456616c69646174696f6e3206737472696e67a001014a0f0a0d0a0332303012060a040a024f4b520568747470736a1f0a13782d6b756265726e657465732d616374696f6e1208120670617463680a6a450a1f782d6b756265726e657465732d67726f75702d76657273696f6e2d6b696e641222122067726f75703a2022220a6b696e643a20506f640a76657273696f6e3a2076310a4a00';

describe('the OpenAPI v2 protobuf', () => {
	it("is byte for byte gnostic's encoding of the same document", () => {
		expect(encodeSwagger(tiny).toString('hex')).toBe(gnosticBytes);
	});

	it('writes vendor extensions as gnostic keeps them: plain YAML', () => {
		expect(extensionYaml({group: '', kind: 'Pod', version: 'v1'})).toBe('group: ""\nkind: Pod\nversion: v1\n');
		expect(extensionYaml({group: 'events.k8s.io', kind: 'Event', version: 'v1'})).toBe('group: events.k8s.io\nkind: Event\nversion: v1\n');
		expect(extensionYaml('deletecollection')).toBe('deletecollection\n');
	});

	it('describes every served group version, PATCH with fieldValidation (what kubectl 1.27 checks)', () => {
		const document = openapiV2Document(builtinGroups);
		const patch = document.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}']?.patch;
		expect(patch?.['x-kubernetes-group-version-kind']).toEqual({group: 'apps', kind: 'Deployment', version: 'v1'});
		expect(patch?.parameters?.map(parameter => parameter.name)).toContain('fieldValidation');
		expect(document.paths['/api/v1/namespaces/{namespace}/pods']?.get?.operationId).toBe('listNamespacedPod');
		expect(document.paths['/apis/events.k8s.io/v1/namespaces/{namespace}/events/{name}']?.get?.['x-kubernetes-group-version-kind']).toEqual({
			group: 'events.k8s.io',
			kind: 'Event',
			version: 'v1',
		});
	});
});

describe('Accept negotiation for /openapi/v2', () => {
	it.each([
		['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
		['application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'protobuf'],
		['application/json', 'json'],
		['', 'json'],
		[undefined, 'json'],
		['*/*', 'json'],
		['application/*', 'json'],
		['text/html, application/json;q=0.5', 'json'],
		['application/json;q=0.5, application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'protobuf'],
		['*/*;q=0.9, application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'protobuf'],
		['text/html', undefined],
		['application/yaml', undefined],
	])('%j gets %s', (accept, expected) => {
		expect(negotiateOpenapiV2(accept)).toBe(expected);
	});
});
