// The seed's database ambassador: the app dials localhost:5432 once at start-up. haproxy is up and
// its readiness probe (its own stats page) passes, but its postgres backend is down, so it closes
// every connection: the app crash-loops while the ambassador looks healthy.
export default `
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
      closes: [5432]
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
