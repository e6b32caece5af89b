// One container that writes a fixed number of ~120-byte lines as fast as asked, then exits 0
// (log-flood), or goes on running, silent (log-flood-live: a big log that can still grow).
export type FloodOptions = {lines: number; rate: number};

const floodPod =
	(name: string, exit: boolean) =>
	({lines, rate}: FloodOptions) =>
		`
apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  labels: {app: ${name}}
spec:
  restartPolicy: Never
  containers:
  - name: flood
    image: busybox:1.36
    x-sim:
      flood: {lines: ${lines}, rate: ${rate}, bytes: 120${exit ? '' : ', exit: false'}}
`;

export const logFlood = floodPod('log-flood', true);
export const logFloodLive = floodPod('log-flood-live', false);
