// The seed's sequential init containers: the config server is unreachable, download-config
// fails (curl's exit 6: host not resolved) and crash-loops, validate-config never runs, the app never starts.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: multi-init-pod
  labels: {app: multi-init, pattern: init}
spec:
  initContainers:
  - name: download-config
    image: curlimages/curl:latest
    command:
    - sh
    - -c
    - curl -o /config/app.conf https://config-server/app.conf
    volumeMounts:
    - name: config
      mountPath: /config
    x-sim:
      exit:
        after: 1
        code: 6
        lines: ["curl: (6) Could not resolve host: config-server"]
  - name: validate-config
    image: busybox:1.36
    command:
    - sh
    - -c
    - |
      if [ -f /config/app.conf ]; then
        echo "Config valid"
      else
        echo "Config missing" && exit 1
      fi
    volumeMounts:
    - name: config
      mountPath: /config
    x-sim:
      exit: {after: 0.5, code: 0, lines: ["Config valid"]}
  containers:
  - name: application
    image: myapp:latest
    volumeMounts:
    - name: config
      mountPath: /etc/app
  volumes:
  - name: config
    emptyDir: {}
`;
