// A log-shipper sidecar whose image cannot be pulled: its registry's name does not resolve (any
// name under .invalid, RFC 6761), so the kubelet says ErrImagePull, then backs off
// (ImagePullBackOff) and tries again at 10, 20, 40 … s. The app next to it runs: 1/2.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: image-pull-error
  labels: {app: checkout, pattern: sidecar}
spec:
  containers:
  - name: app
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
      - "{iso} [notice] 1#1: start worker processes"
      logs:
        every: 2
        lines:
        - '10.42.0.1 - - [{clock}] "POST /checkout HTTP/1.1" 200 128 "-" "Mozilla/5.0" req={n}'
  - name: log-shipper
    image: registry.internal.invalid/platform/log-shipper:2.3.1
    volumeMounts:
    - name: logs
      mountPath: /var/log/nginx
  volumes:
  - name: logs
    emptyDir: {}
`;
