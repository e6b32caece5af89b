// A log collector sidecar with a 64Mi limit whose buffer grows until the kernel kills it.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: oom-sidecar
  labels: {app: shop}
spec:
  containers:
  - name: web
    image: nginx:1.25
    ports:
    - containerPort: 80
    resources:
      requests: {memory: "64Mi", cpu: "100m"}
      limits: {memory: "128Mi", cpu: "200m"}
    x-sim:
      listen: [80]
      memory: {startMi: 24}
      cpu: 8
      logs:
        every: 1
        lines: ['10.42.0.1 - - [{clock}] "GET /cart HTTP/1.1" 200 812 "-" "Mozilla/5.0"']
  - name: log-collector
    image: fluent/fluent-bit:3.0
    resources:
      requests: {memory: "32Mi", cpu: "20m"}
      limits: {memory: "64Mi", cpu: "50m"}
    x-sim:
      memory: {startMi: 30, growMiPerSecond: 8}
      cpu: 35
      startup: ["[{iso}] [ info] [fluent bit] version=3.0.7", "[{iso}] [ info] [input:tail:tail.0] initializing"]
      logs:
        every: 1
        lines: ["[{iso}] [ warn] [input:tail:tail.0] buffer full, retrying (chunk {n})"]
`;
