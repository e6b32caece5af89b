// A native sidecar that keeps crashing while the app runs on: the proxy exits 1 three
// seconds after each start and is restarted with a crash-loop back-off, READY 1/2, the pod
// Ready False for the sidecar, and kubectl's STATUS Init:Error for most of each back-off,
// though the pod is initialized and the app never stops.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: sidecar-crashing
  labels: {app: inventory, pattern: sidecar-crashing}
spec:
  initContainers:
  - name: proxy
    image: busybox:1.36
    restartPolicy: Always
    command: [sh, -c, "echo proxy up; sleep 3; echo proxy lost upstream; exit 1"]
    x-sim:
      startup: ["proxy up"]
      exit: {after: 3, code: 1, lines: ["proxy lost upstream"]}
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "while true; do echo working; sleep 5; done"]
    x-sim:
      logs:
        every: 5
        lines: ["working"]
`;
