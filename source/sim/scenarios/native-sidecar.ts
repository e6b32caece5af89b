// A proxy as a native sidecar (an init container with restartPolicy: Always): the app starts
// only once envoy's startupProbe has passed.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: native-sidecar
  labels: {app: checkout, pattern: native-sidecar}
spec:
  initContainers:
  - name: envoy
    image: envoyproxy/envoy:v1.28
    restartPolicy: Always
    ports:
    - containerPort: 9901
    startupProbe:
      httpGet:
        path: /ready
        port: 9901
      periodSeconds: 1
      failureThreshold: 30
    readinessProbe:
      httpGet:
        path: /ready
        port: 9901
    x-sim:
      listen: [9901, 15001]
      # envoy's admin interface: /ready is 503 PRE_INITIALIZING until the startup probe passes.
      # The listener on :15001 proxies to the app on :8080, whose answer it passes on.
      serves:
        9901:
          server: envoy
          http:
            /ready: {body: "LIVE\\n", starting: {status: 503, body: "PRE_INITIALIZING\\n"}}
            /server_info: {contentType: application/json, body: '{"version":"v1.28.0","state":"LIVE","command_line_options":{"config_path":"/etc/envoy/envoy.yaml"}}'}
            /stats: "server.live: 1\\nserver.state: 0\\ncluster.app.upstream_cx_active: 0\\n"
            "*": {status: 404, body: "invalid path. admin commands are: /ready /server_info /stats /quitquitquit\\n"}
        15001:
          server: myapp
          http: {"*": "ok\\n"}
      startedAfter: 3
      startup:
      - "[{iso}][1][info][main] initializing epoch 0 (base id=0, hot restart version=11.104)"
      - "[{iso}][1][info][upstream] cm init: all clusters initialized"
      - "[{iso}][1][info][main] all clusters initialized. initializing init manager"
      logs:
        every: 4
        lines: ['[{iso}] "GET /api/cart HTTP/1.1" 200 - 0 512 3 2 "-" "curl/8.5.0" "checkout"']
  containers:
  - name: app
    image: myapp:latest
    ports:
    - containerPort: 8080
    x-sim:
      listen: [8080]
      serves:
        8080: {server: myapp, http: {"*": "ok\\n"}}
      startup: ["checkout service listening on :8080 (upstream via envoy localhost:15001)"]
      logs:
        every: 4
        lines: ["handled GET /api/cart in 3ms"]
`;
