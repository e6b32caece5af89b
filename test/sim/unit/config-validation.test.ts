import {describe, expect, test} from 'vitest';
import type {ConfigMap, Secret} from '../../../source/model/k8s.js';
import {ManualClock} from '../../../source/sim/clock.js';
import {Cluster} from '../../../source/sim/cluster.js';
import {goBase64Decode} from '../../../source/sim/config/go-base64.js';
import {createConfigObject, decodeConfigObject} from '../../../source/sim/config/objects.js';
import {configKeyErrors, configMapErrors, secretErrors, secretUpdateErrors, configMapUpdateErrors} from '../../../source/sim/config/validation.js';
import type {ApiError} from '../../../source/sim/routes/respond.js';

// ConfigMaps and Secrets as kube-apiserver 1.35 decodes, converts and validates them, with its
// texts (pkg/apis/core/validation, apimachinery IsConfigMapKey, encoding/json's base64).

const meta = (name: string) => ({name, namespace: 'default'});
const caught = (fn: () => unknown): ApiError => {
	try {
		fn();
	} catch (error) {
		return error as ApiError;
	}
	throw new Error('did not throw');
};

describe('config keys', () => {
	test('alphanumerics, dash, underscore and dot; never . or .. or a ..prefix', () => {
		expect(configKeyErrors('app.properties')).toEqual([]);
		expect(configKeyErrors('KEY_NAME-1')).toEqual([]);
		expect(configKeyErrors('bad key')).toEqual([
			"a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')",
		]);
		expect(configKeyErrors('..')).toEqual(["must not be '..'"]);
		expect(configKeyErrors('..data')).toEqual(["must not start with '..'"]);
		expect(configKeyErrors('a'.repeat(254))).toEqual(['must be no more than 253 characters']);
	});
});

describe('validation', () => {
	test('a ConfigMap: name, keys, a key in both bags, and the size limit', () => {
		expect(configMapErrors({metadata: meta('ok'), data: {a: '1'}, binaryData: {b: 'Mg=='}})).toEqual([]);
		expect(configMapErrors({metadata: meta('Bad_Name'), data: {'x y': '1', a: '1'}, binaryData: {a: 'MQ=='}})).toEqual([
			expect.objectContaining({field: 'metadata.name', type: 'Invalid', value: 'Bad_Name'}),
			{field: 'data[a]', type: 'Invalid', value: 'a', detail: 'duplicate of key present in binaryData'},
			expect.objectContaining({field: 'data[x y]', type: 'Invalid', value: 'x y'}),
		]);
		expect(configMapErrors({metadata: meta('big'), data: {a: 'x'.repeat(1024 * 1024 + 1)}})).toEqual([
			{field: '', type: 'TooLong', detail: 'may not be more than 1048576 bytes'},
		]);
	});

	test('a Secret: each well-known type requires its keys', () => {
		const secret = (type: string, data: Record<string, string> = {}): Secret => ({metadata: meta('s'), type, data});
		expect(secretErrors(secret('Opaque'))).toEqual([]);
		expect(secretErrors(secret('kubernetes.io/tls', {'tls.crt': 'eA=='}))).toEqual([{field: 'data[tls.key]', type: 'Required'}]);
		expect(secretErrors(secret('kubernetes.io/basic-auth'))).toEqual([
			{field: 'data[username]', type: 'Required'},
			{field: 'data[password]', type: 'Required'},
		]);
		expect(secretErrors(secret('kubernetes.io/dockerconfigjson', {'.dockerconfigjson': Buffer.from('nope').toString('base64')}))).toEqual([
			{
				field: 'data[.dockerconfigjson]',
				type: 'Invalid',
				value: '<secret contents redacted>',
				detail: "invalid character 'n' looking for beginning of value",
			},
		]);
		expect(secretErrors(secret('kubernetes.io/service-account-token'))).toEqual([
			{field: 'metadata.annotations[kubernetes.io/service-account.name]', type: 'Required'},
		]);
	});

	test('updates: the type never changes; an immutable object keeps its data and stays immutable', () => {
		const old: Secret = {metadata: meta('s'), type: 'Opaque', data: {a: 'MQ=='}, immutable: true};
		expect(secretUpdateErrors({...old, metadata: {...old.metadata, labels: {x: 'y'}}}, old)).toEqual([]);
		expect(secretUpdateErrors({...old, type: 'kubernetes.io/tls', data: {a: 'Mg=='}, immutable: false}, old)).toEqual([
			{field: 'type', type: 'Invalid', value: 'kubernetes.io/tls', detail: 'field is immutable'},
			{field: 'immutable', type: 'Forbidden', detail: 'field is immutable when `immutable` is set'},
			{field: 'data', type: 'Forbidden', detail: 'field is immutable when `immutable` is set'},
			{field: 'data[tls.crt]', type: 'Required'},
			{field: 'data[tls.key]', type: 'Required'},
		]);
		const map: ConfigMap = {metadata: meta('c'), data: {a: '1'}, immutable: true};
		expect(configMapUpdateErrors({...map, data: {a: '2'}}, map)).toEqual([
			{field: 'data', type: 'Forbidden', detail: 'field is immutable when `immutable` is set'},
		]);
		expect(configMapUpdateErrors({...map, data: {a: '2'}}, {...map, immutable: false})).toEqual([]);
	});
});

describe('decoding', () => {
	test("Go's base64: line breaks skipped, padding required, the first bad byte reported", () => {
		expect(goBase64Decode('aGVs\nbG8=')).toEqual({bytes: Buffer.from('hello')});
		expect(goBase64Decode('')).toEqual({bytes: Buffer.alloc(0)});
		expect(goBase64Decode('abc')).toEqual({errorAt: 0});
		expect(goBase64Decode('abcde')).toEqual({errorAt: 4});
		expect(goBase64Decode('ab!d')).toEqual({errorAt: 2});
		expect(goBase64Decode('a===')).toEqual({errorAt: 1});
		expect(goBase64Decode('ab=')).toEqual({errorAt: 3});
		expect(goBase64Decode('ab==x')).toEqual({errorAt: 4});
	});

	test('stringData is merged over data, then dropped; the type defaults to Opaque', () => {
		const secret = decodeConfigObject('Secret', {metadata: meta('s'), data: {user: 'YWRtaW4=', pass: 'b2xk'}, stringData: {pass: 'new'}} as Secret);
		expect(secret).toEqual({metadata: meta('s'), data: {user: 'YWRtaW4=', pass: Buffer.from('new').toString('base64')}, type: 'Opaque'});
		expect(() => decodeConfigObject('ConfigMap', {metadata: meta('c'), data: {replicas: 3}} as unknown as ConfigMap)).toThrow(
			'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
		);
		expect(decodeConfigObject('ConfigMap', {metadata: meta('c'), data: {}})).toEqual({metadata: meta('c')});
		expect(() => decodeConfigObject('Secret', {metadata: meta('s'), data: {pass: 'not base64'}} as Secret)).toThrow(
			'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
		);
	});
});

describe('create', () => {
	const cluster = () => new Cluster(new ManualClock());

	test('stored with uid and creation time; a second with the name is AlreadyExists', () => {
		const stores = cluster();
		const created = createConfigObject(stores, 'ConfigMap', {metadata: {name: 'app-config'}, data: {a: '1'}}, 'default', '2026-01-01T00:00:00Z');
		expect(created).toMatchObject({
			apiVersion: 'v1',
			kind: 'ConfigMap',
			metadata: {name: 'app-config', namespace: 'default', creationTimestamp: '2026-01-01T00:00:00Z'},
		});
		expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
		expect(stores.configMaps.get('default', 'app-config')).toBe(created);
		const duplicate = caught(() => createConfigObject(stores, 'ConfigMap', {metadata: {name: 'app-config'}}, 'default', 'now'));
		expect([duplicate.code, duplicate.reason, duplicate.message]).toEqual([409, 'AlreadyExists', 'configmaps "app-config" already exists']);
	});

	test('Invalid names every bad field; a missing namespace is NotFound', () => {
		const stores = cluster();
		const invalid = caught(() => createConfigObject(stores, 'Secret', {metadata: {name: 'db-pass'}, data: {'bad key': 'eA=='}}, 'default', 'now'));
		expect([invalid.code, invalid.reason]).toEqual([422, 'Invalid']);
		expect(invalid.message).toBe(
			`Secret "db-pass" is invalid: data[bad key]: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
		);
		const missing = caught(() => createConfigObject(stores, 'Secret', {metadata: {name: 's'}}, 'nowhere', 'now'));
		expect([missing.code, missing.message]).toEqual([404, 'namespaces "nowhere" not found']);
	});

	test('every namespace has kube-root-ca.crt, put back when deleted', () => {
		const stores = new Cluster(new ManualClock(), undefined, undefined, {rootCA: 'PEM'});
		expect(stores.configMaps.get('kube-system', 'kube-root-ca.crt')?.data).toEqual({'ca.crt': 'PEM'});
		stores.ensureNamespace('team-a');
		expect(stores.configMaps.get('team-a', 'kube-root-ca.crt')?.metadata.annotations?.['kubernetes.io/description']).toMatch(/^Contains a CA bundle/);
		stores.configMaps.delete('team-a', 'kube-root-ca.crt');
		expect(stores.configMaps.get('team-a', 'kube-root-ca.crt')?.data).toEqual({'ca.crt': 'PEM'});
	});
});
