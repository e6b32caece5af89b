import {userInfo} from 'node:os';
import meow from 'meow';
import {simFlags as simFlagTable} from './command-flags.js';
import {exitOnFlagError} from './flag-check.js';
import {defaultNodeResources} from '../sim/cluster.js';
import {nodeFlagError} from '../sim/scheduler/quantity.js';
import {startSim} from '../sim/sim.js';

const help = `
  Usage
    $ podscope sim [flags]

  Runs a Kubernetes API server simulator on 127.0.0.1 with multi-container Pod scenarios.
  Stops on SIGINT/SIGTERM/SIGHUP.

  Flags
    --port N                 port to listen on (0 picks a free one)       [default: 6443]
    --write-kubeconfig FILE  kubeconfig to write (contexts podscope-sim, podscope-sim-viewer, podscope-sim-token)
                                                                          [default: ./podscope-sim.kubeconfig]
    --scenario NAME|FILE     a built-in scenario or a scenario YAML file; repeatable
                             (default: every built-in except log-flood, log-flood-live, many-pods and k3s-system)
    --speed X                run lifecycles X times faster               [default: 1]
    --flood-lines N          lines written by log-flood(-live)           [default: 100000]
    --flood-rate R           log-flood lines per second, 0 = unlimited   [default: 0]
    --pods N                 pods created by many-pods                   [default: 1000]
    --pod-namespaces N       namespaces many-pods spreads them over      [default: 1]
    --churn R                many-pods status changes per second         [default: 0]
    --forbid-namespace-list  the viewer may not list namespaces
    --bookmark-seconds N     interval of watch bookmarks                 [default: 60]
    --log-requests           print every request served (verb, path, user, code) to stderr
    --container-log-max-size Q
                             the kubelet's: rotate a container's log file once it has reached Q
                             (checked every 10 s; -1 never rotates)      [default: 10Mi]
    --container-log-max-files N
                             the kubelet's: log files kept per container, the current one
                             included; rotated ones but the newest are gzipped  [default: 5]

  The node (what the scheduler fits pods into)
    --node-cpu QUANTITY      allocatable cpu                              [default: 2]
    --node-memory QUANTITY   allocatable memory                           [default: 8029584Ki]
    --node-max-pods N        pods the node runs, as the kubelet's --max-pods [default: 110]
    --no-sandbox             run exec'd processes on this host, not in namespaces of each pod's own

  Faults (also at run time: POST /_sim/faults, see the README)
    --fault-latency MS       delay every answer
    --fault-error-rate R     answer a share R (0-1) of requests with 500
    --fault-throttle-rate R  answer a share R (0-1) of requests with 429 and Retry-After
    --fault-drop-every S     drop every connection every S seconds
    --fault-cut-logs BYTES   cut log streams mid-line after BYTES bytes
    --fault-follow-misses-rotation R
                             a share R (0-1) of log follows miss their file's rotation: they
                             stay open and deliver nothing new
`;

const simFlags = {
	...simFlagTable,
	nodeCpu: {type: 'string', default: defaultNodeResources.cpu},
	nodeMemory: {type: 'string', default: defaultNodeResources.memory},
	nodeMaxPods: {type: 'number', default: Number(defaultNodeResources.pods)},
} as const;

export async function run(argv: string[]): Promise<number> {
	const args = exitOnFlagError(argv, simFlags, 'podscope sim');
	const cli = meow(help, {
		argv: args,
		importMeta: import.meta,
		allowUnknownFlags: false,
		flags: simFlags,
	});
	const {flags} = cli;
	if (!(flags.speed > 0)) {
		process.stderr.write(`error: --speed must be a positive number, got ${flags.speed}\n`);
		return 1;
	}
	const nodeError = nodeFlagError(flags.nodeCpu, flags.nodeMemory, flags.nodeMaxPods);
	if (nodeError) {
		process.stderr.write(`error: ${nodeError}\n`);
		return 1;
	}
	let sim: Awaited<ReturnType<typeof startSim>>;
	try {
		sim = await startSim({
			port: flags.port,
			scenarios: flags.scenario,
			speed: flags.speed,
			scenarioOptions: {floodLines: flags.floodLines, floodRate: flags.floodRate, pods: flags.pods, podNamespaces: flags.podNamespaces},
			churn: flags.churn,
			runtime: flags.sandbox ? undefined : {sandbox: {available: false, reason: '--no-sandbox'}},
			forbidNamespaceList: flags.forbidNamespaceList,
			bookmarkSeconds: flags.bookmarkSeconds,
			node: {cpu: flags.nodeCpu, memory: flags.nodeMemory, pods: String(flags.nodeMaxPods)},
			containerLogMaxSize: flags.containerLogMaxSize,
			containerLogMaxFiles: flags.containerLogMaxFiles,
			faults: {
				latencyMs: flags.faultLatency,
				errorRate: flags.faultErrorRate,
				throttleRate: flags.faultThrottleRate,
				dropEverySeconds: flags.faultDropEvery,
				cutLogsAfterBytes: flags.faultCutLogs,
				followMissesRotation: flags.faultFollowMissesRotation,
			},
		});
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		const message = code === 'EADDRINUSE' ? `port ${flags.port} is already in use (try --port 0)` : (error as Error).message;
		process.stderr.write(`error: ${message}\n`);
		return 1;
	}
	sim.writeKubeconfig(flags.writeKubeconfig);
	if (flags.logRequests) {
		let seen = 0;
		setInterval(() => {
			for (const record of sim.server.requests.slice(seen)) {
				process.stderr.write(`${record.time} ${record.user || '-'} ${record.verb} ${record.path} ${record.code}\n`);
			}
			seen = sim.server.requests.length;
		}, 200).unref();
	}
	if (!sim.sandbox.available) {
		process.stderr.write(`podscope sim: pods are not sandboxed (${sim.sandbox.reason}): exec runs processes on this host as ${userInfo().username}\n`);
	}
	process.stdout.write(`podscope sim listening on ${sim.url} (kubeconfig: ${flags.writeKubeconfig})\n`);
	await new Promise<void>(resolve => {
		process.once('SIGINT', resolve);
		process.once('SIGTERM', resolve);
		// A closed terminal: stop as cleanly, so the pods' sandboxes go too.
		process.once('SIGHUP', resolve);
	});
	await sim.stop();
	return 0;
}
