// A service-mesh proxy as a native sidecar whose startup probe never passes: it asks the
// proxy's health port (:15021, as istio-proxy's does) but this envoy only serves its admin
// port and its listener. The app waits behind it (Init:0/1, PodInitializing), and after
// failureThreshold failures the kubelet kills the proxy ("Init container istio-proxy failed
// startup probe") and starts it again, over and over.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: sidecar-startup-stuck
  labels: {app: checkout, pattern: sidecar-startup-stuck}
spec:
  initContainers:
  - name: istio-proxy
    image: envoyproxy/envoy:v1.28
    restartPolicy: Always
    startupProbe:
      httpGet:
        path: /healthz/ready
        port: 15021
      periodSeconds: 2
      failureThreshold: 10
    x-sim:
      listen: [9901, 15001]
      startup:
      - "[{iso}][1][info][main] initializing epoch 0 (base id=0, hot restart version=11.104)"
      - "[{iso}][1][warning][config] StreamAggregatedResources gRPC config stream to xds-grpc closed: connection refused"
  containers:
  - name: app
    image: myapp:latest
    ports:
    - containerPort: 8080
    x-sim:
      listen: [8080]
      startup: ["starting myapp v2.3.1"]
`;
