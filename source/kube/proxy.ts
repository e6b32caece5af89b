import {isIP} from 'node:net';

// Which proxy a request to the API server goes through, as client-go decides: the cluster's
// `proxy-url` when the kubeconfig sets one (for every host, loopback included), else the
// environment as Go's net/http reads it (golang.org/x/net/http/httpproxy): HTTPS_PROXY for
// https servers, HTTP_PROXY for http ones, lower case accepted, NO_PROXY's exceptions, and
// never for localhost or a loopback address.

export class ProxyConfigError extends Error {}

const schemes = new Set(['http:', 'https:', 'socks5:']);

/** The kubeconfig's `proxy-url`, checked as clientcmd's validation does. */
export function configuredProxy(value: string | undefined, cluster: string): URL | undefined {
	if (!value) return undefined;
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new ProxyConfigError(`invalid 'proxy-url' "${value}" for cluster "${cluster}": parse "${value}": invalid URI for request`);
	}
	if (!schemes.has(url.protocol)) {
		throw new ProxyConfigError(
			`invalid 'proxy-url' "${value}" for cluster "${cluster}": unsupported scheme "${url.protocol.slice(0, -1)}", must be http, https, or socks5`,
		);
	}
	return url;
}

type Env = Record<string, string | undefined>;

const envValue = (env: Env, name: string) => env[name] || env[name.toLowerCase()] || undefined;

/** The proxy the environment names for `server`, or none. */
export function environmentProxy(server: URL, env: Env): URL | undefined {
	const raw = envValue(env, server.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY');
	if (!raw) return undefined;
	if (!shouldProxy(server, envValue(env, 'NO_PROXY') ?? '')) return undefined;
	// httpproxy's parseProxy: a value without a scheme is an http proxy.
	try {
		return new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`);
	} catch {
		throw new ProxyConfigError(`invalid proxy address "${raw}"`);
	}
}

const defaultPort = (url: URL) => url.port || (url.protocol === 'https:' ? '443' : '80');

function isLoopback(host: string): boolean {
	if (host === 'localhost') return true;
	const family = isIP(host);
	if (family === 4) return host.startsWith('127.');
	if (family === 6) return host === '::1';
	return false;
}

/** httpproxy's useProxy: false for loopback hosts and hosts NO_PROXY names. */
export function shouldProxy(server: URL, noProxy: string): boolean {
	const host = server.hostname.replace(/^\[|\]$/g, '').toLowerCase();
	if (isLoopback(host)) return false;
	const port = defaultPort(server);
	for (const raw of noProxy.split(/[,\s]+/)) {
		const entry = raw.trim().toLowerCase();
		if (!entry) continue;
		if (entry === '*') return false;
		if (entry.includes('/') && isIP(host) && inCidr(host, entry)) return false;
		const [entryHost, entryPort] = splitHostPort(entry);
		if (entryPort && entryPort !== port) continue;
		if (isIP(entryHost)) {
			if (entryHost === host) return false;
			continue;
		}
		// ".example.com" and "example.com" both match example.com's subdomains; the bare
		// form matches the domain itself too.
		const domain = entryHost.replace(/^\*?\./, '');
		if (host === domain && !entryHost.startsWith('.')) return false;
		if (host.endsWith(`.${domain}`)) return false;
	}
	return true;
}

function splitHostPort(entry: string): [string, string | undefined] {
	const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
	if (bracketed) return [bracketed[1]!, bracketed[2]];
	const colons = entry.split(':').length - 1;
	if (colons === 1) {
		const [host, port] = entry.split(':');
		return [host!, port];
	}
	return [entry, undefined];
}

function inCidr(ip: string, cidr: string): boolean {
	const [base, bitsText] = cidr.split('/');
	const bits = Number(bitsText);
	if (!base || !Number.isInteger(bits) || isIP(base) !== isIP(ip)) return false;
	const a = toBytes(ip);
	const b = toBytes(base);
	for (let index = 0; index < a.length; index++) {
		const take = Math.max(0, Math.min(8, bits - index * 8));
		const mask = take === 0 ? 0 : (0xff << (8 - take)) & 0xff;
		if ((a[index]! & mask) !== (b[index]! & mask)) return false;
	}
	return true;
}

function toBytes(ip: string): number[] {
	if (isIP(ip) === 4) return ip.split('.').map(Number);
	const [head = '', tail = ''] = ip.split('::');
	const groups = (part: string) => (part ? part.split(':') : []);
	const left = groups(head);
	const right = groups(tail);
	const words = ip.includes('::') ? [...left, ...Array(8 - left.length - right.length).fill('0'), ...right] : left;
	return words.flatMap(word => {
		const value = Number.parseInt(word, 16);
		return [value >> 8, value & 0xff];
	});
}

/** The proxy for one cluster: the kubeconfig's first, else the environment's. */
export function proxyFor(server: URL, configured: URL | undefined, env: Env): URL | undefined {
	return configured ?? environmentProxy(server, env);
}
