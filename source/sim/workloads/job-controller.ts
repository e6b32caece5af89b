import type {Pod} from '../../model/k8s.js';
import {writeStatus, type ControllerContext} from './context.js';
import {getCondition} from './conditions.js';
import {pastBackoffLimitOnFailure, remainingBackoff} from './job-backoff.js';
import {claimPods} from './claim.js';
import {createPodFromTemplate, deleteControlledPod, isActive, isReady, isTerminating, podsOf} from './pod-control.js';
import type {Condition, Workload} from './types.js';

// The Job controller (pkg/controller/job/job_controller.go), NonIndexed completion: up to
// `parallelism` pods until `completions` succeed, each counted once through the
// batch.kubernetes.io/job-tracking finalizer, new pods held back after failures, and the
// terminal conditions of 1.31+: SuccessCriteriaMet or FailureTarget first, Complete or Failed
// once no pod of the Job is left running or terminating.

export const jobComponent = 'job-controller';
export const trackingFinalizer = 'batch.kubernetes.io/job-tracking';

const jobCondition = (type: string, reason: string, message: string, now: string): Condition => ({
	type,
	status: 'True',
	lastProbeTime: now,
	lastTransitionTime: now,
	reason,
	message,
});

const finished = (pod: Pod) => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** Count finished pods still carrying the finalizer, and release them (trackJobStatusAndRemoveFinalizers). */
function countFinished(context: ControllerContext, pods: Pod[]): {succeeded: number; failed: number} {
	let succeeded = 0;
	let failed = 0;
	for (const pod of pods) {
		if (!pod.metadata.finalizers?.includes(trackingFinalizer)) continue;
		if (!finished(pod) && !pod.metadata.deletionTimestamp) continue;
		// A pod deleted before it finished counts as failed (podReplacementPolicy TerminatingOrFailed).
		if (pod.status?.phase === 'Succeeded') succeeded += 1;
		else if (finished(pod) || pod.metadata.deletionTimestamp) {
			if (!finished(pod) && !isGone(context, pod)) continue;
			failed += 1;
		}
		release(context, pod);
	}
	return {succeeded, failed};
}

/** A deleted pod is counted once its kubelet has stopped it (its phase is terminal or it is marked for removal). */
const isGone = (_context: ControllerContext, pod: Pod) => pod.metadata.deletionGracePeriodSeconds === 0;

function release(context: ControllerContext, pod: Pod): void {
	const current = context.cluster.pods.get(pod.metadata.namespace, pod.metadata.name);
	if (!current || current.metadata.uid !== pod.metadata.uid) return;
	const finalizers = (current.metadata.finalizers ?? []).filter(name => name !== trackingFinalizer);
	const metadata = {...current.metadata, finalizers};
	if (finalizers.length === 0) delete (metadata as Partial<Pod['metadata']>).finalizers;
	// The last finalizer off a pod whose deletion has no grace left deletes it (the API's update path).
	if (finalizers.length === 0 && current.metadata.deletionTimestamp && !current.metadata.deletionGracePeriodSeconds) {
		context.cluster.removePod(current);
		return;
	}
	const saved = context.cluster.pods.update({...current, metadata});
	context.cluster.worker(saved)?.adopt(saved);
}

export function syncJob(context: ControllerContext, namespace: string, name: string): void {
	const job = context.stores.jobs.get(namespace, name);
	if (!job || job.metadata.deletionTimestamp) return;
	const conditions = job.status?.conditions ?? [];
	if (conditions.some(condition => (condition.type === 'Complete' || condition.type === 'Failed') && condition.status === 'True')) return;
	const now = context.stamp();
	const pods = claimPods(context, job);
	const counted = countFinished(context, pods);
	const succeeded = (job.status?.succeeded ?? 0) + counted.succeeded;
	const failed = (job.status?.failed ?? 0) + counted.failed;
	let active = pods.filter(isActive);
	const status: NonNullable<Workload['status']> = {...job.status, startTime: job.status?.startTime ?? now};
	const next = [...conditions];
	const successTarget = getCondition(next, 'SuccessCriteriaMet');
	const failureTarget = getCondition(next, 'FailureTarget');
	const completions = job.spec.completions;
	const backoffLimit = job.spec.backoffLimit ?? 6;
	if (!successTarget && !failureTarget) {
		if (failed > backoffLimit || pastBackoffLimitOnFailure(job.spec.template.spec.restartPolicy, backoffLimit, active)) {
			next.push(jobCondition('FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', now));
		} else if ((completions !== undefined && succeeded >= completions) || (completions === undefined && succeeded > 0 && active.length === 0)) {
			next.push(jobCondition('SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods', now));
		}
	}
	const terminal = getCondition(next, 'FailureTarget') ?? getCondition(next, 'SuccessCriteriaMet');
	if (terminal) {
		// The job is over: what still runs is deleted, and the final condition waits for it to go.
		for (const pod of active) deleteControlledPod(context.cluster, context.events, job, pod, jobComponent);
		active = [];
		const left = podsOf(context.cluster, job).filter(pod => isTerminating(pod) || isActive(pod));
		if (left.length === 0) {
			const failedJob = terminal.type === 'FailureTarget';
			next.push(jobCondition(failedJob ? 'Failed' : 'Complete', terminal.reason!, terminal.message!, now));
			if (!failedJob) status.completionTime = now;
			if (failedJob) context.events.record(job, 'Warning', terminal.reason!, terminal.message!, jobComponent);
			else context.events.record(job, 'Normal', 'Completed', 'Job completed', jobComponent);
		}
	} else if (!job.spec.suspend) {
		const parallelism = job.spec.parallelism ?? 1;
		const wanted = completions === undefined ? (succeeded > 0 ? active.length : parallelism) : Math.min(parallelism, completions - succeeded);
		const finishedPods = pods.filter(finished);
		if (active.length < wanted && (failed === 0 || remainingBackoff(finishedPods, context.since) === 0)) {
			const behaviours = context.stores.behavioursOf('Job', namespace, name);
			for (let i = active.length; i < wanted; i++) {
				const pod = createPodFromTemplate(
					context.cluster,
					context.events,
					job,
					job.spec.template,
					{generateName: `${name}-`, finalizers: [trackingFinalizer]},
					jobComponent,
					behaviours,
				);
				if (!(pod instanceof Error)) active.push(pod);
			}
		} else if (active.length > wanted) {
			for (const pod of active.slice(wanted)) deleteControlledPod(context.cluster, context.events, job, pod, jobComponent);
			active = active.slice(0, wanted);
		}
	}
	const current = podsOf(context.cluster, job);
	Object.assign(status, {
		active: active.length,
		ready: current.filter(pod => isActive(pod) && isReady(pod)).length,
		terminating: current.filter(isTerminating).length,
		uncountedTerminatedPods: {},
		conditions: next,
	});
	if (succeeded > 0) status.succeeded = succeeded;
	if (failed > 0) status.failed = failed;
	if (status.active === 0) delete status.active;
	if (next.length === 0) delete status.conditions;
	writeStatus(context, job, status);
}
