import {describe, expect, test} from 'vitest';
import {etcFiles, hostsFile, podHostname, resolvConf} from '../../../source/sim/exec/etc-files.js';
import type {Pod} from '../../../source/model/k8s.js';

const pod = (name: string, spec: Partial<Pod['spec']> = {}, status: Pod['status'] = {}): Pod => ({
	metadata: {name, namespace: 'shop'},
	spec: {containers: [{name: 'app'}], ...spec},
	status,
});

describe("a sandboxed container's /etc", () => {
	test('the hostname is spec.hostname, else the pod name, cut at 63 without a trailing - or .', () => {
		expect(podHostname(pod('web-1'))).toBe('web-1');
		expect(podHostname(pod('web-1', {hostname: 'front'}))).toBe('front');
		const long = `${'a'.repeat(61)}-.b`;
		expect(podHostname(pod(long))).toBe('a'.repeat(61));
	});

	test("hosts is the kubelet's managed file with the pod's IPs, subdomain and aliases", () => {
		expect(hostsFile(pod('web-1', {}, {podIP: '10.42.0.7'}))).toBe(
			'# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n10.42.0.7\tweb-1\n',
		);
		const named = hostsFile(pod('web-1', {subdomain: 'web', hostAliases: [{ip: '10.0.0.9', hostnames: ['db', 'db.local']}]}, {podIPs: [{ip: '10.42.0.7'}]}));
		expect(named).toContain('10.42.0.7\tweb-1.web.shop.svc.cluster.local\tweb-1\n');
		expect(named.endsWith('\n# Entries added by HostAliases.\n10.0.0.9\tdb\tdb.local\n')).toBe(true);
	});

	test("resolv.conf searches the pod's namespace first, with ndots:5", () => {
		expect(resolvConf(pod('web-1'))).toBe('search shop.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.43.0.10\noptions ndots:5\n');
	});

	test("passwd and group are the image's, never the host's", () => {
		const files = etcFiles(pod('web-1'));
		expect(files.passwd).toMatch(/^root:x:0:0:root:\/root:\/bin\/sh\n/);
		expect(files.passwd).not.toContain(process.env.USER ?? 'nobody-else');
		expect(files.hostname).toBe('web-1\n');
	});
});
