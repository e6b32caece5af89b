// A pod deleted 5 s in whose finalizer nobody removes: Terminating while the kubelet stops it,
// then Completed with its deletion timestamp, and there it stays until the finalizer goes
// (`kubectl patch pod stuck-terminating --type=json -p '[{"op":"remove","path":"/metadata/finalizers"}]'`).
export default `
apiVersion: v1
kind: Pod
metadata:
  name: stuck-terminating
  labels: {app: ledger}
  finalizers: [ledger.example.com/archive]
spec:
  terminationGracePeriodSeconds: 5
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, 'trap "exit 0" TERM; echo ledger writer up; while true; do sleep 1; done']
    x-sim:
      startup: ["ledger writer up"]
x-sim:
  deleteAfter: 5
`;
