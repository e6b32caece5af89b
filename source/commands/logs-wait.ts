import type {Pod} from '../model/k8s.js';
import type {KubeHttp} from '../kube/http.js';
import {ListWatch} from '../kube/list-watch.js';
import {WorkloadError} from '../kube/workload-pods.js';

// A workload with no pod yet: kubectl watches for its first pod for --pod-running-timeout
// (20 s by default) and then gives up with wait's timeout text
// (k8s.io/kubectl/pkg/polymorphichelpers/helpers.go, GetPodList).

const podRunningTimeoutMs = 20_000;

export function waitForPod(http: KubeHttp, namespace: string, selector: string, timeoutMs = podRunningTimeoutMs): Promise<Pod> {
	return new Promise((resolve, reject) => {
		const informer = new ListWatch<Pod>(http, `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`, {
			labelSelector: selector || undefined,
			onChange(objects) {
				const pod = objects.values().next().value;
				if (!pod) return;
				clearTimeout(timer);
				informer.stop();
				resolve(pod);
			},
		});
		const timer = setTimeout(() => {
			informer.stop();
			reject(new WorkloadError('timed out waiting for the condition'));
		}, timeoutMs);
		informer.start();
	});
}
