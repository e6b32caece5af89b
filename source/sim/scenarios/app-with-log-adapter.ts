// The seed's adapter pattern: a legacy app writes plain text, the adapter re-emits it as JSON.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: app-with-log-adapter
  labels: {app: legacy, pattern: adapter}
spec:
  containers:
  - name: application
    image: legacy-app:latest
    volumeMounts:
    - name: logs
      mountPath: /var/log/app
    x-sim:
      logs:
        every: 1
        lines:
        - "{iso} INFO order-{n}-accepted"
        - "{iso} WARN slow-query-{n}"
        - "{iso} INFO order-{n}-shipped"
  - name: log-adapter
    image: log-transformer:latest
    volumeMounts:
    - name: logs
      mountPath: /var/log/app
    - name: transformed-logs
      mountPath: /var/log/transformed
    command:
    - sh
    - -c
    - |
      while true; do
        if [ -f /var/log/app/app.log ]; then
          tail -f /var/log/app/app.log | awk '{print "{\\"timestamp\\":\\""$1"\\",\\"level\\":\\""$2"\\",\\"message\\":\\""$3"\\"}"}' > /var/log/transformed/app.json
        fi
        sleep 1
      done
    x-sim:
      logs:
        every: 1
        lines:
        - '{"timestamp":"{iso}","level":"INFO","message":"order-{n}-accepted"}'
        - '{"timestamp":"{iso}","level":"WARN","message":"slow-query-{n}"}'
        - '{"timestamp":"{iso}","level":"INFO","message":"order-{n}-shipped"}'
  volumes:
  - name: logs
    emptyDir: {}
  - name: transformed-logs
    emptyDir: {}
`;
