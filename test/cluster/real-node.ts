import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';

// Where test/cluster/up.sh left the real node: its run folder, the ports and paths it wrote to
// state.env, and the kubeconfig of its `default` admin user.

export const cache = process.env.PODSCOPE_CLUSTER_CACHE ?? path.join(homedir(), '.cache', 'podscope-cluster');
export const runDir = process.env.PODSCOPE_CLUSTER_RUN ?? path.join(cache, 'run');
export const state: Record<string, string> = Object.fromEntries(
	readFileSync(path.join(runDir, 'state.env'), 'utf8')
		.split(/\s+/)
		.filter(pair => pair.includes('='))
		.map(pair => pair.split('=', 2) as [string, string]),
);
/** The kubectl up.sh chose (KUBECTL overrides it). */
export const kubectlPath = process.env.KUBECTL ?? state.KUBECTL ?? 'kubectl';
export const realKubeconfig = path.join(runDir, 'kubeconfig.yaml');

/** The real kubelet's log rotation settings (up.sh), for a sim started to match it. */
export const nodeLogRotation = {
	containerLogMaxSize: state.CONTAINER_LOG_MAX_SIZE ?? '10Mi',
	containerLogMaxFiles: Number(state.CONTAINER_LOG_MAX_FILES ?? 5),
};
