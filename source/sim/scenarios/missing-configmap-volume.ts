// A web server whose configuration volume names a ConfigMap that does not exist: the kubelet
// cannot set the volume up, so no sandbox is made and no container starts. The pod stays
// Pending, ContainerCreating, with FailedMount events (`MountVolume.SetUp failed for volume
// "config" : configmap "web-config" not found`) at the volume manager's back-off, 0.5 s doubling
// up to 2m2s. `kubectl create configmap web-config --from-literal=...` lets it start at the
// next attempt.
export default `
apiVersion: v1
kind: Pod
metadata:
  name: missing-configmap-volume
  labels: {app: catalog}
spec:
  containers:
  - name: web
    image: nginx:1.25
    ports:
    - containerPort: 80
    volumeMounts:
    - name: config
      mountPath: /etc/nginx/conf.d
      readOnly: true
    x-sim:
      listen: [80]
      startup: ["/docker-entrypoint.sh: Configuration complete; ready for start up"]
  volumes:
  - name: config
    configMap:
      name: web-config
`;
