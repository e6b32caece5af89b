import {describe, expect, it} from 'vitest';
import {imagePull} from '../../../source/model/doctor/image-pull.js';
import {imagePull as imagePullPod, neverPull} from '../../fixtures/real-node/containers.js';

// containerd's texts after `failed to resolve reference "<image>": ` for each cause. The real
// node's containerd went through a dead proxy (proxyconnect); the others are what containerd
// 1.6/1.7 say on a cluster with DNS and a registry.
const details = {
	notFound: 'registry.example.invalid/shop/cart:2.1.0: not found',
	unauthorized: 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
	badCredentials:
		'failed to authorize: failed to fetch oauth token: unexpected status from POST request to https://registry.example.invalid/token: 401 Unauthorized',
	noSuchHost:
		'failed to do request: Head "https://registry.example.invalid/v2/shop/cart/manifests/2.1.0": dial tcp: lookup registry.example.invalid: no such host',
	timeout: 'failed to do request: Head "https://registry.example.invalid/v2/shop/cart/manifests/2.1.0": dial tcp 203.0.113.7:443: i/o timeout',
};

const title = (detail?: string) => imagePull.check(imagePullPod(detail))[0]!.title;

describe('image-pull', () => {
	it("reads the real node's failure: the registry's proxy refused the connection", () => {
		const [finding] = imagePull.check(imagePullPod());
		expect(finding).toMatchObject({severity: 'error', container: 'app'});
		expect(finding!.title).toBe(
			'app cannot pull its image registry.example.invalid/shop/cart:2.1.0: the node cannot connect to registry.example.invalid (or to its proxy) (ImagePullBackOff)',
		);
		expect(finding!.evidence).toEqual([
			'spec.containers{app}.image: registry.example.invalid/shop/cart:2.1.0',
			'status.containerStatuses{app}.state.waiting: ImagePullBackOff: Back-off pulling image "registry.example.invalid/shop/cart:2.1.0": ErrImagePull: failed to pull and unpack image "registry.example.invalid/shop/cart:2.1.0": failed to resolve reference "registry.example.invalid/shop/cart:2.1.0": failed to do request: Head "https://registry.example.invalid/v2/shop/cart/manifests/2.1.0": proxyconnect tcp: dial tcp 127.0.0.1:9: connect: connection refused',
			'event Normal BackOff ×7: Back-off pulling image "registry.example.invalid/shop/cart:2.1.0"',
			'spec.imagePullSecrets: <unset>',
		]);
	});

	it('tells not found, unauthorized, no such host and timeout apart', () => {
		expect(title(details.notFound)).toContain(': the image or its tag does not exist (not found)');
		expect(title(details.unauthorized)).toContain(': the repository does not exist, or it is private (pull access denied)');
		expect(title(details.badCredentials)).toContain(': the registry registry.example.invalid refused the credentials (unauthorized)');
		expect(title(details.noSuchHost)).toContain(': the registry host registry.example.invalid does not resolve (no such host)');
		expect(title(details.timeout)).toContain(': the registry registry.example.invalid did not answer in time (timeout)');
	});

	it('reads the cause from the Failed event when the waiting message has none (ErrImagePull)', () => {
		const input = imagePullPod(details.notFound);
		input.pod.status!.containerStatuses![0]!.state = {waiting: {reason: 'ErrImagePull'}};
		const [finding] = imagePull.check(input);
		expect(finding!.title).toContain('not found) (ErrImagePull)');
		expect(finding!.evidence).toContain(
			'event Warning Failed ×4: Failed to pull image "registry.example.invalid/shop/cart:2.1.0": failed to pull and unpack image "registry.example.invalid/shop/cart:2.1.0": failed to resolve reference "registry.example.invalid/shop/cart:2.1.0": registry.example.invalid/shop/cart:2.1.0: not found',
		);
	});

	it('points at imagePullSecrets: to add them, or to check the ones set', () => {
		const bare = imagePull.check(imagePullPod(details.unauthorized))[0]!;
		expect(bare.fix).toContain('add spec.imagePullSecrets (a docker-registry Secret for registry.example.invalid');
		const input = imagePullPod(details.badCredentials);
		input.pod.spec.imagePullSecrets = [{name: 'cart-registry'}];
		const [finding] = imagePull.check(input);
		expect(finding!.evidence).toContain('spec.imagePullSecrets: cart-registry');
		expect(finding!.fix).toBe('Check that the Secret cart-registry in spec.imagePullSecrets holds valid credentials for registry.example.invalid.');
	});

	it('explains ErrImageNeverPull by the pull policy', () => {
		const [finding] = imagePull.check(neverPull);
		expect(finding!.title).toBe(
			'app cannot pull its image example.com/not-here:1.0: imagePullPolicy is Never and the image is not on the node (ErrImageNeverPull)',
		);
		expect(finding!.evidence).toContain('spec.containers{app}.imagePullPolicy: Never');
		expect(finding!.fix).toContain('set spec.containers{app}.imagePullPolicy to IfNotPresent');
	});

	it('explains InvalidImageName', () => {
		const input = imagePullPod();
		input.pod.spec.containers[0]!.image = 'Shop/Cart:2.1.0';
		input.pod.status!.containerStatuses![0]!.state = {
			waiting: {
				reason: 'InvalidImageName',
				message:
					'Failed to apply default image tag "Shop/Cart:2.1.0": couldn\'t parse image name "Shop/Cart:2.1.0": invalid reference format: repository name (library/Shop/Cart) must be lowercase',
			},
		};
		expect(imagePull.check({...input, events: []})[0]!.title).toBe(
			'app cannot pull its image Shop/Cart:2.1.0: the image reference is not valid (InvalidImageName)',
		);
	});

	it('stays quiet for a container whose image is there (log-shipper of the same pod)', () => {
		expect(imagePull.check(imagePullPod()).map(finding => finding.container)).toEqual(['app']);
	});
});
