import {stringify} from 'yaml';
import type {Pki} from './pki.js';

// A kubeconfig in k3s's shape (embedded CA and client certificate), plus a token user and a
// read-only viewer, so every client path (certs, tokens, RBAC) can be exercised.

const b64 = (text: string) => Buffer.from(text).toString('base64');

export function simKubeconfig(server: string, pki: Pki, tokens: {admin: string}): string {
	const cluster = 'podscope-sim';
	return stringify({
		apiVersion: 'v1',
		kind: 'Config',
		preferences: {},
		'current-context': 'podscope-sim',
		clusters: [{name: cluster, cluster: {server, 'certificate-authority-data': b64(pki.ca.cert)}}],
		users: [
			{name: 'podscope-sim-admin', user: {'client-certificate-data': b64(pki.clients.admin!.cert), 'client-key-data': b64(pki.clients.admin!.key)}},
			{name: 'podscope-sim-viewer', user: {'client-certificate-data': b64(pki.clients.viewer!.cert), 'client-key-data': b64(pki.clients.viewer!.key)}},
			{name: 'podscope-sim-token', user: {token: tokens.admin}},
		],
		contexts: [
			{name: 'podscope-sim', context: {cluster, user: 'podscope-sim-admin', namespace: 'default'}},
			{name: 'podscope-sim-viewer', context: {cluster, user: 'podscope-sim-viewer', namespace: 'default'}},
			{name: 'podscope-sim-token', context: {cluster, user: 'podscope-sim-token', namespace: 'default'}},
		],
	});
}
