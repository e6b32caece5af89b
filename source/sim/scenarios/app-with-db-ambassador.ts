// The seed's database ambassador: the app dials localhost:5432 once at start-up. haproxy is up and
// its readiness probe (its own health page) passes, but its postgres backend (a pgbouncer on
// 127.0.0.1:6432 that this pod never runs) refuses, so it closes every connection: the app
// crash-loops while the ambassador looks healthy. Its configuration is the ConfigMap it mounts.
export default `
apiVersion: v1
kind: ConfigMap
metadata:
  name: haproxy-config
  labels: {app: orders}
data:
  haproxy.cfg: |
    global
      log stdout format raw local0
    defaults
      mode tcp
      timeout connect 5s
      timeout client 30s
      timeout server 30s
    frontend health
      mode http
      bind :8404
      http-request return status 200 content-type text/plain string ok if { path /healthz }
    frontend postgres-in
      bind :5432
      default_backend postgres
    backend postgres
      server db1 127.0.0.1:6432 check
---
apiVersion: v1
kind: Pod
metadata:
  name: app-with-db-ambassador
  labels: {app: orders, pattern: ambassador}
spec:
  containers:
  - name: application
    image: myapp:latest
    env:
    - name: DATABASE_HOST
      value: "localhost"
    - name: DATABASE_PORT
      value: "5432"
    x-sim:
      startup:
      - "starting orders-api v2.3.1"
      - "connecting to postgres at localhost:5432"
      connect:
        port: 5432
        after: 1
        code: 1
        lines:
        - "FATAL: could not connect to database localhost:5432: server closed the connection unexpectedly"
        - "exiting"
  - name: db-ambassador
    image: haproxy:2.8
    ports:
    - containerPort: 5432
    readinessProbe:
      httpGet:
        path: /healthz
        port: 8404
      periodSeconds: 5
    volumeMounts:
    - name: config
      mountPath: /usr/local/etc/haproxy
    x-sim:
      listen: [5432, 8404]
      # :5432 accepts and closes (no backend server is up); the health frontend returns "ok" on
      # /healthz and, with no backend for anything else, haproxy's 503 page.
      closes: [5432]
      serves:
        8404:
          http:
            /healthz: ok
            "*":
              status: 503
              contentType: text/html
              body: "<html><body><h1>503 Service Unavailable</h1>\\nNo server is available to handle this request.\\n</body></html>\\n"
      readyAfter: 2
      startup:
      - "[NOTICE]   (1) : New worker (8) forked"
      - "[NOTICE]   (1) : Loading success."
      logs:
        every: 5
        lines:
        - "[WARNING]  (8) : Server postgres/db1 is DOWN, reason: Layer4 connection problem, info: \\"Connection refused\\", check duration: 0ms. 0 active and 0 backup servers left."
        - "[ALERT]    (8) : backend 'postgres' has no server available!"
  volumes:
  - name: config
    configMap:
      name: haproxy-config
`;
