import {describe, expect, test} from 'vitest';
import {ManualClock} from '../../../source/sim/clock.js';
import {ImageBackoff} from '../../../source/sim/kubelet/image-backoff.js';
import {pullError, pullOutcome, unresolvable} from '../../../source/sim/kubelet/image-registry.js';

// containerd's errors for a failed pull as the kubelet receives them, and the kubelet's image
// back-off: the pure parts of the image model.

describe('pullError', () => {
	test('a name that does not resolve: the wording a real node gave, with the lookup instead of its proxy', () => {
		// The cluster test's node (containerd behind a dead proxy) said, for the same image:
		// ...manifests/2.1.0": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused
		expect(pullError('registry.example.invalid/shop/cart:2.1.0', 'no-such-host')).toBe(
			'failed to pull and unpack image "registry.example.invalid/shop/cart:2.1.0": failed to resolve reference "registry.example.invalid/shop/cart:2.1.0": ' +
				'failed to do request: Head "https://registry.example.invalid/v2/shop/cart/manifests/2.1.0": dial tcp: lookup registry.example.invalid on 127.0.0.53:53: no such host',
		);
	});

	test('not found keeps its gRPC code; the reference is normalised, Docker Hub asked at registry-1', () => {
		expect(pullError('nginx:9.99', 'not-found')).toBe(
			'rpc error: code = NotFound desc = failed to pull and unpack image "docker.io/library/nginx:9.99": failed to resolve reference "docker.io/library/nginx:9.99": docker.io/library/nginx:9.99: not found',
		);
		expect(pullError('ghcr.io/acme/app', 'timeout')).toBe(
			'failed to pull and unpack image "ghcr.io/acme/app:latest": failed to resolve reference "ghcr.io/acme/app:latest": ' +
				'failed to do request: Head "https://ghcr.io/v2/acme/app/manifests/latest": dial tcp 203.0.113.10:443: i/o timeout',
		);
		expect(pullError('acme/private:1.0', 'timeout')).toContain('Head "https://registry-1.docker.io/v2/acme/private/manifests/1.0"');
	});

	test('unauthorized: the registry’s insufficient_scope, which also means a repository that does not exist', () => {
		expect(pullError('acme/private:1.0', 'unauthorized')).toBe(
			'failed to pull and unpack image "docker.io/acme/private:1.0": failed to resolve reference "docker.io/acme/private:1.0": ' +
				'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
		);
	});
});

describe('pullOutcome', () => {
	test('only names under .invalid fail by themselves', () => {
		expect(unresolvable('registry.example.invalid/shop/cart:2.1.0')).toBe(true);
		expect(unresolvable('localhost.invalid:5000/app:1')).toBe(true);
		expect(unresolvable('invalid/app:1')).toBe(false);
		expect(unresolvable('nginx:1.25')).toBe(false);
		expect(pullOutcome('registry.example.invalid/shop/cart:2.1.0', undefined).failure).toBe('no-such-host');
		expect(pullOutcome('nginx:1.25', undefined).failure).toBeUndefined();
	});

	test('x-sim decides the rest; a dial times out after 30 s', () => {
		expect(pullOutcome('app:1', {error: 'timeout'})).toMatchObject({failure: 'timeout', seconds: 30});
		expect(pullOutcome('app:1', {seconds: 20, bytes: 7})).toEqual({failure: undefined, seconds: 20, bytes: 7});
	});
});

describe('ImageBackoff', () => {
	test('10 s after the first failure, doubling to 5 minutes', () => {
		const clock = new ManualClock();
		const backoff = new ImageBackoff(clock);
		const windows: number[] = [];
		for (let failure = 0; failure < 8; failure++) {
			backoff.next('pod_app:1');
			windows.push(backoff.window('pod_app:1'));
			clock.advance(backoff.window('pod_app:1'));
		}
		expect(windows).toEqual([10, 20, 40, 80, 160, 300, 300, 300]);
	});

	test('a pull waits while the time since the last failure is inside the window', () => {
		const clock = new ManualClock();
		const backoff = new ImageBackoff(clock);
		expect(backoff.inBackOff('k')).toBe(false);
		backoff.next('k');
		clock.advance(9.9);
		expect(backoff.inBackOff('k')).toBe(true);
		clock.advance(0.1);
		expect(backoff.inBackOff('k')).toBe(false);
		expect(backoff.inBackOff('other')).toBe(false);
	});

	test('starts over when not updated for twice the cap', () => {
		const clock = new ManualClock();
		const backoff = new ImageBackoff(clock);
		backoff.next('k');
		backoff.next('k');
		expect(backoff.window('k')).toBe(20);
		clock.advance(601);
		backoff.gc();
		expect(backoff.window('k')).toBe(0);
		backoff.next('k');
		expect(backoff.window('k')).toBe(10);
	});
});
