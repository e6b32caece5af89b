// Everything the seed recommends: descriptive names, requests and limits everywhere, probes on
// every container (on ports and paths the images serve: nginx's default site is :80 /), the
// proxy as a native sidecar, the shared volume mounted by both users.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: best-practice
  labels: {app: storefront}
spec:
  initContainers:
  - name: envoy-proxy
    image: envoyproxy/envoy:v1.28
    restartPolicy: Always
    ports:
    - containerPort: 9901
    startupProbe:
      httpGet: {path: /ready, port: 9901}
      periodSeconds: 1
      failureThreshold: 30
    readinessProbe:
      httpGet: {path: /ready, port: 9901}
    livenessProbe:
      httpGet: {path: /ready, port: 9901}
    resources:
      requests: {memory: "64Mi", cpu: "50m"}
      limits: {memory: "128Mi", cpu: "100m"}
    x-sim:
      listen: [9901, 15001]
      startedAfter: 2
      memory: {startMi: 38}
      cpu: 6
      startup: ["[{iso}][1][info][main] all clusters initialized. initializing init manager"]
  containers:
  - name: web-server
    image: nginx:1.25
    ports:
    - containerPort: 80
    livenessProbe:
      httpGet: {path: /, port: 80}
    readinessProbe:
      httpGet: {path: /, port: 80}
    resources:
      requests: {memory: "128Mi", cpu: "100m"}
      limits: {memory: "256Mi", cpu: "200m"}
    volumeMounts:
    - name: logs
      mountPath: /var/log/nginx
    x-sim:
      listen: [80]
      memory: {startMi: 61}
      cpu: 9
      logs:
        every: 2
        lines: ['10.42.0.1 - - [{clock}] "GET / HTTP/1.1" 200 615 "-" "Mozilla/5.0"']
  - name: log-shipper
    image: fluent/fluent-bit:3.0
    livenessProbe:
      httpGet: {path: /api/v1/health, port: 2020}
    readinessProbe:
      httpGet: {path: /api/v1/health, port: 2020}
    resources:
      requests: {memory: "32Mi", cpu: "20m"}
      limits: {memory: "64Mi", cpu: "50m"}
    volumeMounts:
    - name: logs
      mountPath: /var/log/nginx
      readOnly: true
    x-sim:
      listen: [2020]
      listenAfter: 1.5
      readyAfter: 1.5
      memory: {startMi: 17}
      cpu: 3
      logs:
        every: 4
        lines: ["[{iso}] [ info] [output:forward:forward.0] shipped chunk {n}"]
  volumes:
  - name: logs
    emptyDir: {}
`;
