import {readFileSync} from 'node:fs';
import {Agent, type RequestOptions} from 'node:https';
import type {KubeConfig} from '@kubernetes/client-node';
import type WebSocket from 'ws';

// How requests reach one cluster as one user: TLS material and credentials from the
// kubeconfig, as options for Node's own https (already in the binary: nothing to load at
// start-up). Certificates, tokens and basic auth (k3s's kubeconfig and most others) are
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

type Tls = {ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized: boolean; servername?: string};

/** What a request needs: TLS options with a keep-alive agent, and the credential headers. */
export type Prepared = {headers: Record<string, string>; options: RequestOptions};

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

	private tls(): Tls {
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
			// JSON is YAML: client-node reads it as it reads any kubeconfig.
			config.loadFromString(JSON.stringify(this.merged));
			return config;
		});
		return this.kubeConfig;
	}

	/** TLS options and credential headers for one request; plugins run (and cache) as needed. */
	async prepare(): Promise<Prepared> {
		if (this.needsPlugin) {
			const config = await this.loadKubeConfig();
			const options: RequestOptions = {};
			await config.applyToHTTPSOptions(options);
			const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([key, value]) => [key, String(value)]));
			return {
				headers,
				options: {ca: options.ca, cert: options.cert, key: options.key, rejectUnauthorized: options.rejectUnauthorized, servername: options.servername},
			};
		}
		const tls = this.tls();
		// One keep-alive agent per access: a watch, a list and a log stream share TLS sessions.
		this.agent ??= new Agent({keepAlive: true, ...tls});
		return {headers: this.directHeaders(), options: {agent: this.agent}};
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
		const options = {
			ca: tls.ca,
			cert: tls.cert,
			key: tls.key,
			rejectUnauthorized: tls.rejectUnauthorized,
			servername: tls.servername,
			headers: this.directHeaders(),
		};
		return options as WebSocket.ClientOptions;
	}
}
