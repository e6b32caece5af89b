// The seed's "multiple containers trying to use the same port": both bind 8080 in the shared
// network namespace; the second fails with address-in-use and crash-loops.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: port-conflict
  labels: {app: port-conflict}
spec:
  containers:
  - name: app1
    image: myapp:latest
    ports:
    - containerPort: 8080
    x-sim:
      listen: [8080]
      startup: ["app1 listening on :8080"]
  - name: app2
    image: myapp:latest
    ports:
    - containerPort: 8080
    x-sim:
      listen: [8080]
      listenAfter: 0.5
      startup: ["app2 starting"]
`;
