import {clean, entries, eventEvidence, type Rule} from './types.js';

// An image that cannot be pulled: a typo in the name or tag, a private registry without
// credentials, or a registry out of reach.

const pullFailures = new Set(['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName', 'ErrImageNeverPull', 'RegistryUnavailable']);

export const imagePull: Rule = {
	id: 'image-pull',
	check(input) {
		return entries(input.pod)
			.filter(entry => pullFailures.has(entry.status?.state?.waiting?.reason ?? ''))
			.map(entry => {
				const waiting = entry.status!.state!.waiting!;
				return {
					id: 'image-pull',
					severity: 'error' as const,
					title: `${clean(entry.name)} cannot pull its image ${clean(entry.spec.image ?? '')} (${clean(waiting.reason ?? '')})`,
					evidence: [
						`${entry.path}.image: ${clean(entry.spec.image ?? '')}`,
						`${entry.statusPath}.state.waiting: ${clean(waiting.reason ?? '')}${waiting.message ? `: ${clean(waiting.message)}` : ''}`,
						...eventEvidence(input, entry, /Failed|BackOff/),
					],
					fix: `Check the image name and tag exist (docker pull ${clean(entry.spec.image ?? '')}); for a private registry add imagePullSecrets to the pod (or its service account).`,
					container: entry.name,
				};
			});
	},
};
