// A readiness probe on a path the server does not have: busybox httpd serves /index.html
// on :8080, the probe asks /healthz and gets a 404. The container runs and never restarts,
// but it is never ready: READY 0/1, Ready and ContainersReady False (ContainersNotReady), and
// an Unhealthy event every period in the prober's words. The same file runs on the real node
// (test/cluster: it was failures/readiness-failing.yaml).
export default `
apiVersion: v1
kind: Pod
metadata:
  name: readiness-failing
spec:
  containers:
    - name: web
      image: busybox:1.36
      imagePullPolicy: IfNotPresent
      command: [sh, -c, "mkdir -p /www && echo ok > /www/index.html && exec httpd -f -p 8080 -h /www"]
      ports:
        - containerPort: 8080
      readinessProbe:
        httpGet: { path: /healthz, port: 8080 }
        periodSeconds: 2
      x-sim:
        listen: [8080]
        readyAfter: never
        readyFailure: "HTTP probe failed with statuscode: 404"
`;
