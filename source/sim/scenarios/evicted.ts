// A writer fills its scratch emptyDir past its 10Mi sizeLimit: the kubelet's eviction manager
// finds it at a housekeeping and evicts the pod (Failed, Evicted, "Usage of EmptyDir volume
// ..."), killing both containers; the pod stays, ContainerStatusUnknown (evicted-status.ts).
export default `
apiVersion: v1
kind: Pod
metadata:
  name: evicted
  labels: {app: reports}
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: [sh, -c, "sleep 2; dd if=/dev/zero of=/scratch/fill bs=1M count=20; echo wrote; while true; do sleep 3600; done"]
    volumeMounts:
    - {name: scratch, mountPath: /scratch}
    x-sim:
      writes: {after: 2, mi: 20, path: /scratch/fill}
      sigterm: ignore
  - name: sidecar
    image: busybox:1.36
    command: [sh, -c, "while true; do sleep 3600; done"]
    x-sim:
      sigterm: ignore
  volumes:
  - name: scratch
    emptyDir: {sizeLimit: 10Mi}
`;
