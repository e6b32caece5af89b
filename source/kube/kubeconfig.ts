import {accessSync, constants, existsSync, readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {load} from 'js-yaml';
import {ClusterAccess, type RawCluster, type RawUser} from './access.js';
import type {PluginHost} from './exec-credential.js';
import {ProxyConfigError, configuredProxy, proxyFor} from './proxy.js';
import {excessiveAliasing, withinAliasBudget} from './yaml-alias-budget.js';

// Kubeconfig discovery the way kubectl does it: --kubeconfig, else $KUBECONFIG (several
// files merged, the first to define a name wins), else ~/.kube/config; and, for k3s hosts
// with none of those, /etc/rancher/k3s/k3s.yaml. Errors are one line, kubectl's wording.

export const k3sKubeconfig = '/etc/rancher/k3s/k3s.yaml';

export class KubeconfigError extends Error {}

export type LoadedConfig = {
	access: ClusterAccess;
	files: string[];
	context: string;
	cluster: string;
	server: string;
	user: string;
	namespace: string;
	contexts: string[];
};

export type LoadOptions = {
	kubeconfig?: string;
	context?: string;
	namespace?: string;
	env?: NodeJS.ProcessEnv;
	home?: string;
	k3sPath?: string;
	/** Readability check (tests run as root, who can read anything). */
	canRead?: (file: string) => boolean;
	/** How exec credential plugins meet the terminal (the TUI lends it; see kube/exec-credential.ts). */
	plugins?: Partial<PluginHost>;
};

const readable = (file: string) => {
	try {
		accessSync(file, constants.R_OK);
		return true;
	} catch {
		return false;
	}
};

type RawConfig = {
	'current-context'?: string;
	clusters?: Array<{name: string; cluster: Record<string, unknown>}>;
	users?: Array<{name: string; user: Record<string, unknown>}>;
	contexts?: Array<{name: string; context: Record<string, unknown>}>;
	[key: string]: unknown;
};

const pathFields = ['certificate-authority', 'client-certificate', 'client-key', 'tokenFile'];

function readConfig(file: string): RawConfig {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') throw new KubeconfigError(`stat ${file}: no such file or directory`);
		if (code === 'EACCES') throw new KubeconfigError(`error loading config file "${file}": open ${file}: permission denied`);
		throw new KubeconfigError(`error loading config file "${file}": ${(error as Error).message}`);
	}
	// A file with nothing but comments is an empty config, which kubectl merges as nothing.
	if (/^(\s*(#.*)?(---|\.\.\.)?\s*(#.*)?)*$/.test(text)) return {};
	let raw: unknown;
	try {
		// js-yaml's default is YAML 1.2's core schema, as kubectl reads it: a token or an expiry
		// that looks like a date stays the string it is.
		raw = load(text);
	} catch (error) {
		const reason = (error as Error).message.split('\n')[0];
		throw new KubeconfigError(`error loading config file "${file}": ${reason}`);
	}
	if (raw === null || raw === undefined) return {};
	if (!withinAliasBudget(raw)) throw new KubeconfigError(`error loading config file "${file}": ${excessiveAliasing}`);
	if (typeof raw !== 'object' || Array.isArray(raw)) {
		throw new KubeconfigError(`error loading config file "${file}": not a kubeconfig (expected a mapping)`);
	}
	const config = raw as RawConfig;
	for (const list of ['clusters', 'users', 'contexts'] as const) {
		if (config[list] !== undefined && !Array.isArray(config[list])) {
			throw new KubeconfigError(`error loading config file "${file}": ${list} must be a list`);
		}
	}
	// Relative paths inside a kubeconfig are relative to the file that holds them.
	const base = path.dirname(path.resolve(file));
	for (const entry of [...(config.clusters ?? []), ...(config.users ?? [])]) {
		const body = ('cluster' in entry ? entry.cluster : (entry as {user: Record<string, unknown>}).user) ?? {};
		for (const field of pathFields) {
			const value = body[field];
			if (typeof value === 'string' && value && !path.isAbsolute(value)) body[field] = path.join(base, value);
		}
		// An exec plugin named by a relative path (./plug.sh, bin/plug) is found next to the
		// kubeconfig, as clientcmd resolves it; a bare name is looked up in PATH.
		const exec = body.exec as {command?: unknown} | undefined;
		if (exec && typeof exec.command === 'string' && exec.command.includes('/') && !path.isAbsolute(exec.command)) {
			exec.command = path.join(base, exec.command);
		}
	}
	return config;
}

function merge(configs: RawConfig[]): RawConfig {
	const merged: RawConfig = {apiVersion: 'v1', kind: 'Config', clusters: [], users: [], contexts: []};
	// Names already taken, per list: the merge stays linear in the number of entries.
	const taken = {clusters: new Set<string>(), users: new Set<string>(), contexts: new Set<string>()};
	for (const config of configs) {
		merged['current-context'] ||= config['current-context'];
		for (const list of ['clusters', 'users', 'contexts'] as const) {
			const target = merged[list] as Array<{name: string}>;
			for (const entry of (config[list] ?? []) as Array<{name: string}>) {
				if (!entry?.name || taken[list].has(entry.name)) continue;
				taken[list].add(entry.name);
				target.push(entry);
			}
		}
	}
	return merged;
}

function k3sHint(file: string): string {
	return (
		`${file} is not readable by this user: run podscope with sudo, or copy it to ~/.kube/config ` +
		`(sudo cp ${file} ~/.kube/config && sudo chown $USER ~/.kube/config), ` +
		`or start k3s with --write-kubeconfig-mode 644 (K3S_KUBECONFIG_MODE=644)`
	);
}

/** Which files kubectl would read, in order. */
export function kubeconfigFiles(options: LoadOptions): string[] {
	if (options.kubeconfig) return [options.kubeconfig];
	const env = options.env ?? process.env;
	if (env.KUBECONFIG) return env.KUBECONFIG.split(path.delimiter).filter(Boolean);
	const home = options.home ?? homedir();
	const defaultFile = path.join(home, '.kube', 'config');
	if (existsSync(defaultFile)) return [defaultFile];
	const k3s = options.k3sPath ?? k3sKubeconfig;
	if (existsSync(k3s)) {
		if (!(options.canRead ?? readable)(k3s)) throw new KubeconfigError(k3sHint(k3s));
		return [k3s];
	}
	return [];
}

/**
 * The context names of the kubeconfig kubectl would read, for shell completion: unlike
 * loadKubeconfig it needs no working current context (choosing another is what --context is for).
 */
export function contextNames(options: LoadOptions = {}): string[] {
	const files = kubeconfigFiles(options);
	const present = options.kubeconfig ? files : files.filter(file => existsSync(file));
	return (merge(present.map(readConfig)).contexts ?? []).map(context => context.name);
}

export function loadKubeconfig(options: LoadOptions = {}): LoadedConfig {
	const files = kubeconfigFiles(options);
	if (files.length === 0) {
		throw new KubeconfigError('no kubeconfig found: set KUBECONFIG, create ~/.kube/config, pass --kubeconfig, or try podscope --demo');
	}
	// $KUBECONFIG may name files that do not exist; kubectl skips them.
	const present = options.kubeconfig ? files : files.filter(file => existsSync(file));
	if (present.length === 0) throw new KubeconfigError(`stat ${files[0]}: no such file or directory`);
	const merged = merge(present.map(readConfig));
	const contexts = (merged.contexts ?? []).map(context => context.name);
	const contextName = options.context || merged['current-context'] || '';
	if (!contextName) {
		throw new KubeconfigError('current-context is not set: pass --context NAME or run kubectl config use-context NAME');
	}
	const context = merged.contexts?.find(entry => entry.name === contextName);
	if (!context) throw new KubeconfigError(`context "${contextName}" does not exist`);
	const clusterName = String(context.context?.cluster ?? '');
	const cluster = merged.clusters?.find(entry => entry.name === clusterName);
	if (!cluster) throw new KubeconfigError(`cluster "${clusterName}" of context "${contextName}" does not exist`);
	const server = String(cluster.cluster?.server ?? '');
	if (!server) throw new KubeconfigError(`cluster "${clusterName}" has no server`);
	const userName = String(context.context?.user ?? '');
	merged['current-context'] = contextName;

	const user = merged.users?.find(entry => entry.name === userName)?.user ?? {};
	const rawCluster = cluster.cluster as unknown as RawCluster;
	// client-go's transport config check: a CA and insecure-skip-tls-verify contradict each other.
	if (rawCluster['insecure-skip-tls-verify'] && (rawCluster['certificate-authority'] || rawCluster['certificate-authority-data'])) {
		throw new KubeconfigError('specifying a root certificates file with the insecure flag is not allowed');
	}
	let proxy: URL | undefined;
	try {
		const serverUrl = new URL(server);
		if (serverUrl.protocol !== 'https:' && serverUrl.protocol !== 'http:')
			throw new KubeconfigError(`unsupported protocol scheme "${serverUrl.protocol.slice(0, -1)}"`);
		proxy = proxyFor(serverUrl, configuredProxy(rawCluster['proxy-url'], clusterName), options.env ?? process.env);
	} catch (error) {
		if (error instanceof ProxyConfigError || error instanceof KubeconfigError) throw new KubeconfigError(error.message);
		throw new KubeconfigError(`cluster "${clusterName}" has an invalid server "${server}"`);
	}
	const access = new ClusterAccess(rawCluster, user as RawUser, merged, {proxy, plugins: options.plugins});
	return {
		access,
		files: present,
		context: contextName,
		cluster: clusterName,
		server,
		user: userName,
		namespace: options.namespace || String(context.context?.namespace ?? '') || 'default',
		contexts,
	};
}
