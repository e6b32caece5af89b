// A scheduling gate nobody removes: SchedulingGated, and no FailedScheduling, until a client
// takes the gate away (kubectl patch pod scheduling-gated --type=json
// -p '[{"op":"remove","path":"/spec/schedulingGates"}]'). Plain YAML: a real node says the same.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: scheduling-gated
spec:
  schedulingGates:
  - name: podscope.dev/quota-check
  containers:
  - name: app
    image: busybox:1.36
    imagePullPolicy: IfNotPresent
    command: [sh, -c, "while true; do sleep 3600; done"]
`;
