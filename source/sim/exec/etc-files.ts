import type {Pod} from '../../model/k8s.js';

// The files of a sandboxed container's /etc that the kubelet writes (hostname, hosts,
// resolv.conf) or the image brings (passwd, group, nsswitch.conf): written fresh for each
// container, so nothing of the host's own accounts or resolver shows through.

const hostnameMaxLen = 63;

/**
 * The pod's hostname: spec.hostname or the pod's name, cut at 63 characters without a
 * trailing '-' or '.' (GeneratePodHostNameAndDomain and truncatePodHostnameIfNeeded,
 * pkg/kubelet/kubelet_pods.go).
 */
export function podHostname(pod: Pod): string {
	const hostname = pod.spec.hostname || pod.metadata.name;
	if (hostname.length <= hostnameMaxLen) return hostname;
	return hostname.slice(0, hostnameMaxLen).replace(/[-.]+$/, '');
}

/** The cluster's DNS domain and the kube-dns Service's address in k3s's service CIDR. */
const clusterDomain = 'cluster.local';
const clusterDNS = '10.43.0.10';

/** managedHostsFileContent and hostsEntriesFromHostAliases, pkg/kubelet/kubelet_pods.go. */
export function hostsFile(pod: Pod): string {
	let text = '# Kubernetes-managed hosts file.\n';
	text += '127.0.0.1\tlocalhost\n';
	text += '::1\tlocalhost ip6-localhost ip6-loopback\n';
	text += 'fe00::0\tip6-localnet\n';
	text += 'fe00::0\tip6-mcastprefix\n';
	text += 'fe00::1\tip6-allnodes\n';
	text += 'fe00::2\tip6-allrouters\n';
	const hostname = podHostname(pod);
	const subdomain = pod.spec.subdomain;
	const ips = pod.status?.podIPs?.map(({ip}) => ip) ?? (pod.status?.podIP ? [pod.status.podIP] : []);
	for (const ip of ips) {
		text += subdomain ? `${ip}\t${hostname}.${subdomain}.${pod.metadata.namespace ?? 'default'}.svc.${clusterDomain}\t${hostname}\n` : `${ip}\t${hostname}\n`;
	}
	const aliases = pod.spec.hostAliases ?? [];
	if (aliases.length > 0) {
		text += '\n# Entries added by HostAliases.\n';
		for (const alias of aliases) text += `${alias.ip}\t${(alias.hostnames ?? []).join('\t')}\n`;
	}
	return text;
}

/** ClusterFirst's resolv.conf (pkg/kubelet/network/dns/dns.go: search path, ndots:5). */
export function resolvConf(pod: Pod): string {
	const namespace = pod.metadata.namespace ?? 'default';
	return `search ${namespace}.svc.${clusterDomain} svc.${clusterDomain} ${clusterDomain}\nnameserver ${clusterDNS}\noptions ndots:5\n`;
}

/** What a busybox- or Debian-like image brings: root and nobody. */
export const imageEtcFiles: Record<string, string> = {
	passwd: 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
	group: 'root:x:0:\nnogroup:x:65534:\n',
	'nsswitch.conf': 'passwd: files\ngroup: files\nhosts: files dns\n',
};

export function etcFiles(pod: Pod): Record<string, string> {
	return {...imageEtcFiles, hostname: `${podHostname(pod)}\n`, hosts: hostsFile(pod), 'resolv.conf': resolvConf(pod)};
}
