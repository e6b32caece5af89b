import {describe, expect, test} from 'vitest';
import type {ConfigMap, Pod, Secret, Volume} from '../../../source/model/k8s.js';
import type {ConfigSource} from '../../../source/sim/kubelet/config-source.js';
import {volumeContents} from '../../../source/sim/kubelet/volume-contents.js';

// The files of configMap, secret and projected volumes (MakePayload and collectData of
// pkg/volume/configmap, secret and projected), and the errors SetUp fails with.

const b64 = (text: string) => Buffer.from(text).toString('base64');
const configMaps: ConfigMap[] = [
	{metadata: {name: 'app-config', namespace: 'default'}, data: {'app.yaml': 'mode: prod\n', LEVEL: 'info'}, binaryData: {'logo.png': b64('PNG')}},
	{metadata: {name: 'kube-root-ca.crt', namespace: 'default'}, data: {'ca.crt': 'PEM'}},
];
const secrets: Secret[] = [{metadata: {name: 'db-pass', namespace: 'default'}, data: {password: b64('s3cr3t')}}];
const source: ConfigSource = {
	configMap: (namespace, name) => configMaps.find(object => object.metadata.name === name && object.metadata.namespace === namespace),
	secret: (namespace, name) => secrets.find(object => object.metadata.name === name && object.metadata.namespace === namespace),
};
const podWith = (...volumes: Volume[]): Pod => ({
	metadata: {name: 'web', namespace: 'default'},
	spec: {containers: [{name: 'web'}], volumes, serviceAccountName: 'default'},
});
/** Files as path, text and octal mode. */
const files = (pod: Pod) =>
	volumeContents(pod, source).map(entry =>
		'error' in entry ? entry : {volume: entry.volume, files: entry.files.map(file => [file.path, file.data.toString(), file.mode.toString(8)])},
	);

describe('volume contents', () => {
	test('every key of a ConfigMap, binaryData too, at the default mode 0644; other volumes have none', () => {
		expect(files(podWith({name: 'config', configMap: {name: 'app-config'}}, {name: 'scratch', emptyDir: {}}))).toEqual([
			{
				volume: 'config',
				files: [
					['LEVEL', 'info', '644'],
					['app.yaml', 'mode: prod\n', '644'],
					['logo.png', 'PNG', '644'],
				],
			},
		]);
	});

	test('items pick keys to paths, each with its own mode or the defaultMode', () => {
		const pod = podWith(
			{
				name: 'config',
				configMap: {
					name: 'app-config',
					defaultMode: 0o440,
					items: [
						{key: 'app.yaml', path: 'conf/app.yaml'},
						{key: 'LEVEL', path: 'level', mode: 0o400},
					],
				},
			},
			{name: 'creds', secret: {secretName: 'db-pass', items: [{key: 'password', path: 'db/password'}]}},
		);
		expect(files(pod)).toEqual([
			{
				volume: 'config',
				files: [
					['conf/app.yaml', 'mode: prod\n', '440'],
					['level', 'info', '400'],
				],
			},
			{volume: 'creds', files: [['db/password', 's3cr3t', '644']]},
		]);
	});

	test('what is missing: the plugin errors, or nothing when optional', () => {
		const pod = podWith(
			{name: 'config', configMap: {name: 'web-config'}},
			{name: 'creds', secret: {secretName: 'vault-token'}},
			{name: 'key', configMap: {name: 'app-config', items: [{key: 'nope', path: 'x'}]}},
			{name: 'skey', secret: {secretName: 'db-pass', items: [{key: 'nope', path: 'x'}]}},
			{name: 'maybe', secret: {secretName: 'vault-token', optional: true}},
			{name: 'maybe-key', configMap: {name: 'app-config', optional: true, items: [{key: 'nope', path: 'x'}]}},
		);
		expect(files(pod)).toEqual([
			{volume: 'config', error: 'configmap "web-config" not found'},
			{volume: 'creds', error: 'secret "vault-token" not found'},
			{volume: 'key', error: 'configmap references non-existent config key: nope'},
			{volume: 'skey', error: 'references non-existent secret key: nope'},
			{volume: 'maybe', files: []},
			{volume: 'maybe-key', files: []},
		]);
	});

	test('a projected volume joins its sources; its errors come together', () => {
		const kubeApiAccess: Volume = {
			name: 'kube-api-access-abcde',
			projected: {
				defaultMode: 0o644,
				sources: [
					{serviceAccountToken: {path: 'token', expirationSeconds: 3607}},
					{configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
					{downwardAPI: {items: [{path: 'namespace', fieldRef: {fieldPath: 'metadata.namespace', apiVersion: 'v1'}}]}},
				],
			},
		};
		const [access] = files(podWith(kubeApiAccess));
		expect(access).toEqual({
			volume: 'kube-api-access-abcde',
			files: [
				['ca.crt', 'PEM', '644'],
				['namespace', 'default', '644'],
				['token', expect.any(String), '644'],
			],
		});
		const broken: Volume = {
			name: 'all',
			projected: {sources: [{secret: {name: 'vault-token'}}, {configMap: {name: 'web-config'}}, {secret: {name: 'db-pass'}}]},
		};
		expect(files(podWith(broken))).toEqual([{volume: 'all', error: '[secret "vault-token" not found, configmap "web-config" not found]'}]);
		const one: Volume = {name: 'one', projected: {sources: [{secret: {name: 'vault-token'}}, {secret: {name: 'db-pass'}}]}};
		expect(files(podWith(one))).toEqual([{volume: 'one', error: 'secret "vault-token" not found'}]);
	});
});
