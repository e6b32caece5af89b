// Pods as a Deployment, a StatefulSet and nobody make them, for the owner tests: the
// ReplicaSet's name is the Deployment's plus the pod-template-hash the pods carry as a label
// (pkg/controller/deployment/sync.go). The sim stores ownerReferences as the API server does;
// no controller acts on them here, the tests add and delete the pods themselves.

export const rsUid = '6f1c2d0e-1111-4a2b-9c3d-000000000001';

export function deploymentPod(name: string, hash = '7d4b9c8f6', containers = ['app', 'istio-proxy']): string {
	return `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: web, pod-template-hash: ${hash}}
  ownerReferences:
  - {apiVersion: apps/v1, kind: ReplicaSet, name: web-${hash}, uid: ${rsUid}, controller: true, blockOwnerDeletion: true}
spec:
  containers:
${containers.map(container => `  - name: ${container}\n    image: nginx:1.25\n    x-sim: {logs: {every: 1, lines: ["${name} ${container} says {n}"]}}`).join('\n')}
`;
}

export const ownedPods = [
	deploymentPod('web-7d4b9c8f6-a1b2c'),
	deploymentPod('web-7d4b9c8f6-x2k9p'),
	`apiVersion: v1
kind: Pod
metadata:
  name: db-0
  ownerReferences:
  - {apiVersion: apps/v1, kind: StatefulSet, name: db, uid: 6f1c2d0e-1111-4a2b-9c3d-000000000002, controller: true}
spec:
  containers:
  - name: postgres
    image: postgres:16
`,
	`apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  containers:
  - name: shell
    image: busybox:1.36
`,
].join('---\n');
