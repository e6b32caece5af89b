import {describe, expect, test} from 'vitest';
import type {Pod} from '../../../source/model/k8s.js';
import {parseBehaviour} from '../../../source/sim/behaviour.js';
import {refusedText} from '../../../source/sim/exec/port-dial.js';
import {decodePortFrame, encodePortFrame, negotiatePortForward, portForwardProtocols, portPrefix} from '../../../source/sim/exec/port-forward-frames.js';
import {kubeletPorts} from '../../../source/sim/exec/port-forward-kubelet.js';
import {apiserverPorts} from '../../../source/sim/exec/port-query.js';

// The pure parts of pods/portforward: the ports query as the apiserver and then the kubelet read
// it, the WebSocket channels and their framing, the refused text, and `serves` in x-sim.

describe('the ports query', () => {
	test('the apiserver splits at commas and parses 16-bit ports, failing as metav1 conversion does', () => {
		expect(apiserverPorts([])).toEqual({ports: undefined});
		expect(apiserverPorts(['80,443', '9901'])).toEqual({ports: [80, 443, 9901]});
		expect(apiserverPorts(['http'])).toEqual({error: 'cannot convert to []int32: strconv.ParseUint: parsing "http": invalid syntax'});
		expect(apiserverPorts(['80', ''])).toEqual({error: 'cannot convert to []int32: strconv.ParseUint: parsing "": invalid syntax'});
		expect(apiserverPorts(['70000'])).toEqual({error: 'cannot convert to []int32: strconv.ParseUint: parsing "70000": value out of range'});
		expect(apiserverPorts(['-1'])).toEqual({error: 'cannot convert to []int32: strconv.ParseUint: parsing "-1": invalid syntax'});
	});

	test('the kubelet wants ports on a WebSocket, none of them 0, and names the joined value', () => {
		expect(kubeletPorts(undefined)).toEqual({code: 400, text: 'query parameter "ports" is required'});
		expect(kubeletPorts('80,0')).toEqual({code: 400, text: 'port "80,0" must be > 0'});
		expect(kubeletPorts('80,443')).toEqual([80, 443]);
	});
});

describe('channels and frames', () => {
	test('the kubelet speaks v4 binary, v4 base64, or the bare protocol when none is offered', () => {
		expect(negotiatePortForward([])?.name).toBe('');
		expect(negotiatePortForward(['v4.base64.channel.k8s.io', 'v4.channel.k8s.io'])?.name).toBe('v4.base64.channel.k8s.io');
		expect(negotiatePortForward(['SPDY/3.1+portforward.k8s.io', 'v4.channel.k8s.io'])?.name).toBe('v4.channel.k8s.io');
		expect(negotiatePortForward(['v5.channel.k8s.io'])).toBeUndefined();
	});

	test('each channel opens with its port, unsigned 16-bit little endian', () => {
		expect(portPrefix(9901)).toEqual(Buffer.from([0xad, 0x26]));
		expect(encodePortFrame(portForwardProtocols['v4.channel.k8s.io']!, 3, portPrefix(80))).toEqual(Buffer.from([3, 80, 0]));
		expect(encodePortFrame(portForwardProtocols['v4.base64.channel.k8s.io']!, 1, portPrefix(80))).toBe('1UAA=');
	});

	test("a client's frames count on data channels only; error channels and unknown ones are dropped", () => {
		const binary = portForwardProtocols['v4.channel.k8s.io']!;
		expect(decodePortFrame(binary, Buffer.from([2, 104, 105]), true, 2)).toEqual({index: 1, data: Buffer.from('hi')});
		expect(decodePortFrame(binary, Buffer.from([1, 104]), true, 2)).toBeUndefined();
		expect(decodePortFrame(binary, Buffer.from([4, 104]), true, 2)).toBeUndefined();
		const base64 = portForwardProtocols['v4.base64.channel.k8s.io']!;
		expect(decodePortFrame(base64, Buffer.from(`0${Buffer.from('GET /').toString('base64')}`), false, 1)).toEqual({index: 0, data: Buffer.from('GET /')});
	});
});

test("nothing listening: containerd 1.6's refused text, as the kubelet wraps it, naming the pod's sandbox", () => {
	const pod = {metadata: {name: 'web', namespace: 'default', uid: '6f1c2a3e-0000-4000-8000-000000000001'}, spec: {containers: []}} as unknown as Pod;
	const text = refusedText(pod, 8080);
	const sandbox = /^error forwarding port 8080 to pod ([0-9a-f]{64}), uid : /.exec(text)?.[1];
	expect(sandbox).toBeDefined();
	expect(text).toMatch(
		new RegExp(
			`^error forwarding port 8080 to pod ${sandbox}, uid : failed to execute portforward in network namespace "/var/run/netns/cni-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}": failed to connect to localhost:8080 inside namespace "${sandbox}", IPv4: dial tcp4 127\\.0\\.0\\.1:8080: connect: connection refused IPv6 dial tcp6 \\[::1\\]:8080: connect: connection refused $`,
		),
	);
	// One sandbox per pod: every error about it names the same one.
	expect(refusedText(pod, 9090)).toContain(`inside namespace "${sandbox}"`);
});

describe('x-sim serves', () => {
	test('an HTTP answer per path, a banner or echo, for ports it listens on', () => {
		expect(
			parseBehaviour({
				listen: [9901, 5432, 7],
				serves: {
					9901: {server: 'envoy', http: {'/ready': {body: 'LIVE\n', starting: {status: 503, body: 'PRE_INITIALIZING\n'}}, '*': 'no'}},
					5432: {banner: 'hi'},
					7: 'echo',
				},
			}).serves,
		).toEqual({
			9901: {
				server: 'envoy',
				http: {
					'/ready': {status: 200, body: 'LIVE\n', contentType: 'text/plain; charset=utf-8', starting: {status: 503, body: 'PRE_INITIALIZING\n'}},
					'*': {status: 200, body: 'no', contentType: 'text/plain; charset=utf-8'},
				},
			},
			5432: {banner: 'hi'},
			7: {echo: true},
		});
	});

	test('mistakes are errors that name the field', () => {
		expect(() => parseBehaviour({listen: [80], serves: {81: 'echo'}})).toThrow('x-sim.serves.81: port 81 is not in listen');
		expect(() => parseBehaviour({listen: [80], serves: {80: {http: {ready: 'x'}}}})).toThrow('expected a path starting with / (or *), got "ready"');
		expect(() => parseBehaviour({listen: [80], serves: {80: {http: {'/': 'x'}, banner: 'y'}}})).toThrow('x-sim.serves.80: expected echo, {banner} or {http}');
		expect(() => parseBehaviour({listen: [80], serves: {80: {http: {'/': {code: 200}}}}})).toThrow('x-sim.serves.80.http./: unknown field "code"');
	});
});
