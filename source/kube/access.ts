import {readFileSync} from 'node:fs';
import type {Agent, RequestOptions} from 'node:http';
import type {KubeConfig} from '@kubernetes/client-node';
import type WebSocket from 'ws';
import {makeAgent, type Tls} from './agent.js';
import {ExecPluginError} from './credential-error.js';
import type {ExecCluster, ExecConfig, ExecCredentialPlugin, ExecCredentials, PluginHost} from './exec-credential.js';

// How requests reach one cluster as one user: TLS material, credentials and the proxy from
// the kubeconfig, as options for Node's own http and https (already in the binary: nothing to
// load at start-up). Certificates, tokens, basic auth and exec credential plugins are applied
// here; only auth providers (oidc and the cloud ones) go through client-node's KubeConfig,
// loaded for those users alone: it costs hundreds of milliseconds, and needs Node 22.

export type RawCluster = ExecCluster & {
	server: string;
	'certificate-authority'?: string;
	'certificate-authority-data'?: string;
	'insecure-skip-tls-verify'?: boolean;
	'tls-server-name'?: string;
	'proxy-url'?: string;
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
	exec?: ExecConfig;
	'auth-provider'?: unknown;
};

/** What a request needs: its agent (TLS, proxy, keep-alive), TLS options and the credential headers. */
export type Prepared = {headers: Record<string, string>; options: RequestOptions & Partial<Tls>; credentials?: ExecCredentials};

export type AccessOptions = {
	/** The proxy client-go would use (kube/proxy.ts), if any. */
	proxy?: URL;
	/** How exec credential plugins meet the terminal; the plain commands' defaults otherwise. */
	plugins?: Partial<PluginHost>;
};

const fromData = (data: string | undefined) => (data ? Buffer.from(data, 'base64').toString('utf8') : undefined);
const fromFile = (file: string | undefined) => (file ? readFileSync(file, 'utf8') : undefined);

/** client-node (auth providers) loads undici, which needs Node 22.19's zlib (zstd). */
export const authProviderNodeError = (version = process.versions.node) => {
	const [major = 0, minor = 0] = version.split('.').map(Number);
	const tooOld = major < 22 || (major === 22 && minor < 19);
	return tooOld ? `auth-provider credentials need Node.js 22.19 or newer; this is Node.js ${version}` : undefined;
};

export class ClusterAccess {
	readonly server: string;
	readonly proxy?: URL;
	private readonly agents = new Map<string, Promise<Agent>>();
	private kubeConfig?: Promise<KubeConfig>;
	/** The exec plugin's runner, loaded when first needed (it brings child_process). */
	private plugin?: Promise<ExecCredentialPlugin>;
	private readonly pluginHost?: PluginHost;

	constructor(
		readonly cluster: RawCluster,
		private readonly user: RawUser,
		/** The whole merged kubeconfig, for client-node when an auth provider is involved. */
		private readonly merged: Record<string, unknown>,
		options: AccessOptions = {},
	) {
		this.server = cluster.server.replace(/\/$/, '');
		this.proxy = options.proxy;
		if (user.exec) {
			this.pluginHost = {
				env: process.env,
				stdinIsTerminal: () => Boolean(process.stdin.isTTY),
				stderr: 'inherit',
				timeoutMs: 60_000,
				...options.plugins,
			};
		}
	}

	private execPlugin(): Promise<ExecCredentialPlugin> | undefined {
		const exec = this.user.exec;
		if (!exec || !this.pluginHost) return undefined;
		const host = this.pluginHost;
		this.plugin ??= import('./exec-credential.js').then(
			({ExecCredentialPlugin}) => new ExecCredentialPlugin(exec, {...this.cluster, 'certificate-authority-data': this.caData()}, host),
		);
		return this.plugin;
	}

	/** Whether credentials come from a program (an exec plugin or an auth provider). */
	get needsPlugin(): boolean {
		return this.user.exec !== undefined || this.user['auth-provider'] !== undefined;
	}

	private caData(): string | undefined {
		const cluster = this.cluster;
		if (cluster['certificate-authority-data']) return cluster['certificate-authority-data'];
		const file = cluster['certificate-authority'];
		return file ? readFileSync(file).toString('base64') : undefined;
	}

	private tls(credentials?: ExecCredentials): Tls {
		const cluster = this.cluster;
		const user = this.user;
		return {
			ca: fromData(cluster['certificate-authority-data']) ?? fromFile(cluster['certificate-authority']),
			cert: credentials?.cert ?? fromData(user['client-certificate-data']) ?? fromFile(user['client-certificate']),
			key: credentials?.key ?? fromData(user['client-key-data']) ?? fromFile(user['client-key']),
			rejectUnauthorized: !cluster['insecure-skip-tls-verify'],
			servername: cluster['tls-server-name'],
		};
	}

	private directHeaders(credentials?: ExecCredentials): Record<string, string> {
		const user = this.user;
		if (credentials?.token) return {Authorization: `Bearer ${credentials.token}`};
		// A token file is read for every request: projected service-account tokens rotate.
		const token = user.token ?? (user.tokenFile ? readFileSync(user.tokenFile, 'utf8').trim() : undefined);
		if (token) return {Authorization: `Bearer ${token}`};
		if (user.username !== undefined) return {Authorization: `Basic ${Buffer.from(`${user.username}:${user.password ?? ''}`).toString('base64')}`};
		return {};
	}

	private loadKubeConfig(): Promise<KubeConfig> {
		const tooOld = authProviderNodeError();
		if (tooOld) return Promise.reject(new ExecPluginError(tooOld));
		this.kubeConfig ??= import('@kubernetes/client-node').then(({KubeConfig}) => {
			const config = new KubeConfig();
			// JSON is YAML: client-node reads it as it reads any kubeconfig.
			config.loadFromString(JSON.stringify(this.merged));
			return config;
		});
		return this.kubeConfig;
	}

	/** One keep-alive agent per client certificate: a plugin may rotate it. */
	private agent(tls: Tls): Promise<Agent> {
		const key = `${tls.cert ?? ''}\u0000${tls.key ?? ''}`;
		let agent = this.agents.get(key);
		if (!agent) {
			agent = makeAgent(new URL(this.server), tls, this.proxy);
			this.agents.set(key, agent);
		}
		return agent;
	}

	/** TLS options, agent and credential headers for one request; plugins run (and cache) as needed. */
	async prepare(): Promise<Prepared> {
		if (this.user['auth-provider'] !== undefined && !this.user.exec) {
			const config = await this.loadKubeConfig();
			const options: {headers?: Record<string, unknown>} & Partial<Tls> = {};
			await config.applyToHTTPSOptions(options as never);
			const headers = Object.fromEntries(Object.entries(options.headers ?? {}).map(([key, value]) => [key, String(value)]));
			const tls = {...this.tls(), ...(options.cert ? {cert: options.cert, key: options.key} : {})};
			return {headers, options: {agent: await this.agent(tls), ...this.requestTls(tls)}};
		}
		const credentials = await (await this.execPlugin())?.get();
		const tls = this.tls(credentials);
		return {headers: this.directHeaders(credentials), options: {agent: await this.agent(tls), ...this.requestTls(tls)}, credentials};
	}

	/** A socks proxy starts TLS with the request's own options; they change nothing otherwise. */
	private requestTls(tls: Tls): Partial<Tls> {
		return this.server.startsWith('https:') ? tls : {};
	}

	/**
	 * The server answered 401 to a request made with `prepared`. With an exec plugin, run it
	 * again (once for all the requests that met the same rejection) and say the request is
	 * worth one more try, as client-go's next request gets the fresh credentials.
	 */
	async rejected(prepared: Prepared): Promise<boolean> {
		const plugin = await this.execPlugin();
		if (!plugin || !prepared.credentials) return false;
		await plugin.rejected(prepared.credentials);
		return true;
	}

	/** Options for a WebSocket (exec, attach, port-forward) with the same agent, TLS and credentials. */
	async webSocketOptions(): Promise<WebSocket.ClientOptions> {
		const prepared = await this.prepare();
		// ws hands these to http(s).request, whose agent connects (through the proxy if any)
		// and starts TLS with them.
		return {...prepared.options, headers: prepared.headers} as WebSocket.ClientOptions;
	}
}
