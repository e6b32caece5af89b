import {type ChildProcess, spawn} from 'node:child_process';
import {ExecPluginError} from './credential-error.js';
import {forwardLines} from './plugin-input.js';

// Exec credential plugins run as client-go runs them (plugin/pkg/client/auth/exec/exec.go):
// the command with its args and env, KUBERNETES_EXEC_INFO describing the request (and the
// cluster when provideClusterInfo is set), stdin handed over only in interactive mode, the
// ExecCredential read from stdout, cached until its expirationTimestamp, and the plugin run
// again when the server rejects the credentials it gave. Two things client-go lacks: a
// non-interactive plugin that hangs is killed after a time-out with a clear message, and no
// error ever quotes what the plugin printed (it may be a token).

export type ExecConfig = {
	apiVersion?: string;
	command: string;
	args?: string[];
	env?: Array<{name: string; value: string}> | null;
	installHint?: string;
	provideClusterInfo?: boolean;
	interactiveMode?: string;
};

/** What KUBERNETES_EXEC_INFO's spec.cluster holds (clientauthentication's Cluster). */
export type ExecCluster = {
	server: string;
	'tls-server-name'?: string;
	'insecure-skip-tls-verify'?: boolean;
	'certificate-authority-data'?: string;
	'proxy-url'?: string;
	'disable-compression'?: boolean;
	config?: unknown;
};

export type ExecCredentials = {token?: string; cert?: string; key?: string};

export type PluginHost = {
	env: NodeJS.ProcessEnv;
	stdinIsTerminal(): boolean;
	/**
	 * Where the plugin's stderr goes: the terminal for the plain commands (as kubectl), or
	 * nowhere while a full-screen UI owns the terminal.
	 */
	stderr: 'inherit' | 'ignore';
	/** Hands the terminal to an interactive plugin (the TUI leaves its screen meanwhile). */
	lendTerminal?<T>(run: () => Promise<T>): Promise<T>;
	/**
	 * Where an interactive plugin's input comes from when it cannot simply inherit the
	 * terminal: a process whose stdin stream is still reading the terminal (the TUI) would race
	 * the plugin for every line, so lines typed there are passed on through a pipe instead.
	 * The plugin cannot turn echo off on a pipe, so they are read without echo, as a password
	 * prompt reads them (plugin-input.ts).
	 */
	stdinStream?: NodeJS.ReadStream;
	/** How long a non-interactive plugin may run. */
	timeoutMs: number;
	now?(): number;
};

const apiVersions = new Set(['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']);

const installHelp = `

It looks like you are trying to use a client-go credential plugin that is not installed.

To learn more about this feature, consult the documentation available at:
      https://kubernetes.io/docs/reference/access-authn-authz/authentication/#client-go-credential-plugins`;

const running = new Set<ChildProcess>();
let exitHook = false;

function track(child: ChildProcess): void {
	running.add(child);
	child.once('exit', () => running.delete(child));
	if (exitHook) return;
	exitHook = true;
	// A plugin still running when podscope ends (a `q` while it waits) goes with it.
	process.once('exit', () => {
		for (const orphan of running) orphan.kill('SIGKILL');
	});
}

export class ExecCredentialPlugin {
	private cached?: ExecCredentials;
	private expiresAt?: number;
	private inFlight?: Promise<ExecCredentials>;
	private hintShown = false;
	private readonly version: string;

	constructor(
		private readonly config: ExecConfig,
		private readonly cluster: ExecCluster | undefined,
		private readonly host: PluginHost,
	) {
		this.version = config.apiVersion ?? '';
		if (!apiVersions.has(this.version)) throw new ExecPluginError(`exec plugin: invalid apiVersion "${this.version}"`);
	}

	/** The cached credentials, or the plugin's fresh ones once they expired (or never ran). */
	async get(): Promise<ExecCredentials> {
		const now = this.host.now?.() ?? Date.now();
		if (this.cached && (this.expiresAt === undefined || now < this.expiresAt)) return this.cached;
		return this.run();
	}

	/** The server rejected `used`: run the plugin again unless someone already has. */
	async rejected(used: ExecCredentials): Promise<ExecCredentials> {
		if (used !== this.cached) return this.get();
		this.cached = undefined;
		return this.run();
	}

	private run(): Promise<ExecCredentials> {
		this.inFlight ??= this.execute().finally(() => {
			this.inFlight = undefined;
		});
		return this.inFlight;
	}

	private interactive(): boolean {
		const mode = this.config.interactiveMode || (this.version.endsWith('v1beta1') ? 'IfAvailable' : '');
		switch (mode) {
			case 'Never':
				return false;
			case 'IfAvailable':
				return this.host.stdinIsTerminal();
			case 'Always':
				if (!this.host.stdinIsTerminal()) throw new ExecPluginError('exec plugin cannot support interactive mode: standard input is not a terminal');
				return true;
			default:
				throw new ExecPluginError(`exec plugin cannot support interactive mode: unknown interactiveMode: "${mode}"`);
		}
	}

	private async execute(): Promise<ExecCredentials> {
		const interactive = this.interactive();
		const spec: Record<string, unknown> = {interactive};
		if (this.config.provideClusterInfo && this.cluster) spec.cluster = clusterInfo(this.cluster);
		const info = JSON.stringify({kind: 'ExecCredential', apiVersion: this.version, spec});
		const env: NodeJS.ProcessEnv = {...this.host.env};
		for (const {name, value} of this.config.env ?? []) env[name] = value;
		env.KUBERNETES_EXEC_INFO = info;
		const launch = () => this.spawnPlugin(env, interactive);
		const stdout = interactive && this.host.lendTerminal ? await this.host.lendTerminal(launch) : await launch();
		const credentials = this.parse(stdout);
		this.cached = credentials;
		return credentials;
	}

	private spawnPlugin(env: NodeJS.ProcessEnv, interactive: boolean): Promise<string> {
		const command = this.config.command;
		return new Promise<string>((resolve, reject) => {
			const input = interactive ? this.host.stdinStream : undefined;
			const child = spawn(command, this.config.args ?? [], {
				env,
				stdio: [input ? 'pipe' : interactive ? 'inherit' : 'ignore', 'pipe', interactive ? 'inherit' : this.host.stderr],
			});
			track(child);
			if (input && child.stdin) {
				const stop = forwardLines(input, child.stdin, process.stderr, () => child.kill('SIGINT'));
				child.once('exit', stop);
			}
			const chunks: Buffer[] = [];
			child.stdout!.on('data', (chunk: Buffer) => chunks.push(chunk));
			const timer = interactive
				? undefined
				: setTimeout(() => {
						child.kill('SIGKILL');
						reject(new ExecPluginError(`exec: executable ${command} did not return credentials within ${Math.round(this.host.timeoutMs / 1000)}s`));
					}, this.host.timeoutMs);
			timer?.unref();
			child.once('error', error => {
				clearTimeout(timer);
				if ((error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EACCES') {
					reject(new ExecPluginError(this.notFound()));
					return;
				}
				reject(new ExecPluginError(`exec: ${error.message}`));
			});
			child.once('close', (code, signal) => {
				clearTimeout(timer);
				if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
				else reject(new ExecPluginError(`exec: executable ${command} failed with exit code ${code ?? (signal ? -1 : 0)}`));
			});
		});
	}

	private notFound(): string {
		let text = `exec: executable ${this.config.command} not found`;
		// client-go adds the help once per authenticator.
		if (!this.hintShown) {
			this.hintShown = true;
			text += installHelp;
			if (this.config.installHint) text += `\n\n${this.config.installHint}`;
		}
		return text;
	}

	private parse(stdout: string): ExecCredentials {
		let parsed: {apiVersion?: string; kind?: string; status?: Record<string, unknown> | null};
		try {
			parsed = JSON.parse(stdout) as typeof parsed;
		} catch {
			// Never quote the output: a plugin that prints a bare token would have it on screen.
			throw new ExecPluginError(`decoding stdout: the plugin printed ${stdout.length} bytes that are not an ExecCredential JSON object`);
		}
		if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
			throw new ExecPluginError('decoding stdout: the plugin printed JSON that is not an ExecCredential object');
		}
		if (parsed.apiVersion !== this.version) {
			throw new ExecPluginError(`exec plugin is configured to use API version ${this.version}, plugin returned version ${parsed.apiVersion ?? ''}`);
		}
		const status = parsed.status;
		if (!status || typeof status !== 'object') throw new ExecPluginError("exec plugin didn't return a status field");
		const token = typeof status.token === 'string' ? status.token : '';
		const cert = typeof status.clientCertificateData === 'string' ? status.clientCertificateData : '';
		const key = typeof status.clientKeyData === 'string' ? status.clientKeyData : '';
		if (!token && !cert && !key) throw new ExecPluginError("exec plugin didn't return a token or cert/key pair");
		if (!cert !== !key) throw new ExecPluginError('exec plugin returned only certificate or key, not both');
		const expiry = typeof status.expirationTimestamp === 'string' ? Date.parse(status.expirationTimestamp) : Number.NaN;
		this.expiresAt = Number.isFinite(expiry) ? expiry : undefined;
		return {token: token || undefined, cert: cert || undefined, key: key || undefined};
	}
}

/** clientauthentication.Cluster in its JSON form (certificate-authority-data stays base64). */
function clusterInfo(cluster: ExecCluster): Record<string, unknown> {
	const info: Record<string, unknown> = {server: cluster.server};
	if (cluster['tls-server-name']) info['tls-server-name'] = cluster['tls-server-name'];
	if (cluster['insecure-skip-tls-verify']) info['insecure-skip-tls-verify'] = true;
	if (cluster['certificate-authority-data']) info['certificate-authority-data'] = cluster['certificate-authority-data'];
	if (cluster['proxy-url']) info['proxy-url'] = cluster['proxy-url'];
	if (cluster['disable-compression']) info['disable-compression'] = true;
	if (cluster.config !== undefined) info.config = cluster.config;
	return info;
}
