// The seed's init container: prepares a shared work dir for ~5 s, then nginx starts.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: pod-with-init
  labels: {app: pod-with-init, pattern: init}
spec:
  initContainers:
  - name: init-setup
    image: busybox:1.36
    command:
    - sh
    - -c
    - |
      echo "Initializing..."
      sleep 5
      echo "Setup complete" > /work-dir/ready.txt
    volumeMounts:
    - name: workdir
      mountPath: /work-dir
    x-sim:
      startup: ["Initializing..."]
      exit: {after: 5, code: 0, lines: ["Setup complete"]}
  containers:
  - name: main-app
    image: nginx:1.25
    volumeMounts:
    - name: workdir
      mountPath: /work-dir
    x-sim:
      listen: [80]
      startup:
      - "/docker-entrypoint.sh: Configuration complete; ready for start up"
      logs:
        every: 3
        lines: ['10.42.0.1 - - [{clock}] "GET /ready.txt HTTP/1.1" 200 15 "-" "curl/8.5.0"']
  volumes:
  - name: workdir
    emptyDir: {}
`;
