// A readiness probe on the wrong port: the API serves :8080, the probe asks :8081, where
// nothing listens. The container runs and never restarts, but it is never ready: READY 0/1,
// Ready and ContainersReady False (ContainersNotReady), an Unhealthy event every period with
// the prober's "connection refused", and a Service would send it no traffic.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: api-readiness-failing
  labels: {app: orders, pattern: readiness-failing}
spec:
  containers:
  - name: api
    image: myapp:latest
    ports:
    - name: http
      containerPort: 8080
    readinessProbe:
      httpGet:
        path: /ready
        port: 8081
      periodSeconds: 5
    x-sim:
      listen: [8080]
      startup: ["starting myapp v2.3.1", "myapp listening on :8080"]
      logs:
        every: 4
        lines: ["handled GET /api/cart in 3ms"]
`;
