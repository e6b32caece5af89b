// A liveness probe on a port the app does not serve (its health endpoint moved to :8080, the
// probe still asks :9090): every probe is refused, so after failureThreshold failures the
// kubelet kills the container ("failed liveness probe, will be restarted") and starts it
// again; the app exits 0 on TERM, so each kill reads Completed. From the third kill on the
// restart waits out a crash-loop back-off: CrashLoopBackOff, RESTARTS climbing.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: worker-liveness-restarts
  labels: {app: billing, pattern: liveness-restarts}
spec:
  containers:
  - name: worker
    image: myapp:latest
    ports:
    - containerPort: 8080
    livenessProbe:
      httpGet:
        path: /healthz
        port: 9090
      initialDelaySeconds: 2
      periodSeconds: 3
      failureThreshold: 2
    x-sim:
      listen: [8080]
      startup: ["starting myapp v2.3.1", "myapp listening on :8080"]
      logs:
        every: 4
        lines: ["handled GET /api/cart in 3ms"]
`;
