// The seed's complete example: nginx, a log shipper and an exporter with requests and
// limits, and no probes at all (the doctor should say so).
export default `
apiVersion: v1
kind: Pod
metadata:
  name: web-app-complete
  labels:
    app: web
spec:
  containers:
  - name: nginx
    image: nginx:1.25
    ports:
    - containerPort: 80
    volumeMounts:
    - name: logs
      mountPath: /var/log/nginx
    - name: html
      mountPath: /usr/share/nginx/html
    resources:
      requests:
        memory: "128Mi"
        cpu: "100m"
      limits:
        memory: "256Mi"
        cpu: "200m"
    x-sim:
      listen: [80]
      memory: {startMi: 42}
      cpu: 12
      logs:
        every: 1
        lines: ['10.42.0.1 - - [{clock}] "GET /index.html HTTP/1.1" 200 615 "-" "Mozilla/5.0"']
  - name: log-shipper
    image: fluent/fluentd:v1.16
    volumeMounts:
    - name: logs
      mountPath: /var/log/nginx
    resources:
      requests:
        memory: "64Mi"
        cpu: "50m"
      limits:
        memory: "128Mi"
        cpu: "100m"
    x-sim:
      memory: {startMi: 58}
      cpu: 4
      logs:
        every: 2
        lines: ['{iso} [info]: #0 shipped 2 records (batch {n})']
  - name: nginx-exporter
    image: nginx/nginx-prometheus-exporter:latest
    ports:
    - containerPort: 9113
    args:
    - -nginx.scrape-uri=http://localhost:80/stub_status
    resources:
      requests:
        memory: "32Mi"
        cpu: "25m"
      limits:
        memory: "64Mi"
        cpu: "50m"
    x-sim:
      listen: [9113]
      # Its scrape of http://localhost:80/stub_status gets nginx's 404 (no stub_status configured).
      serves:
        9113:
          http:
            /metrics:
              contentType: "text/plain; version=0.0.4; charset=utf-8; escaping=underscores"
              body: |
                # HELP nginx_up Status of the last metric scrape
                # TYPE nginx_up gauge
                nginx_up 0
                # HELP nginxexporter_build_info A metric with a constant '1' value labeled by version, revision, branch, goversion from which nginxexporter was built, and the goos and goarch for the build.
                # TYPE nginxexporter_build_info gauge
                nginxexporter_build_info{branch="HEAD",goarch="amd64",goos="linux",goversion="go1.21.5",revision="0c1a2a7",tags="unknown",version="1.1.0"} 1
            /: {contentType: text/html, body: "<html><head><title>NGINX Exporter</title></head><body><h1>NGINX Exporter</h1><p><a href=\\"/metrics\\">Metrics</a></p></body></html>\\n"}
      memory: {startMi: 11}
      cpu: 1
      startup:
      - 'level=INFO source=exporter.go:217 msg="Starting nginx-prometheus-exporter" version="(version=1.1.0)"'
      - 'level=INFO source=tls_config.go:313 msg="Listening on" address=[::]:9113'
  volumes:
  - name: logs
    emptyDir: {}
  - name: html
    emptyDir: {}
`;
