// A Deployment of the seed's log-sidecar pod: three replicas of nginx writing access logs to a
// shared emptyDir, each with fluentd shipping them (the containers of web-with-logging).
export default `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, pattern: sidecar}
    spec:
      containers:
      - name: web-app
        image: nginx:1.25
        ports:
        - containerPort: 80
        volumeMounts:
        - name: logs
          mountPath: /var/log/nginx
        x-sim:
          listen: [80]
          startup:
          - "/docker-entrypoint.sh: Configuration complete; ready for start up"
          - "{iso} [notice] 1#1: nginx/1.25.5"
          - "{iso} [notice] 1#1: start worker processes"
          logs:
            every: 1
            lines:
            - '10.42.0.1 - - [{clock}] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" req={n}'
            - '10.42.0.1 - - [{clock}] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.35" req={n}'
            - '10.42.0.7 - - [{clock}] "GET /missing HTTP/1.1" 404 153 "-" "Mozilla/5.0" req={n}'
      - name: log-shipper
        image: fluent/fluentd:v1.16
        volumeMounts:
        - name: logs
          mountPath: /var/log/nginx
        env:
        - name: FLUENTD_CONF
          value: fluent.conf
        x-sim:
          startup:
          - "{iso} [info]: parsing config file is succeeded path=\\"/fluentd/etc/fluent.conf\\""
          - "{iso} [info]: following tail of /var/log/nginx/access.log"
          logs:
            every: 2
            lines:
            - '{iso} [info]: #0 shipped 2 records from /var/log/nginx/access.log (batch {n})'
      volumes:
      - name: logs
        emptyDir: {}
`;
