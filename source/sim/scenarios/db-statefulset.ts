// A StatefulSet of two PostgreSQL replicas: db-0 first, db-1 only once db-0 is Running and
// Ready (OrderedReady), each with its stable hostname under the headless service "db".
export default `
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
  labels: {app: db}
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels: {app: db}
  template:
    metadata:
      labels: {app: db}
    spec:
      containers:
      - name: postgres
        image: postgres:16.3
        ports:
        - containerPort: 5432
        env:
        - name: POSTGRES_PASSWORD
          value: example
        readinessProbe:
          tcpSocket: {port: 5432}
          periodSeconds: 2
        x-sim:
          listenAfter: 2
          listen: [5432]
          startup:
          - "PostgreSQL init process complete; ready for start up."
          - "{iso} [1] LOG:  starting PostgreSQL 16.3 on x86_64-pc-linux-gnu"
          - "{iso} [1] LOG:  listening on IPv4 address \\"0.0.0.0\\", port 5432"
          - "{iso} [1] LOG:  database system is ready to accept connections"
          logs:
            every: 20
            lines:
            - "{iso} [27] LOG:  checkpoint starting: time"
            - "{iso} [27] LOG:  checkpoint complete: wrote 3 buffers (0.0%)"
`;
