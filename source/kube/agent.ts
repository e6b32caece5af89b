import {Agent as HttpAgent} from 'node:http';
import {Agent as HttpsAgent} from 'node:https';
import {HttpProxyAgent, HttpsProxyAgent} from 'hpagent';
import {SocksProxyAgent} from 'socks-proxy-agent';

// The connection pool for one cluster: plain or TLS as the server's scheme says, and through
// the proxy client-go would use (kube/proxy.ts). http and https proxies are tunnelled with
// CONNECT (hpagent), socks5 with socks-proxy-agent: both already come with client-node, and
// both keep connections alive as a direct agent does.

export type Tls = {ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer; rejectUnauthorized: boolean; servername?: string};

export function makeAgent(server: URL, tls: Tls, proxy: URL | undefined): HttpAgent {
	const secure = server.protocol === 'https:';
	if (!proxy) return secure ? new HttpsAgent({keepAlive: true, ...tls}) : new HttpAgent({keepAlive: true});
	if (proxy.protocol === 'socks5:') {
		// socks-proxy-agent starts TLS itself, with the request's options: requestOptions() adds them.
		return new SocksProxyAgent(proxy, {keepAlive: true});
	}
	return secure ? new HttpsProxyAgent({keepAlive: true, proxy, ...tls}) : new HttpProxyAgent({keepAlive: true, proxy});
}
