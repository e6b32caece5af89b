import {readFileSync} from 'node:fs';
import type {KubeConfig} from '@kubernetes/client-node';
import {Agent, type Dispatcher} from 'undici';
import type WebSocket from 'ws';
import {stringify} from 'yaml';

// How requests reach one cluster as one user: TLS material and credentials from the
// kubeconfig. Certificates, tokens and basic auth (k3s's kubeconfig and most others) are
// applied directly; exec credential plugins and auth providers go through client-node's
// KubeConfig, loaded only for users that need it — it costs hundreds of milliseconds to load.

export type RawCluster = {
	server: string;
	'certificate-authority'?: string;
	'certificate-authority-data'?: string;
	'insecure-skip-tls-verify'?: boolean;
	'tls-server-name'?: string;
};

export type RawUser = {
	token?: string;
	tokenFile?: string;
	'client-certificate'?: string;
	'client-certificate-data'?: string;
	'client-key'?: string;
	'client-key-data'?: string;
	username?: string;
	password?: string;
	exec?: unknown;
	'auth-provider'?: unknown;
};

type Prepared = {headers: Record<string, string>; dispatcher: Dispatcher; tls: {ca?: string; cert?: string; key?: string; rejectUnauthorized: boolean; servername?: string}};

const fromData = (data: string | undefined) => (data ? Buffer.from(data, 'base64').toString('utf8') : undefined);
const fromFile = (file: string | undefined) => (file ? readFileSync(file, 'utf8') : undefined);

export class ClusterAccess {
	readonly server: string;
	private agent?: Agent;
	private kubeConfig?: Promise<KubeConfig>;

	constructor(
		readonly cluster: RawCluster,
		private readonly user: RawUser,
		/** The whole merged kubeconfig, for client-node when a plugin is involved. */
		private readonly merged: Record<string, unknown>,
	) {
		this.server = cluster.server.replace(/\/$/, '');
	}

	/** Whether a credential plugin (exec or auth-provider) is involved. */
	get needsPlugin(): boolean {
		return this.user.exec !== undefined || this.user['auth-provider'] !== undefined;
	}

	private tls(): Prepared['tls'] {
		const cluster = this.cluster;
		const user = this.user;
		return {
			ca: fromData(cluster['certificate-authority-data']) ?? fromFile(cluster['certificate-authority']),
			cert: fromData(user['client-certificate-data']) ?? fromFile(user['client-certificate']),
			key: fromData(user['client-key-data']) ?? fromFile(user['client-key']),
			rejectUnauthorized: !cluster['insecure-skip-tls-verify'],
			servername: cluster['tls-server-name'],
		};
	}

	private directHeaders(): Record<string, string> {
		const user = this.user;
		// A token file is read for every request: projected service-account tokens rotate.
		const token = user.token ?? (user.tokenFile ? readFileSync(user.tokenFile, 'utf8').trim() : undefined);
		if (token) return {Authorization: `Bearer ${token}`};
		if (user.username !== undefined) return {Authorization: `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`};
		return {};
	}

	private loadKubeConfig(): Promise<KubeConfig> {
		this.kubeConfig ??= import('@kubernetes/client-node').then(({KubeConfig}) => {
			const config = new KubeConfig();
			config.loadFromString(stringify(this.merged));
			return config;
		});
		return this.kubeConfig;
	}

	/** Headers and a TLS dispatcher for one request; plugins run (and cache) as needed. */
	async prepare(url: URL, method = 'GET'): Promise<Prepared> {
		if (this.needsPlugin) {
			const {RequestContext} = await import('@kubernetes/client-node');
			const config = await this.loadKubeConfig();
			const context = new RequestContext(url.toString(), method as never);
			await config.applySecurityAuthentication(context);
			return {headers: context.getHeaders(), dispatcher: context.getDispatcher() as Dispatcher, tls: this.tls()};
		}
		const tls = this.tls();
		this.agent ??= new Agent({connect: {ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized, servername: tls.servername}});
		return {headers: this.directHeaders(), dispatcher: this.agent, tls};
	}

	/** Options for a WebSocket (exec, attach) with the same TLS and credentials. */
	async webSocketOptions(): Promise<WebSocket.ClientOptions> {
		if (this.needsPlugin) {
			const config = await this.loadKubeConfig();
			const options: WebSocket.ClientOptions = {};
			await config.applyToHTTPSOptions(options);
			return options;
		}
		const tls = this.tls();
		// ws hands these to tls.connect, which knows servername even if ws's types do not.
		const options = {ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.rejectUnauthorized, servername: tls.servername, headers: this.directHeaders()};
		return options as WebSocket.ClientOptions;
	}
}
