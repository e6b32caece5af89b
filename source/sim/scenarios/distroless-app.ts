// An app built on a distroless image: no shell to exec into; a debug container is the way in.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: distroless-app
  labels: {app: distroless}
spec:
  containers:
  - name: app
    image: gcr.io/distroless/static-debian12:nonroot
    ports:
    - containerPort: 8080
    x-sim:
      shell: false
      listen: [8080]
      startup: ["server listening on :8080"]
      logs:
        every: 5
        lines: ["GET /healthz 200"]
`;
