import type {ServerResponse} from 'node:http';
import {describe, expect, test} from 'vitest';
import type {Container, Pod, PodSpec} from '../../../source/model/k8s.js';
import {appArmorVersionSkew} from '../../../source/sim/pod-warnings/app-armor.js';
import {podCreateWarnings} from '../../../source/sim/pod-warnings/on-create.js';
import {addWarnings} from '../../../source/sim/routes/warnings.js';

// kube-apiserver v1.35.4's warnings on a Pod create (pkg/api/pod/warnings.go, the pod strategy's
// WarningsOnCreate and applyAppArmorVersionSkew), on pods shaped as kubectl sends them, with
// the texts the Go source prints; and the recorder that turns them into Warning headers.

const pod = (spec: Partial<PodSpec>, metadata: Partial<Pod['metadata']> = {}): Pod => ({
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: {name: 'web', ...metadata},
	spec: {containers: [{name: 'main', image: 'nginx'}], ...spec},
});
const container = (name: string, extra: Partial<Container> = {}): Container => ({name, image: 'nginx', ...extra});
const warn = (spec: Partial<PodSpec>, metadata: Partial<Pod['metadata']> = {}) => podCreateWarnings(pod(spec, metadata));

describe('ports', () => {
	test('the same containerPort in two containers, as a real apiserver answered kubectl apply', () => {
		const spec = {containers: [container('web', {ports: [{containerPort: 8080}]}), container('sidecar', {ports: [{containerPort: 8080}]})]};
		expect(warn(spec)).toEqual(['spec.containers[1].ports[0]: duplicate port definition with spec.containers[0].ports[0]']);
	});

	test('protocol defaults to TCP; UDP on the same number is another port', () => {
		const ports = [{containerPort: 53}, {containerPort: 53, protocol: 'TCP'}, {containerPort: 53, protocol: 'UDP'}];
		expect(warn({containers: [container('dns', {ports})]})).toEqual([
			'spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]',
		]);
	});

	test('overlapping, dangerously ambiguous, and hostIP without hostPort', () => {
		const spec = {
			initContainers: [container('init', {ports: [{containerPort: 80}]})],
			containers: [
				container('a', {
					ports: [
						{containerPort: 80, hostPort: 8080},
						{containerPort: 80, hostPort: 9090, hostIP: '10.0.0.1'},
					],
				}),
				container('b', {
					ports: [
						{containerPort: 80, hostPort: 9090},
						{containerPort: 81, hostIP: '127.0.0.1', name: 'metrics'},
					],
				}),
			],
		};
		expect(warn(spec)).toEqual([
			'spec.containers[0].ports[0]: overlapping port definition with spec.initContainers[0].ports[0]',
			'spec.containers[0].ports[1]: overlapping port definition with spec.initContainers[0].ports[0]',
			'spec.containers[1].ports[0]: overlapping port definition with spec.initContainers[0].ports[0]',
			'spec.containers[1].ports[0]: dangerously ambiguous port definition with spec.containers[0].ports[1]',
			'spec.containers[1].ports[1]: hostIP set without hostPort: {Name:metrics HostPort:0 ContainerPort:81 Protocol:TCP HostIP:127.0.0.1}',
		]);
	});

	test('with hostNetwork a hostPort defaults to the containerPort', () => {
		const ports = [{containerPort: 80}, {containerPort: 80, hostPort: 80}];
		expect(warn({containers: [container('a', {ports})]})).toEqual([
			'spec.containers[0].ports[1]: overlapping port definition with spec.containers[0].ports[0]',
		]);
		expect(warn({hostNetwork: true, containers: [container('a', {ports})]})).toEqual([
			'spec.containers[0].ports[1]: duplicate port definition with spec.containers[0].ports[0]',
		]);
	});

	test('a port name used twice, across init and app containers', () => {
		const spec = {
			initContainers: [container('proxy', {restartPolicy: 'Always', ports: [{name: 'http', containerPort: 8080}]})],
			containers: [container('web', {ports: [{name: 'http', containerPort: 80}]})],
		};
		expect(warn(spec)).toEqual([
			'spec.containers[0].ports[0]: duplicate port name "http" with spec.initContainers[0].ports[0], services and probes that select ports by name will use spec.initContainers[0].ports[0]',
		]);
	});
});

describe('containers', () => {
	test('env entries that hide an earlier one, unless they build on it', () => {
		const env = [
			{name: 'A', value: '1'},
			{name: 'A', value: '$(A)-more'},
			{name: 'A', value: '$(A)'},
			{name: 'A', value: 'other'},
			{name: 'A', valueFrom: {fieldRef: {fieldPath: 'metadata.name'}}},
			{name: 'B', value: 'x'},
		];
		expect(warn({containers: [container('main', {env})]})).toEqual([
			'spec.containers[0].env[2]: hides previous definition of "A", which may be dropped when using apply',
			'spec.containers[0].env[3]: hides previous definition of "A", which may be dropped when using apply',
			'spec.containers[0].env[4]: hides previous definition of "A", which may be dropped when using apply',
		]);
	});

	test('fractional memory: requests defaulted from limits warn too, in canonical form', () => {
		const resources = {limits: {memory: '1.5', 'ephemeral-storage': '1500u'}, requests: {memory: '+1500m'}};
		expect(warn({containers: [container('main', {resources})]})).toEqual([
			'spec.containers[0].resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer',
			'spec.containers[0].resources.requests[memory]: fractional byte value "+1500m" is invalid, must be an integer',
			'spec.containers[0].resources.limits[ephemeral-storage]: fractional byte value "2m" is invalid, must be an integer',
			'spec.containers[0].resources.requests[ephemeral-storage]: fractional byte value "2m" is invalid, must be an integer',
		]);
	});

	test('fractional values in every notation; whole ones are fine', () => {
		const memory = (value: string | number) => warn({containers: [container('main', {resources: {requests: {memory: value as string}}})]});
		const fractional = (text: string) => [`spec.containers[0].resources.requests[memory]: fractional byte value "${text}" is invalid, must be an integer`];
		expect(memory('0.5Ki')).toEqual([]);
		expect(memory('1.0001Ki')).toEqual(fractional('1024103m'));
		expect(memory('1.5e0')).toEqual(fractional('1500e-3'));
		expect(memory('1500e-3')).toEqual(fractional('1500e-3'));
		expect(memory('1500000u')).toEqual(fractional('1500m'));
		expect(memory('0.0000001')).toEqual(fractional('1m'));
		expect(memory('1.9999')).toEqual([]);
		expect(memory(0.5)).toEqual(fractional('500m'));
		expect(memory('128Mi')).toEqual([]);
		expect(memory('1.5G')).toEqual([]);
		expect(memory('2000m')).toEqual([]);
		expect(memory('1.5k')).toEqual([]);
	});

	test('seccomp annotations without the field', () => {
		const annotations = {
			'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
			'container.seccomp.security.alpha.kubernetes.io/main': 'runtime/default',
			'container.seccomp.security.alpha.kubernetes.io/sidecar': 'runtime/default',
		};
		const spec = {containers: [container('main'), container('sidecar', {securityContext: {seccompProfile: {type: 'RuntimeDefault'}}})]};
		expect(warn(spec, {annotations})).toEqual([
			'metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: non-functional in v1.27+; use the "seccompProfile" field instead',
			'metadata.annotations[container.seccomp.security.alpha.kubernetes.io/main]: non-functional in v1.27+; use the "seccompProfile" field instead',
		]);
		expect(warn({...spec, securityContext: {seccompProfile: {type: 'RuntimeDefault'}}}, {annotations})).toHaveLength(1);
	});
});

describe('volumes', () => {
	test('deprecated and removed plugins, by their Go field names', () => {
		const volumes = [
			{name: 'a', gitRepo: {repository: 'https://example.com/repo.git'}},
			{name: 'b', storageos: {volumeName: 'x'}},
			{name: 'c', cephfs: {monitors: ['m']}},
			{name: 'd', emptyDir: {}},
		] as PodSpec['volumes'];
		expect(warn({volumes})).toEqual([
			'spec.volumes[0].gitRepo: deprecated in v1.11, and disabled by default in v1.33+',
			'spec.volumes[1].storageOS: deprecated in v1.22, non-functional in v1.25+',
			'spec.volumes[2].cephfs: deprecated in v1.28, non-functional in v1.31+',
		]);
	});

	test('a generic ephemeral volume asking for a fraction of a byte', () => {
		const volumes = [{name: 'scratch', ephemeral: {volumeClaimTemplate: {spec: {resources: {requests: {storage: '1.5'}}}}}}];
		expect(warn({volumes})).toEqual([
			'spec.volumes[0].ephemeral.volumeClaimTemplate.spec.resources.requests[storage]: fractional byte value "1500m" is invalid, must be an integer',
		]);
	});

	test('items written over each other, or into each other', () => {
		const volumes = [
			{
				name: 'config',
				configMap: {
					name: 'app',
					items: [
						{key: 'a', path: 'conf'},
						{key: 'b', path: 'conf/'},
						{key: 'c', path: 'conf/extra'},
					],
				},
			},
			{
				name: 'info',
				downwardAPI: {
					items: [
						{path: 'labels', fieldRef: {fieldPath: 'metadata.labels'}},
						{path: 'labels/x', fieldRef: {fieldPath: 'metadata.name'}},
					],
				},
			},
			{
				name: 'all',
				projected: {
					sources: [
						{secret: {name: 'tls', items: [{key: 'tls.crt', path: 'certs/tls.crt'}]}},
						{},
						{serviceAccountToken: {path: 'certs'}},
						{configMap: {name: 'ca', items: [{key: 'ca.crt', path: 'certs/tls.crt'}]}},
					],
				},
			},
		];
		expect(warn({volumes})).toEqual([
			'volume "config" (ConfigMap "app"): overlapping paths: "conf" with "conf"',
			'volume "config" (ConfigMap "app"): overlapping paths: "conf/extra" with "conf"',
			'volume "config" (ConfigMap "app"): overlapping paths: "conf/extra" with "conf"',
			'volume "info" (DownwardAPI): overlapping paths: "labels/x" with "labels"',
			'volume "all" (Projected) has no sources provided',
			'volume "all" (Projected): overlapping paths: "certs" (ServiceAccountToken) with "certs/tls.crt" (Secret "tls")',
			'volume "all" (Projected): overlapping paths: "certs/tls.crt" (ConfigMap "ca") with "certs/tls.crt" (Secret "tls")',
			'volume "all" (Projected): overlapping paths: "certs/tls.crt" (ConfigMap "ca") with "certs" (ServiceAccountToken)',
		]);
	});
});

describe('pod spec and metadata', () => {
	test('deprecated annotations and pull secrets; a negative grace period was made 1 by conversion', () => {
		const annotations = {'scheduler.alpha.kubernetes.io/critical-pod': '', 'security.alpha.kubernetes.io/sysctls': 'a=b'};
		const spec = {terminationGracePeriodSeconds: -5, imagePullSecrets: [{name: 'reg'}, {name: ''}, {name: 'reg'}]};
		expect(warn(spec, {annotations})).toEqual([
			'metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
			'metadata.annotations[security.alpha.kubernetes.io/sysctls]: non-functional in v1.11+; use the "sysctls" field instead',
			'spec.imagePullSecrets[2].name: duplicate name "reg"',
			'spec.imagePullSecrets[1].name: invalid empty name ""',
		]);
	});

	test('fractional overhead', () => {
		expect(warn({overhead: {memory: '100.5Mi', cpu: '0.5'}})).toEqual([]);
		expect(warn({overhead: {memory: '100.1Mi', 'ephemeral-storage': '0.5'}})).toEqual([
			'spec.overhead[memory]: fractional byte value "104962457600m" is invalid, must be an integer',
			'spec.overhead[ephemeral-storage]: fractional byte value "500m" is invalid, must be an integer',
		]);
	});

	test('host aliases and nameservers: duplicates and non-standard addresses', () => {
		const spec = {
			hostAliases: [
				{ip: '10.0.0.1', hostnames: ['a']},
				{ip: '10.0.0.1', hostnames: ['b']},
				{ip: '010.000.0.1', hostnames: ['c']},
			],
			dnsConfig: {nameservers: ['::ffff:10.0.0.53', '2001:DB8:0:0:0::1', '2001:0db8::1', '2001:db8::1', '8.8.8.8', '2001:db8:0:0:1:0:0:1', 'fe80::1%eth0']},
		};
		expect(warn(spec)).toEqual([
			'spec.hostAliases[1].ip: duplicate ip "10.0.0.1"',
			'spec.dnsConfig.nameservers[0]: non-standard IP address "::ffff:10.0.0.53" will be considered invalid in a future Kubernetes release: use "10.0.0.53"',
			'spec.dnsConfig.nameservers[1]: IPv6 address "2001:DB8:0:0:0::1" should be in RFC 5952 canonical format ("2001:db8::1")',
			'spec.dnsConfig.nameservers[2]: IPv6 address "2001:0db8::1" should be in RFC 5952 canonical format ("2001:db8::1")',
			'spec.dnsConfig.nameservers[5]: IPv6 address "2001:db8:0:0:1:0:0:1" should be in RFC 5952 canonical format ("2001:db8::1:0:0:1")',
			'spec.hostAliases[2].ip: non-standard IP address "010.000.0.1" will be considered invalid in a future Kubernetes release: use "10.0.0.1"',
		]);
	});

	test('deprecated node labels in selectors, affinity and topology spread; null label selectors', () => {
		const spec: Partial<PodSpec> = {
			nodeSelector: {'beta.kubernetes.io/os': 'linux', 'kubernetes.io/os': 'linux'},
			affinity: {
				nodeAffinity: {
					requiredDuringSchedulingIgnoredDuringExecution: {
						nodeSelectorTerms: [{matchExpressions: [{key: 'failure-domain.beta.kubernetes.io/zone', operator: 'In', values: ['a b']}]}],
					},
					preferredDuringSchedulingIgnoredDuringExecution: [
						{weight: 1, preference: {matchExpressions: [{key: 'node-role.kubernetes.io/master', operator: 'In', values: ['-bad']}]}},
					],
				},
				podAffinity: {requiredDuringSchedulingIgnoredDuringExecution: [{topologyKey: 'kubernetes.io/hostname'}]},
				podAntiAffinity: {
					preferredDuringSchedulingIgnoredDuringExecution: [{weight: 1, podAffinityTerm: {topologyKey: 'kubernetes.io/hostname', labelSelector: null}}],
				},
			},
			topologySpreadConstraints: [{maxSkew: 1, topologyKey: 'beta.kubernetes.io/instance-type', whenUnsatisfiable: 'DoNotSchedule'}],
		};
		const valueRule =
			"a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
		expect(warn(spec)).toEqual([
			'spec.nodeSelector[beta.kubernetes.io/os]: deprecated since v1.14; use "kubernetes.io/os" instead',
			'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
			'spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key: node-role.kubernetes.io/master is use "node-role.kubernetes.io/control-plane" instead',
			`spec.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].values[0]: -bad is invalid, ${valueRule}`,
			'spec.topologySpreadConstraints[0].topologyKey: beta.kubernetes.io/instance-type is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
			'spec.topologySpreadConstraints[0].labelSelector: a null labelSelector results in matching no pod',
			'spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector: a null labelSelector results in matching no pod',
			'spec.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector: a null labelSelector results in matching no pod',
		]);
	});

	test('a name with dots makes a surprising hostname; the warning comes first', () => {
		expect(warn({imagePullSecrets: [{name: ''}]}, {name: 'web.v2'})).toEqual([
			"metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must not contain dots]",
			'spec.imagePullSecrets[0].name: invalid empty name ""',
		]);
		expect(warn({}, {name: `${'a'.repeat(60)}.${'b'.repeat(10)}`})).toEqual([
			"metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [must be no more than 63 characters must not contain dots]",
		]);
	});

	test('a plain pod has nothing to warn about', () => {
		expect(warn({containers: [container('web', {ports: [{name: 'http', containerPort: 80}], resources: {limits: {memory: '128Mi'}}})]})).toEqual([]);
	});
});

describe('AppArmor annotations on create', () => {
	const key = (name: string) => `container.apparmor.security.beta.kubernetes.io/${name}`;
	const deprecated = (name: string) => `metadata.annotations[${key(name)}]: deprecated since v1.30; use the "appArmorProfile" field instead`;

	test('become the container field with a warning, unless the pod profile already says so', () => {
		const input = pod(
			{securityContext: {appArmorProfile: {type: 'RuntimeDefault'}}, containers: [container('a'), container('b'), container('c'), container('d')]},
			{annotations: {[key('a')]: 'localhost/my-profile', [key('b')]: 'runtime/default', [key('c')]: 'bogus', [key('d')]: 'localhost/ padded'}},
		);
		const {pod: synced, warnings} = appArmorVersionSkew(input);
		expect(warnings).toEqual([deprecated('a'), deprecated('c'), deprecated('d')]);
		expect(synced.spec.containers.map(c => c.securityContext?.appArmorProfile)).toEqual([
			{type: 'Localhost', localhostProfile: 'my-profile'},
			undefined,
			undefined,
			undefined,
		]);
		expect(input.spec.containers[0]!.securityContext).toBeUndefined();
	});

	test('leave a container with the field, and Windows pods, alone', () => {
		const annotations = {[key('main')]: 'unconfined'};
		const withField = pod({containers: [container('main', {securityContext: {appArmorProfile: {type: 'RuntimeDefault'}}})]}, {annotations});
		expect(appArmorVersionSkew(withField)).toEqual({pod: withField, warnings: []});
		const windows = pod({os: {name: 'windows'}}, {annotations});
		expect(appArmorVersionSkew(windows)).toEqual({pod: windows, warnings: []});
		expect(appArmorVersionSkew(pod({}, {annotations})).warnings).toEqual([deprecated('main')]);
	});
});

describe('Warning headers', () => {
	const response = () => {
		const headers: Record<string, unknown> = {};
		const fake = {setHeader: (name: string, value: unknown) => (headers[name] = value)} as unknown as ServerResponse;
		return {fake, headers};
	};

	test('each text once, as 299 with quotes and backslashes escaped, UTF-8 on the wire', () => {
		const {fake, headers} = response();
		addWarnings(fake, ['unknown field "spec.x"', 'a\\b', 'unknown field "spec.x"', 'bad\tcontrol', 'naïve']);
		expect(headers.Warning).toEqual(['299 - "unknown field \\"spec.x\\""', '299 - "a\\\\b"', Buffer.from('299 - "naïve"').toString('latin1')]);
	});

	test('past 4096 characters every text is cut to 256, those already sent too', () => {
		const {fake, headers} = response();
		const long = (char: string) => char.repeat(1300);
		addWarnings(fake, [long('a'), long('b'), long('c')]);
		expect(headers.Warning).toEqual([`299 - "${long('a')}"`, `299 - "${long('b')}"`, `299 - "${long('c')}"`]);
		addWarnings(fake, [long('d'), long('e')]);
		expect(headers.Warning).toEqual(['a', 'b', 'c', 'd', 'e'].map(char => `299 - "${char.repeat(256)}"`));
	});
});
