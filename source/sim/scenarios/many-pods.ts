import {stringify} from 'yaml';

// N three-container Pods for scale tests; the churn itself is driven by the sim. With more than
// one namespace, pod i goes to scale-ns-(i mod namespaces), as a cluster's many teams' (-A).
export default ({pods, namespaces = 1}: {pods: number; namespaces?: number}) => {
	const documents: string[] = [];
	for (let index = 0; index < pods; index++) {
		const name = `scale-${String(index).padStart(5, '0')}`;
		const namespace = namespaces > 1 ? {namespace: `scale-ns-${String(index % namespaces).padStart(3, '0')}`} : {};
		documents.push(
			stringify({
				apiVersion: 'v1',
				kind: 'Pod',
				metadata: {name, ...namespace, labels: {app: 'scale', shard: String(index % 10)}},
				spec: {
					containers: [
						{name: 'app', image: 'myapp:latest', ports: [{containerPort: 8080}], 'x-sim': {listen: [8080], memory: {startMi: 40}, cpu: 5}},
						{name: 'proxy', image: 'envoyproxy/envoy:v1.28', 'x-sim': {memory: {startMi: 20}, cpu: 2}},
						{name: 'log-shipper', image: 'fluent/fluent-bit:3.0', 'x-sim': {memory: {startMi: 10}, cpu: 1}},
					],
				},
			}),
		);
	}
	return documents.join('---\n');
};
