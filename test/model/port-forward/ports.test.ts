import {describe, expect, it} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {parseAddresses} from '../../../source/model/port-forward/addresses.js';
import {checkPortForwardArgs} from '../../../source/model/port-forward/args.js';
import {goPortList, parsePorts, resolvePorts} from '../../../source/model/port-forward/ports.js';

// The port and address arguments of `port-forward`, read as kubectl and client-go read them,
// with their error texts (kubectl/pkg/cmd/portforward/portforward.go, client-go/tools/portforward).

const pod: Pod = {
	metadata: {name: 'web', namespace: 'default'},
	spec: {
		containers: [
			{
				name: 'app',
				image: 'nginx',
				ports: [
					{name: 'http', containerPort: 80, protocol: 'TCP'},
					{name: 'dns', containerPort: 53, protocol: 'UDP'},
				],
			},
			{
				name: 'both',
				image: 'x',
				ports: [
					{containerPort: 5353, protocol: 'UDP'},
					{name: 'tcp-dns', containerPort: 5353, protocol: 'TCP'},
				],
			},
		],
		initContainers: [{name: 'proxy', image: 'envoy', restartPolicy: 'Always', ports: [{name: 'admin', containerPort: 9901, protocol: 'TCP'}]}],
	},
};

const errorOf = (run: () => unknown) => {
	try {
		run();
	} catch (error) {
		return (error as Error).message;
	}
	throw new Error('expected an error');
};

describe('resolvePorts', () => {
	it.each([
		[['8080'], [{local: 8080, remote: 8080}]],
		[['8888:80'], [{local: 8888, remote: 80}]],
		[[':80'], [{local: 0, remote: 80}]],
		[['0:80'], [{local: 0, remote: 80}]],
		[['http'], [{local: 80, remote: 80}]],
		[['9000:http'], [{local: 9000, remote: 80}]],
		[[':http'], [{local: 0, remote: 80}]],
		[['admin'], [{local: 9901, remote: 9901}]],
		[['5353'], [{local: 5353, remote: 5353}]],
		// splitPort takes the first part twice when there are not exactly two: kubectl forwards 1.
		[['1:2:3'], [{local: 1, remote: 1}]],
		[
			['8080', ':443'],
			[
				{local: 8080, remote: 8080},
				{local: 0, remote: 443},
			],
		],
	])('%j → %j', (ports, expected) => {
		expect(resolvePorts(ports, pod)).toEqual(expected);
	});

	it.each([
		[['8080:'], 'remote port cannot be empty'],
		[['abc'], "Pod 'web' does not have a named port 'abc'"],
		[['a:b:c'], "Pod 'web' does not have a named port 'a'"],
		[['dns'], 'UDP protocol is not supported for dns'],
		[['53'], 'UDP protocol is not supported for 53'],
		[['70000'], `error parsing local port '70000': strconv.ParseUint: parsing "70000": value out of range`],
		[['8080:70000'], `error parsing remote port '70000': strconv.ParseUint: parsing "70000": value out of range`],
		[['-1'], `error parsing local port '-1': strconv.ParseUint: parsing "-1": invalid syntax`],
		[['+80'], `error parsing local port '+80': strconv.ParseUint: parsing "+80": invalid syntax`],
		[['0'], 'remote port must be > 0'],
		[['80', 'nope'], "Pod 'web' does not have a named port 'nope'"],
	])('%j: %s', (ports, message) => {
		expect(errorOf(() => resolvePorts(ports, pod))).toBe(message);
	});

	it("reaches parsePorts' own format error only when called directly", () => {
		expect(errorOf(() => parsePorts(['1:2:3']))).toBe("invalid port format '1:2:3'");
	});

	it("prints the ports as Go's %v of []ForwardedPort", () => {
		expect(
			goPortList([
				{local: 8080, remote: 80},
				{local: 0, remote: 443},
			]),
		).toBe('[{8080 80} {0 443}]');
	});
});

describe('parseAddresses', () => {
	it('localhost is 127.0.0.1 and ::1, either may fail; explicit IPs must bind; sorted as strings', () => {
		expect(parseAddresses(['localhost'])).toEqual([
			{address: '127.0.0.1', family: 'tcp4', failureMode: 'all'},
			{address: '::1', family: 'tcp6', failureMode: 'all'},
		]);
		expect(parseAddresses(['localhost', '0.0.0.0', '::', '127.0.0.1']).map(item => `${item.address} ${item.family} ${item.failureMode}`)).toEqual([
			'0.0.0.0 tcp4 any',
			'127.0.0.1 tcp4 any',
			':: tcp6 any',
			'::1 tcp6 all',
		]);
	});

	it("refuses what is not an IP with client-go's text", () => {
		for (const address of ['foo', '1.2.3', '256.0.0.1', 'example.com']) expect(errorOf(() => parseAddresses([address]))).toBe(`${address} is not a valid IP`);
	});
});

describe('checkPortForwardArgs', () => {
	const flags = {podRunningTimeout: '1m0s', readOnly: false};
	it('reads the resource, the ports, the addresses (comma lists) and the timeout', () => {
		expect(checkPortForwardArgs(['deploy/web', '8080:80', ':443'], {...flags, address: ['localhost,10.0.0.1', '::1']})).toEqual({
			resource: 'deploy/web',
			ports: ['8080:80', ':443'],
			addresses: ['localhost', '10.0.0.1', '::1'],
			podRunningTimeoutMs: 60_000,
		});
		expect(checkPortForwardArgs(['web', '80'], {...flags, address: []})).toMatchObject({addresses: ['localhost']});
	});

	it("gives kubectl's usage errors, and refuses in read-only mode before anything", () => {
		expect(checkPortForwardArgs(['web'], flags)).toEqual({
			error: "error: TYPE/NAME and list of ports are required for port-forward\nSee 'podscope port-forward -h' for help and examples",
		});
		expect(checkPortForwardArgs(['web', '80'], {...flags, podRunningTimeout: '0'})).toEqual({
			error: "error: --pod-running-timeout must be higher than zero\nSee 'podscope port-forward -h' for help and examples",
		});
		expect(checkPortForwardArgs(['web', '80'], {...flags, podRunningTimeout: 'x'})).toEqual({
			error: `Error: invalid argument "x" for "--pod-running-timeout" flag: time: invalid duration "x"\nSee 'podscope port-forward --help' for usage.`,
		});
		expect(checkPortForwardArgs([], {...flags, readOnly: true})).toEqual({error: 'error: read-only mode: port-forward is disabled (--read-only)'});
	});
});
