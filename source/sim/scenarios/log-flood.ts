// One container that writes a fixed number of ~120-byte lines as fast as asked, then exits 0.
export type FloodOptions = {lines: number; rate: number};

export default ({lines, rate}: FloodOptions) => `
apiVersion: v1
kind: Pod
metadata:
  name: log-flood
  labels: {app: log-flood}
spec:
  restartPolicy: Never
  containers:
  - name: flood
    image: busybox:1.36
    x-sim:
      flood: {lines: ${lines}, rate: ${rate}, bytes: 120}
`;
