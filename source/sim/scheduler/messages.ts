// The texts kube-scheduler 1.35.4 writes for a pod it cannot place: FitError.Error()
// (pkg/scheduler/framework/types.go), "0/X nodes are available: <PreFilterMsg>. <FilterMsg>.
// <PostFilterMsg>", where the filter part is a sorted histogram of every node's reasons and
// the post-filter part is what preemption said. The same text is the FailedScheduling event's
// note and the PodScheduled condition's message.

/** Why a pod did not fit: per node the reasons, or one message from a PreFilter plugin. */
export type Diagnosis = {
	numAllNodes: number;
	/** A PreFilter plugin rejected the pod for every node. */
	preFilterMsg?: string;
	/** The reasons of each node a Filter plugin rejected. */
	nodeReasons: string[][];
	/** The reasons given for nodes absent from nodeReasons. */
	absentReasons?: string[];
	/** What the PostFilter (preemption) plugins said, "" when they succeeded. */
	postFilterMsg?: string;
};

/** "1 Insufficient cpu, 2 node(s) were unschedulable": each reason counted over the nodes, sorted. */
function histogram(nodeReasons: string[][], absent: string[] | undefined, numAllNodes: number): string[] {
	const counts = new Map<string, number>();
	for (const reasons of nodeReasons) {
		for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
	}
	if (nodeReasons.length < numAllNodes) {
		for (const reason of absent ?? []) counts.set(reason, (counts.get(reason) ?? 0) + numAllNodes - nodeReasons.length);
	}
	// sort.Strings: byte order, so "10 ..." sorts before "2 ...".
	return [...counts].map(([reason, count]) => `${count} ${reason}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function fitErrorMessage(diagnosis: Diagnosis): string {
	let message = `0/${diagnosis.numAllNodes} nodes are available:`;
	if (diagnosis.preFilterMsg) message += ` ${diagnosis.preFilterMsg}.`;
	else {
		const reasons = histogram(diagnosis.nodeReasons, diagnosis.absentReasons, diagnosis.numAllNodes);
		if (reasons.length > 0) message += ` ${reasons.join(', ')}.`;
	}
	if (diagnosis.postFilterMsg) message += ` ${diagnosis.postFilterMsg}`;
	return message;
}

/** The limit of an event's note (validation.NoteLengthLimit); truncateMessage in schedule_one.go. */
export function truncateMessage(message: string): string {
	const limit = 1024;
	if (message.length <= limit) return message;
	return `${message.slice(0, limit - 4)} ...`;
}

/** The condition the apiserver sets on a gated pod at create (pkg/registry/core/pod/strategy.go). */
export const schedulingGatedMessage = 'Scheduling is blocked due to non-empty scheduling gates';

/** The Scheduled event of a successful binding (bindingCycle, schedule_one.go). */
export const scheduledMessage = (namespace: string, name: string, node: string) => `Successfully assigned ${namespace}/${name} to ${node}`;
