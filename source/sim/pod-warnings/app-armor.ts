import type {Container, Pod} from '../../model/k8s.js';

// applyAppArmorVersionSkew, which PrepareForCreate runs before validation (kubernetes
// pkg/registry/core/pod/strategy.go, v1.35.4): a container's deprecated AppArmor annotation
// with no appArmorProfile field is copied into the field, unless it says what the pod-level
// profile already says, and warned about whenever it is copied or cannot be read. The warning
// is added there rather than by WarningsOnCreate, so it comes before the others.

const annotationPrefix = 'container.apparmor.security.beta.kubernetes.io/';

type Profile = {type: string; localhostProfile?: string};

/** ApparmorFieldForAnnotation (pkg/api/pod/util.go). */
function profileForAnnotation(annotation: string): Profile | undefined {
	if (annotation === 'unconfined') return {type: 'Unconfined'};
	if (annotation === 'runtime/default') return {type: 'RuntimeDefault'};
	const localhost = annotation.startsWith('localhost/') ? annotation.slice('localhost/'.length) : '';
	return localhost ? {type: 'Localhost', localhostProfile: localhost} : undefined;
}

// strings.TrimSpace's unicode.IsSpace: unlike String.prototype.trim, U+0085 but not U+FEFF.
const goSpace = /^[\t\n\v\f\r \u0085\u00a0\p{Z}]+|[\t\n\v\f\r \u0085\u00a0\p{Z}]+$/gu;

/** ValidateAppArmorProfileField for the Localhost profiles the annotation can produce. */
function valid(profile: Profile): boolean {
	if (profile.type !== 'Localhost') return true;
	const name = profile.localhostProfile ?? '';
	return name.replace(goSpace, '') === name && Buffer.byteLength(name) <= 4095;
}

/** apiequality.Semantic.DeepEqual of two *AppArmorProfile. */
function sameProfile(profile: Profile, other: unknown): boolean {
	if (other == null || typeof other !== 'object') return false;
	const {type, localhostProfile} = other as {type?: unknown; localhostProfile?: unknown};
	return (type ?? '') === profile.type && (localhostProfile ?? undefined) === profile.localhostProfile;
}

/** The pod with annotations synced into fields, and the warnings doing so raised. */
export function appArmorVersionSkew(pod: Pod): {pod: Pod; warnings: string[]} {
	const spec = pod.spec;
	const annotations = pod.metadata?.annotations ?? {};
	if (!spec || spec.os?.name === 'windows') return {pod, warnings: []};
	const podProfile = spec.securityContext?.appArmorProfile;
	const warnings: string[] = [];
	let copied = false;
	const sync = (container: Container): Container => {
		if (container === null || typeof container !== 'object') return container;
		const key = annotationPrefix + (container.name ?? '');
		if (!Object.hasOwn(annotations, key) || container.securityContext?.appArmorProfile != null) return container;
		const derived = profileForAnnotation(String(annotations[key]));
		const profile = derived && valid(derived) ? derived : undefined;
		const copy = profile !== undefined && !sameProfile(profile, podProfile);
		// An annotation no field can be derived from is warned about too.
		if (copy || profile === undefined) warnings.push(`metadata.annotations[${key}]: deprecated since v1.30; use the "appArmorProfile" field instead`);
		if (!copy) return container;
		copied = true;
		return {...container, securityContext: {...container.securityContext, appArmorProfile: profile}};
	};
	const next = {...spec};
	// VisitContainers' order: init, app, ephemeral.
	for (const list of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
		const containers = spec[list];
		if (Array.isArray(containers)) next[list] = containers.map(sync);
	}
	return {pod: copied ? {...pod, spec: next} : pod, warnings};
}
