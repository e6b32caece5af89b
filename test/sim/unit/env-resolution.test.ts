import {describe, expect, test} from 'vitest';
import type {ConfigMap, Container, Pod, Secret} from '../../../source/model/k8s.js';
import type {ConfigSource} from '../../../source/sim/kubelet/config-source.js';
import {resolveEnvironment} from '../../../source/sim/kubelet/env-resolution.js';

// The kubelet's makeEnvironmentVariables (pkg/kubelet/kubelet_pods.go): its order, its
// expansion, and its errors for what is missing, word for word.

const b64 = (text: string) => Buffer.from(text).toString('base64');

function source(configMaps: ConfigMap[], secrets: Secret[]): ConfigSource {
	const find =
		<T extends {metadata: {name: string; namespace?: string}}>(list: T[]) =>
		(namespace: string, name: string) =>
			list.find(object => object.metadata.name === name && (object.metadata.namespace ?? 'default') === namespace);
	return {configMap: find(configMaps), secret: find(secrets)};
}

const pod: Pod = {
	metadata: {name: 'web-1', namespace: 'shop', uid: 'u-1', labels: {app: 'web'}},
	spec: {nodeName: 'sim-node-1', containers: []},
	status: {podIP: '10.42.0.7'},
};
const config = source(
	[{metadata: {name: 'app-config', namespace: 'shop'}, data: {MODE: 'production', LEVEL: 'info'}, binaryData: {blob: b64('x')}}],
	[{metadata: {name: 'db-pass', namespace: 'shop'}, data: {password: b64('s3cr3t'), user: b64('admin')}}],
);
const resolve = (container: Partial<Container>, services: Record<string, string> = {}) =>
	resolveEnvironment(pod, {name: 'app', ...container}, config, services);

describe('env resolution', () => {
	test('envFrom first with prefixes, env after it wins, values expand what came before', () => {
		const result = resolve(
			{
				envFrom: [{configMapRef: {name: 'app-config'}}, {secretRef: {name: 'db-pass'}, prefix: 'DB_'}],
				env: [
					{name: 'LEVEL', value: 'debug'},
					{name: 'URL', value: 'postgres://$(DB_user)@db/$(MODE)?x=$$(MODE)&y=$(UNKNOWN)'},
					{name: 'PASSWORD', valueFrom: {secretKeyRef: {name: 'db-pass', key: 'password'}}},
					{name: 'POD', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}},
					{name: 'APP', valueFrom: {fieldRef: {fieldPath: "metadata.labels['app']"}}},
					{name: 'HOST', value: '$(KUBERNETES_SERVICE_HOST)'},
				],
			},
			{KUBERNETES_SERVICE_HOST: '10.43.0.1'},
		);
		expect(result).toEqual({
			env: {
				KUBERNETES_SERVICE_HOST: '10.43.0.1',
				MODE: 'production',
				LEVEL: 'debug',
				DB_password: 's3cr3t',
				DB_user: 'admin',
				URL: 'postgres://admin@db/production?x=$(MODE)&y=$(UNKNOWN)',
				PASSWORD: 's3cr3t',
				POD: 'web-1',
				APP: 'web',
				HOST: '10.43.0.1',
			},
		});
	});

	test("the kubelet's texts for a missing object or key", () => {
		const ref = (kind: 'secretKeyRef' | 'configMapKeyRef', name: string, key: string) => ({env: [{name: 'X', valueFrom: {[kind]: {name, key}}}]});
		expect(resolve(ref('secretKeyRef', 'vault-token', 'token'))).toEqual({error: 'secret "vault-token" not found'});
		expect(resolve(ref('secretKeyRef', 'db-pass', 'token'))).toEqual({error: "couldn't find key token in Secret shop/db-pass"});
		expect(resolve(ref('configMapKeyRef', 'web-config', 'MODE'))).toEqual({error: 'configmap "web-config" not found'});
		// binaryData never reaches the environment.
		expect(resolve(ref('configMapKeyRef', 'app-config', 'blob'))).toEqual({error: "couldn't find key blob in ConfigMap shop/app-config"});
		expect(resolve({envFrom: [{secretRef: {name: 'tls'}}]})).toEqual({error: 'secret "tls" not found'});
		expect(resolve({envFrom: [{configMapRef: {name: 'other'}}]})).toEqual({error: 'configmap "other" not found'});
	});

	test('optional references to what is missing are left out', () => {
		const result = resolve({
			envFrom: [{secretRef: {name: 'tls', optional: true}}],
			env: [
				{name: 'A', valueFrom: {secretKeyRef: {name: 'vault-token', key: 'token', optional: true}}},
				{name: 'B', valueFrom: {configMapKeyRef: {name: 'app-config', key: 'nope', optional: true}}},
				{name: 'C', value: 'c'},
			],
		});
		expect(result).toEqual({env: {C: 'c'}});
	});
});
