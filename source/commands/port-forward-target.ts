import type {KubeHttp} from '../kube/http.js';
import {getPod} from '../kube/pod-details.js';
import {WorkloadError, workloadPods} from '../kube/workload-pods.js';
import type {Pod} from '../model/k8s.js';
import {resourceOf} from '../model/logs/workload-resource.js';
import {inAttachOrder} from '../model/port-forward/pod-order.js';
import {waitForPod} from './logs-wait.js';

// The pod `port-forward POD|TYPE/NAME` forwards to, found as kubectl finds it
// (polymorphichelpers.AttachablePodForObjectFn): a pod by name; a workload's pods sorted
// best first (pod-order.ts), or the first pod a watch sees within --pod-running-timeout.
// kube/workload-pods.ts finds the workload as `kubectl logs` does; its texts name logs where
// kubectl's port-forward does not, and are reworded here.

/** An error printed as it is: kubectl's own `Error from server (NotFound): ...` line. */
class ServerText extends WorkloadError {
	get kubectlText(): string {
		return this.message;
	}
}

/** kubectl's port-forward texts for what kube/workload-pods.ts words as `kubectl logs` does. */
function asAttach(error: WorkloadError): WorkloadError {
	const notFound = /^error from server \(NotFound\): (.*) not found in namespace ".*"$/.exec(error.message);
	if (notFound) return new ServerText(`Error from server (NotFound): ${notFound[1]} not found`);
	return new WorkloadError(error.message.replace(/^cannot get the logs from /, 'cannot attach to '));
}

export async function forwardablePod(http: KubeHttp, namespace: string, resource: string, timeoutMs: number): Promise<Pod> {
	const slash = resource.indexOf('/');
	const type = slash < 0 ? 'pods' : resource.slice(0, slash);
	const name = slash < 0 ? resource : resource.slice(slash + 1);
	const entry = resourceOf(type);
	if (entry?.resource === 'pods') return getPod(http, namespace, name);
	try {
		const workload = await workloadPods(http, namespace, type, name, entry);
		return inAttachOrder(workload.pods)[0] ?? (await waitForPod(http, namespace, workload.selector, timeoutMs));
	} catch (error) {
		throw error instanceof WorkloadError ? asAttach(error) : error;
	}
}
