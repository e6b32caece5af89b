// More memory than the node has: Pending, PodScheduled=False (Unschedulable) and the
// scheduler's FailedScheduling, retried every five minutes. Plain YAML: a real node says the same.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: unschedulable
  labels: {app: big}
spec:
  containers:
  - name: app
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
    command: [sh, -c, "while true; do sleep 3600; done"]
    resources:
      requests: {memory: "512Gi", cpu: "100m"}
`;
