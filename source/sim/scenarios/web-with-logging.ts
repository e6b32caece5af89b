// The seed's log-sidecar Pod: nginx writes access logs to a shared emptyDir, fluentd ships them.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: web-with-logging
  labels: {app: web-with-logging, pattern: sidecar}
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
      # The bytes its access log counts: the 615-byte welcome page, a 2-byte /healthz, the 153-byte 404.
      serves:
        80:
          server: nginx/1.25.5
          http:
            /healthz: {contentType: text/plain, body: ok}
            /: &welcome
              contentType: text/html
              body: |
                <!DOCTYPE html>
                <html>
                <head>
                <title>Welcome to nginx!</title>
                <style>
                html { color-scheme: light dark; }
                body { width: 35em; margin: 0 auto;
                font-family: Tahoma, Verdana, Arial, sans-serif; }
                </style>
                </head>
                <body>
                <h1>Welcome to nginx!</h1>
                <p>If you see this page, the nginx web server is successfully installed and
                working. Further configuration is required.</p>

                <p>For online documentation and support please refer to
                <a href="http://nginx.org/">nginx.org</a>.<br/>
                Commercial support is available at
                <a href="http://nginx.com/">nginx.com</a>.</p>

                <p><em>Thank you for using nginx.</em></p>
                </body>
                </html>
            /index.html: *welcome
            "*":
              status: 404
              contentType: text/html
              body: "<html>\\r\\n<head><title>404 Not Found</title></head>\\r\\n<body>\\r\\n<center><h1>404 Not Found</h1></center>\\r\\n<hr><center>nginx/1.25.5</center>\\r\\n</body>\\r\\n</html>\\r\\n"
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
