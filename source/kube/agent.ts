import {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';

// The connection pool for one cluster: plain or TLS as the server's scheme says, and through
// the proxy client-go would use (kube/proxy.ts). http and https proxies are tunnelled with
// CONNECT (hpagent), socks5 with socks-proxy-agent: both already come with client-node, and
// both keep connections alive as a direct agent does. They are loaded only when a proxy is
// set: most users have none, and every command's start-up would pay for them.

export type Tls = {ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized: boolean; servername?: string};

export async function makeAgent(server: URL, tls: Tls, proxy: URL | undefined): Promise<HttpAgent> {
	const secure = server.protocol === 'https:';
	if (!proxy) return secure ? new HttpsAgent({keepAlive: true, ...tls}) : new HttpAgent({keepAlive: true});
	if (proxy.protocol === 'socks5:') {
		const {SocksProxyAgent} = await import('socks-proxy-agent');
		// socks-proxy-agent starts TLS itself, with the request's options: ClusterAccess adds them.
		return new SocksProxyAgent(proxy, {keepAlive: true});
	}
	const {HttpProxyAgent, HttpsProxyAgent} = await import('hpagent');
	// An https proxy is spoken to with the cluster's TLS settings, as Go's transport does
	// (net/http transport.go, dialConn: addTLS clones TLSClientConfig): its certificate must
	// chain to the kubeconfig's CA, and the client certificate is offered to it too.
	const pem = (value: string | Buffer | undefined) => (value === undefined ? undefined : String(value));
	const proxyTls = {
		ca: tls.ca === undefined ? undefined : [String(tls.ca)],
		cert: pem(tls.cert),
		key: pem(tls.key),
		rejectUnauthorized: tls.rejectUnauthorized,
	};
	const proxyRequestOptions = proxy.protocol === 'https:' ? proxyTls : undefined;
	const agent = secure
		? new HttpsProxyAgent({keepAlive: true, proxy, proxyRequestOptions, ...tls})
		: new HttpProxyAgent({keepAlive: true, proxy, proxyRequestOptions});
	markProxyErrors(agent);
	return agent;
}

/** Set on an error of the proxy's own connection (hpagent's CONNECT), not of the server's behind it. */
export const proxyPhase = Symbol('proxyPhase');

/**
 * hpagent hands back the tunnel through its callback, and the server's handshake happens on
 * the socket afterwards: an error through the callback is the proxy's. Go prefixes those with
 * "proxyconnect tcp:" (http.ts connectionError says it the same way).
 */
function markProxyErrors(agent: HttpAgent): void {
	type Create = (options: unknown, callback: (error: Error | null, socket?: unknown) => void) => unknown;
	const target = agent as unknown as {createConnection: Create};
	const create = target.createConnection.bind(agent);
	target.createConnection = (options, callback) =>
		create(options, (error, socket) => {
			if (error) Object.assign(error, {[proxyPhase]: true});
			callback(error, socket);
		});
}
