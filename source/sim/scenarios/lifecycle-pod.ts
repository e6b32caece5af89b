// The seed's lifecycle hooks: postStart writes a file, preStop asks nginx to quit and sleeps
// 10 s, so a delete shows Terminating for that long.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: lifecycle-pod
  labels: {app: lifecycle}
spec:
  containers:
  - name: main-app
    image: nginx:1.25
    lifecycle:
      postStart:
        exec:
          command:
          - sh
          - -c
          - echo "Container started" > /usr/share/message
      preStop:
        exec:
          command:
          - sh
          - -c
          - nginx -s quit; sleep 10
    x-sim:
      listen: [80]
      startup: ["/docker-entrypoint.sh: Configuration complete; ready for start up"]
  - name: sidecar
    image: busybox:1.36
    command:
    - sh
    - -c
    - while true; do sleep 3600; done
`;
