import {eventLine, oneLine, podEvents} from './pod-facts.js';
import {clean, entries, type Entry, type Rule} from './types.js';

// An image that cannot be pulled: a typo in the name or tag, a private registry without
// credentials, or a registry out of reach. The kubelet's waiting message (1.35: "Back-off
// pulling image \"X\": ErrImagePull: <containerd's error>") and its Failed event ("Failed to
// pull image \"X\": <error>") carry containerd's words; they say which of these it is.

const pullFailures = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);

type Cause = {label: string; fix: string};

function cause(entry: Entry, reason: string, text: string, secrets: string[]): Cause {
	const image = clean(entry.spec.image ?? '');
	const host = image.includes('/') && /[.:]|^localhost/.test(image.split('/')[0]!) ? image.split('/')[0]! : 'docker.io';
	const credentials =
		secrets.length > 0
			? `check that the Secret${secrets.length === 1 ? '' : 's'} ${secrets.map(clean).join(', ')} in spec.imagePullSecrets hold${secrets.length === 1 ? 's' : ''} valid credentials for ${host}`
			: `add spec.imagePullSecrets (a docker-registry Secret for ${host}: kubectl create secret docker-registry …) to the pod or its service account`;
	if (reason === 'ErrImageNeverPull')
		return {
			label: 'imagePullPolicy is Never and the image is not on the node',
			fix: `Load ${image} onto the node, or set ${entry.path}.imagePullPolicy to IfNotPresent so the kubelet pulls it.`,
		};
	if (reason === 'InvalidImageName')
		return {label: 'the image reference is not valid', fix: `Correct ${entry.path}.image: [registry/]repository[:tag][@sha256:digest], lower case.`};
	if (/no such host/i.test(text))
		return {
			label: `the registry host ${clean(host)} does not resolve (no such host)`,
			fix: `Check the registry name in ${entry.path}.image (a typo?) and that the node's DNS resolves it.`,
		};
	if (/i\/o timeout|deadline exceeded|TLS handshake timeout|Client\.Timeout|timed out/i.test(text))
		return {
			label: `the registry ${clean(host)} did not answer in time (timeout)`,
			fix: `The node cannot reach ${clean(host)}: check its network, firewall and proxy, then the pull retries on its own.`,
		};
	if (/pull access denied|may require authorization/i.test(text))
		return {
			label: 'the repository does not exist, or it is private (pull access denied)',
			fix: `Check the repository name in ${entry.path}.image; if it is private, ${credentials}.`,
		};
	if (/\b40[13]\b|unauthori[sz]ed|authorization failed|forbidden|denied/i.test(text))
		return {label: `the registry ${clean(host)} refused the credentials (unauthorized)`, fix: `${credentials[0]!.toUpperCase()}${credentials.slice(1)}.`};
	if (/not found|manifest unknown|NotFound/i.test(text))
		return {
			label: 'the image or its tag does not exist (not found)',
			fix: `Correct the name or tag in ${entry.path}.image (list the tags the registry has); a tag that was deleted must be rebuilt or replaced.`,
		};
	if (/connection refused|proxyconnect|connection reset|no route to host|network is unreachable/i.test(text))
		return {
			label: `the node cannot connect to ${clean(host)} (or to its proxy)`,
			fix: `Check the node's network and proxy settings for ${clean(host)}; the pull retries on its own.`,
		};
	return {label: 'the pull failed', fix: `Check ${entry.path}.image exists (crictl pull on the node tells why); for a private registry ${credentials}.`};
}

export const imagePull: Rule = {
	id: 'image-pull',
	check(input) {
		const secrets = (input.pod.spec.imagePullSecrets ?? []).map(secret => secret.name ?? '').filter(Boolean);
		return entries(input.pod)
			.filter(entry => pullFailures.has(entry.status?.state?.waiting?.reason ?? ''))
			.map(entry => {
				const waiting = entry.status!.state!.waiting!;
				const reason = waiting.reason ?? '';
				const events = podEvents(input, /^(Failed|BackOff|ErrImageNeverPull|InspectFailed)$/, entry.path);
				const detail = [...events]
					.reverse()
					.find(event => /^Failed to pull image|is not present with pull policy|Failed to apply default image tag/.test(event.message ?? ''));
				const backOff = [...events].reverse().find(event => event.reason === 'BackOff');
				const found = cause(entry, reason, `${waiting.message ?? ''} ${detail?.message ?? ''}`, secrets);
				return {
					id: 'image-pull',
					severity: 'error' as const,
					title: `${clean(entry.name)} cannot pull its image ${clean(entry.spec.image ?? '')}: ${found.label} (${clean(reason)})`,
					evidence: [
						`${entry.path}.image: ${clean(entry.spec.image ?? '')}`,
						...(entry.spec.imagePullPolicy === 'Never' ? [`${entry.path}.imagePullPolicy: Never`] : []),
						`${entry.statusPath}.state.waiting: ${clean(reason)}${waiting.message ? `: ${oneLine(waiting.message)}` : ''}`,
						...(detail && !(waiting.message ?? '').includes((detail.message ?? '').replace(/^Failed to pull image "[^"]*": /, '')) ? [eventLine(detail)] : []),
						...(backOff ? [eventLine(backOff)] : []),
						`spec.imagePullSecrets: ${secrets.length > 0 ? secrets.map(clean).join(', ') : '<unset>'}`,
					],
					fix: found.fix,
					container: entry.name,
				};
			});
	},
};
