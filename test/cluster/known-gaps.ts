// Differences between the sim and the real node that the differential test expects, each with
// why. An entry goes when the sim (or a stand-in image, or a scenario) is fixed: the test prints
// the gaps it no longer sees. A new difference fails the test until it is fixed or listed here.

export type KnownGap = {pod: string; field: string; why: string};

const gaps = (pod: string, fields: string[], why: string): KnownGap[] => fields.map(field => ({pod, field, why}));

export const knownGaps: KnownGap[] = [
	// The sim starts a pod whose ConfigMap volume does not exist; the kubelet keeps it in
	// ContainerCreating with FailedMount events until the ConfigMap is created (issue 14, item 3:
	// ConfigMaps and Secrets as real resources).
	...gaps(
		'app-with-db-ambassador',
		['STATUS seen', 'READY at the end', 'restarted', 'conditions at the end', 'event reasons', 'application: states seen'],
		'the sim mounts a ConfigMap that does not exist; the kubelet says FailedMount',
	),
	// fluent-bit's HTTP server comes up a moment after the container starts; whether the kubelet's
	// first readiness probe (right after the start) finds it listening is a race on the real
	// node. The sim says it does not (x-sim listenAfter: 1), the more common outcome here.
	...gaps('best-practice', ['Warning/Unhealthy messages'], "whether fluent-bit listens before the kubelet's first readiness probe is a race"),
];
