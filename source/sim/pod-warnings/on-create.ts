import type {Pod} from '../../model/k8s.js';
import {withDecodeDefaults} from './decode-defaults.js';
import {podWarnings} from './pod-spec.js';

// podStrategy.WarningsOnCreate (kubernetes pkg/registry/core/pod/strategy.go, v1.35.4): a name
// that is a valid DNS subdomain but not a DNS label (a dot, or over 63 characters) becomes a
// surprising hostname, then GetWarningsForPod. WarningsOnUpdate returns nothing for pods, nor
// do the ephemeralcontainers and resize subresources: "humans don't typically interact
// directly with pods", so updates pay no warning cost.

const label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelMessage =
	"a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** validation.IsDNS1123Label (apimachinery pkg/util/validation/validation.go). */
function dns1123LabelErrors(value: string): string[] {
	const errors: string[] = [];
	if (Buffer.byteLength(value) > 63) errors.push('must be no more than 63 characters');
	// A valid subdomain that is not a valid label, its length already checked, has dots.
	if (!label.test(value)) errors.push(subdomain.test(value) ? 'must not contain dots' : labelMessage);
	return errors;
}

/**
 * Every warning a create of this pod (as sent, its name generated) answers with, after the
 * AppArmor ones (app-armor.ts).
 */
export function podCreateWarnings(pod: Pod): string[] {
	const errors = dns1123LabelErrors(pod.metadata?.name ?? '');
	// fmt's %v of a []string: the messages in brackets, space-separated.
	const name =
		errors.length > 0
			? [`metadata.name: this is used in the Pod's hostname, which can result in surprising behavior; a DNS label is recommended: [${errors.join(' ')}]`]
			: [];
	return [...name, ...podWarnings(withDecodeDefaults(pod))];
}
