// A node agent DaemonSet: one pod on the node, pinned there by the node affinity the
// controller adds, with the tolerations every daemon pod gets.
export default `
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: node-agent
  labels: {app: node-agent}
spec:
  selector:
    matchLabels: {app: node-agent}
  template:
    metadata:
      labels: {app: node-agent}
    spec:
      containers:
      - name: agent
        image: prom/node-exporter:v1.8.1
        args: ["--path.rootfs=/host"]
        ports:
        - containerPort: 9100
        x-sim:
          listen: [9100]
          startup:
          - "ts={iso} caller=node_exporter.go:193 level=info msg=\\"Starting node_exporter\\" version=\\"(version=1.8.1)\\""
          - "ts={iso} caller=tls_config.go:313 level=info msg=\\"Listening on\\" address=[::]:9100"
`;
