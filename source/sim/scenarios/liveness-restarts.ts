// A liveness probe on a port nothing listens on: every probe is refused, so after
// failureThreshold failures the kubelet kills the container ("failed liveness probe, will be
// restarted") and starts it again in the same sync. The shell traps TERM and exits 0, so each
// kill reads Completed. From the third kill on, the restart waits out a crash-loop back-off
// (counted from the exit before the kill): CrashLoopBackOff between kills, RESTARTS climbing.
// The same file runs on the real node (test/cluster: it was failures/liveness-restarts.yaml).
export default `
apiVersion: v1
kind: Pod
metadata:
  name: liveness-restarts
spec:
  containers:
    - name: app
      image: busybox:1.36
      imagePullPolicy: IfNotPresent
      command: [sh, -c, 'trap "exit 0" TERM; while true; do sleep 1; done']
      livenessProbe:
        tcpSocket: { port: 9090 }
        periodSeconds: 2
        failureThreshold: 2
`;
