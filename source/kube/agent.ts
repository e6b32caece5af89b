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
	return secure ? new HttpsProxyAgent({keepAlive: true, proxy, ...tls}) : new HttpProxyAgent({keepAlive: true, proxy});
}
