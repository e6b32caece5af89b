import {PortSpecError} from './ports.js';

// `--address` as client-go's parseAddresses reads it (k8s.io/client-go/tools/portforward/
// portforward.go): `localhost` is 127.0.0.1 and ::1, either of which may fail to bind as long
// as one binds (failure mode "all"); an explicit IP must bind (failure mode "any"). Listeners
// open in the addresses' string order, so 127.0.0.1 comes before ::1.

export type ListenAddress = {address: string; family: 'tcp4' | 'tcp6'; failureMode: 'all' | 'any'};

/** netutils.ParseIPSloppy's IPv4 (leading zeros allowed), and what Go's To4 accepts. */
const ipv4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const isIpv4 = (text: string) => {
	const match = ipv4.exec(text);
	return Boolean(match) && match!.slice(1).every(part => Number(part) <= 255);
};

function isIpv6(text: string): boolean {
	if (!text.includes(':') || /[[\]/%]/.test(text)) return false;
	try {
		new URL(`http://[${text}]/`);
		return true;
	} catch {
		return false;
	}
}

export function parseAddresses(addresses: string[]): ListenAddress[] {
	if (addresses.length === 0) throw new PortSpecError('you must specify at least 1 address');
	const parsed = new Map<string, ListenAddress>();
	for (const address of addresses) {
		if (address === 'localhost') {
			if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', {address: '127.0.0.1', family: 'tcp4', failureMode: 'all'});
			if (!parsed.has('::1')) parsed.set('::1', {address: '::1', family: 'tcp6', failureMode: 'all'});
		} else if (isIpv4(address) || (isIpv6(address) && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address))) {
			parsed.set(address, {address, family: 'tcp4', failureMode: 'any'});
		} else if (isIpv6(address)) {
			parsed.set(address, {address, family: 'tcp6', failureMode: 'any'});
		} else {
			throw new PortSpecError(`${address} is not a valid IP`);
		}
	}
	return [...parsed.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** net.JoinHostPort: IPv6 hosts in brackets. */
export const joinHostPort = (host: string, port: number) => (host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`);
