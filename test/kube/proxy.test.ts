import {describe, expect, it} from 'vitest';
import {configuredProxy, environmentProxy, ProxyConfigError, proxyFor, shouldProxy} from '../../source/kube/proxy.js';

const url = (text: string) => new URL(text);

describe('the proxy client-go would use', () => {
	it('takes the kubeconfig’s proxy-url for every host, loopback included', () => {
		const proxy = configuredProxy('http://127.0.0.1:3128', 'c');
		expect(proxyFor(url('https://127.0.0.1:6443'), proxy, {HTTPS_PROXY: 'http://other:1'})?.href).toBe('http://127.0.0.1:3128/');
		expect(configuredProxy('socks5://127.0.0.1:1080', 'c')?.protocol).toBe('socks5:');
		expect(configuredProxy(undefined, 'c')).toBeUndefined();
	});

	it('refuses a proxy-url scheme client-go refuses, in its words', () => {
		expect(() => configuredProxy('ftp://127.0.0.1:1', 'podscope-sim')).toThrow(
			new ProxyConfigError(`invalid 'proxy-url' "ftp://127.0.0.1:1" for cluster "podscope-sim": unsupported scheme "ftp", must be http, https, or socks5`),
		);
	});

	it('reads HTTPS_PROXY for https servers and HTTP_PROXY for http ones, lower case too', () => {
		expect(environmentProxy(url('https://api.example.com:6443'), {HTTPS_PROXY: 'proxy:3128'})?.href).toBe('http://proxy:3128/');
		expect(environmentProxy(url('https://api.example.com:6443'), {https_proxy: 'http://p:1'})?.href).toBe('http://p:1/');
		expect(environmentProxy(url('https://api.example.com:6443'), {HTTP_PROXY: 'http://p:1'})).toBeUndefined();
		expect(environmentProxy(url('http://api.example.com:8001'), {HTTP_PROXY: 'http://p:1'})?.href).toBe('http://p:1/');
	});

	it('never proxies localhost or loopback addresses from the environment', () => {
		for (const server of ['https://localhost:6443', 'https://127.0.0.1:6443', 'https://127.8.9.1:6443', 'https://[::1]:6443']) {
			expect(environmentProxy(url(server), {HTTPS_PROXY: 'http://p:1'})).toBeUndefined();
		}
	});

	it('honours NO_PROXY: domains with and without the dot, IPs, CIDRs, ports and *', () => {
		const server = url('https://api.prod.example.com:6443');
		expect(shouldProxy(server, 'example.com')).toBe(false);
		expect(shouldProxy(server, '.example.com')).toBe(false);
		expect(shouldProxy(url('https://example.com'), '.example.com')).toBe(true);
		expect(shouldProxy(url('https://example.com'), 'example.com')).toBe(false);
		expect(shouldProxy(server, 'other.com, prod.example.com:6443')).toBe(false);
		expect(shouldProxy(server, 'prod.example.com:443')).toBe(true);
		expect(shouldProxy(url('https://10.1.2.3:6443'), '10.0.0.0/8')).toBe(false);
		expect(shouldProxy(url('https://10.1.2.3:6443'), '10.1.2.4')).toBe(true);
		expect(shouldProxy(url('https://[fd00::5]:6443'), 'fd00::/16')).toBe(false);
		expect(shouldProxy(server, '*')).toBe(false);
		expect(shouldProxy(server, '')).toBe(true);
	});
});
