import type {Behaviour, PullFailure} from '../behaviour.js';
import {qualifiedImage} from './container-slot.js';

// What a pull of an image the node does not have ends in, and the error text containerd gives
// the kubelet for it. k3s's containerd config sets use_local_image_pull = true, so its
// containerd 2.2 pulls with its own client as 1.x did (the transfer service would say "failed
// to resolve image"); the cluster test's containerd 1.6 showed the same wording:
//   failed to pull and unpack image "<ref>": failed to resolve reference "<ref>": <resolver error>
// (internal/cri/server/images/image_pull.go, client/pull.go, core/remotes/docker/resolver.go),
// with <ref> the normalised reference. The CRI status code is NotFound only when the resolver
// said not found (errdefs → gRPC); the kubelet's CRI client strips "rpc error: code = Unknown
// desc = " and keeps every other code (k8s.io/cri-client pkg/remote_image.go pullImageV1).

export type PullOutcome = {failure?: PullFailure; seconds: number; bytes: number};

/** The node's resolver (systemd-resolved's stub, as on most hosts). */
const nameserver = '127.0.0.53:53';
/** Where a registry that never answers resolves to (TEST-NET-3, RFC 5737). */
const unreachable = '203.0.113.10:443';
/** net.Dialer's timeout in containerd's registry client (core/remotes/docker/config/hosts.go). */
const dialTimeoutSeconds = 30;

/** The registry host, repository and tag or digest of a normalised reference. */
function parts(ref: string): {host: string; repository: string; object: string} {
	const slash = ref.indexOf('/');
	const host = ref.slice(0, slash);
	const rest = ref.slice(slash + 1);
	const at = rest.indexOf('@');
	if (at >= 0) return {host, repository: rest.slice(0, at), object: rest.slice(at + 1)};
	const colon = rest.lastIndexOf(':');
	return {host, repository: rest.slice(0, colon), object: rest.slice(colon + 1)};
}

/** Docker Hub's registry API is not at docker.io (core/remotes/docker/config/hosts.go). */
const apiHost = (host: string) => (host === 'docker.io' ? 'registry-1.docker.io' : host);

/** Names under .invalid never resolve (RFC 6761): any real node's DNS answers NXDOMAIN. */
export function unresolvable(image: string): boolean {
	const {host} = parts(qualifiedImage(image));
	return /(^|\.)invalid(:\d+)?$/i.test(host);
}

/** The error of a failed pull as the kubelet receives it from the CRI. */
export function pullError(image: string, failure: PullFailure): string {
	const ref = qualifiedImage(image);
	const {host, repository, object} = parts(ref);
	const hostname = host.replace(/:\d+$/, '');
	const head = `Head "https://${apiHost(host)}/v2/${repository}/manifests/${object}"`;
	const resolver = {
		'not-found': `${ref}: not found`,
		unauthorized: 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed',
		timeout: `failed to do request: ${head}: dial tcp ${unreachable}: i/o timeout`,
		'no-such-host': `failed to do request: ${head}: dial tcp: lookup ${hostname} on ${nameserver}: no such host`,
	}[failure];
	const text = `failed to pull and unpack image "${ref}": failed to resolve reference "${ref}": ${resolver}`;
	return failure === 'not-found' ? `rpc error: code = NotFound desc = ${text}` : text;
}

/** A size that stays the same for the same image, between 3 and 53 MB. */
export const defaultImageBytes = (image: string) => ((image.length * 1_048_573) % 50_000_000) + 3_000_000;

/** How long pulling an image takes when nothing says otherwise: 0.4 to 1.3 s. */
export const defaultPullSeconds = (image: string) => (400 + ((image.length * 37) % 900)) / 1000;

/** Seconds a failing pull takes before containerd gives up. */
function failureSeconds(failure: PullFailure): number {
	if (failure === 'timeout') return dialTimeoutSeconds;
	// A refused lookup is immediate; a registry's 404 or 401 is a round trip or two.
	return failure === 'no-such-host' ? 0.02 : 0.6;
}

/** What pulling this container's image ends in: the x-sim `pull` field, else the image's host. */
export function pullOutcome(image: string, pull: Behaviour['pull']): PullOutcome {
	const failure = pull?.error ?? (unresolvable(image) ? 'no-such-host' : undefined);
	const seconds = pull?.seconds ?? (failure ? failureSeconds(failure) : defaultPullSeconds(image));
	return {failure, seconds, bytes: pull?.bytes ?? defaultImageBytes(image)};
}
