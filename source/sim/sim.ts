import {randomBytes} from 'node:crypto';
import {writeFileSync} from 'node:fs';
import {Cluster, defaultNodeResources, type NodeResources} from './cluster.js';
import {realClock} from './clock.js';
import {simKubeconfig} from './kubeconfig.js';
import {ContainerRuntime, type RuntimeOptions} from './exec/runtime.js';
import type {VolumeContentProvider} from './exec/volume-content.js';
import {volumeContent} from './kubelet/volume-contents.js';
import {probeSandboxOnce, type SandboxSupport} from './exec/sandbox-support.js';
import {bridgeUpgrades} from './exec/upgrade.js';
import {createPki, type Pki} from './pki.js';
import {controlRoutes} from './routes/control.js';
import {ephemeralRoutes} from './routes/ephemeral.js';
import {execRoutes} from './routes/exec.js';
import {portForwardRoutes} from './routes/port-forward.js';
import {metricsGroup, metricsRoutes} from './routes/metrics.js';
import {workloadRoutes} from './routes/workloads.js';
import {startControllerManager} from './workloads/controller-manager.js';
import {createScenarios, loadScenarioDocuments} from './scenario.js';
import {defaultScenarioOptions, defaultScenarios, type ScenarioOptions} from './scenarios/index.js';
import {SimServer, type ServerOptions} from './server.js';
import type {FaultSettings} from './faults.js';
import {checkLogMaxFiles, defaultLogRotatePolicy, parseLogMaxSize} from './kubelet/log-rotation.js';

// Everything `podscope sim` and `podscope --demo` start: PKI, cluster, scenarios, server.

export type SimOptions = {
	port?: number;
	scenarios?: string[];
	speed?: number;
	scenarioOptions?: Partial<ScenarioOptions>;
	/** many-pods churn: status changes per second. */
	churn?: number;
	forbidNamespaceList?: boolean;
	bookmarkSeconds?: number;
	extensions?: ServerOptions['extensions'];
	/** Faults active from the start (see faults.ts; also settable at run time under /_sim/faults). */
	faults?: Partial<FaultSettings>;
	/** The node's allocatable cpu, memory and pod count (default: a small k3s node). */
	node?: Partial<NodeResources>;
	/** The kubelet's containerLogMaxSize: bytes, or a quantity ("10Mi", the default); negative = never rotate. */
	containerLogMaxSize?: number | string;
	/** The kubelet's containerLogMaxFiles (default 5, at least 2). */
	containerLogMaxFiles?: number;
	/** The container runtime's sandbox (probed when not given) and volume contents. */
	runtime?: RuntimeOptions;
};

export type Sim = {
	url: string;
	port: number;
	cluster: Cluster;
	server: SimServer;
	kubeconfig: string;
	/** The run's CA and certificates (tests reuse them for servers of their own). */
	pki: Pki;
	/** Credentials, so tests can prove podscope never prints them. */
	secrets: string[];
	/** Whether pods run in namespaces of their own, or why not. */
	sandbox: SandboxSupport;
	writeKubeconfig(file: string): void;
	stop(): Promise<void>;
};

export async function startSim(options: SimOptions = {}): Promise<Sim> {
	const clock = realClock(options.speed ?? 1);
	const pki = createPki({admin: {commonName: 'admin', organization: 'system:masters'}, viewer: {commonName: 'viewer', organization: 'podscope:viewers'}});
	const {containerLogMaxSize: maxSize = defaultLogRotatePolicy.maxSize, containerLogMaxFiles: maxFiles = defaultLogRotatePolicy.maxFiles} = options;
	checkLogMaxFiles(maxFiles);
	const cluster = new Cluster(
		clock,
		{...defaultNodeResources, ...options.node},
		{...defaultLogRotatePolicy, maxSize: typeof maxSize === 'string' ? parseLogMaxSize(maxSize) : maxSize, maxFiles},
		{rootCA: pki.ca.cert},
	);
	const scenarioOptions = {...defaultScenarioOptions, ...options.scenarioOptions};
	const loaded = (options.scenarios?.length ? options.scenarios : defaultScenarios).map(name => loadScenarioDocuments(name, scenarioOptions));
	const adminToken = randomBytes(24).toString('hex');
	const auth = {
		tokens: {[adminToken]: {name: 'admin', groups: ['system:masters']}},
		forbidNamespaceList: options.forbidNamespaceList,
	};
	// What a configMap, secret, projected or downwardAPI volume holds: the kubelet's view of the
	// API objects (kubelet/volume-contents.ts), written into the sandbox at the mountPath.
	const volumeFiles: VolumeContentProvider = (pod, volume) => {
		const contents = volumeContent(pod, volume, cluster.config);
		return contents && 'files' in contents ? Object.fromEntries(contents.files.map(file => [file.path, file.data])) : undefined;
	};
	const runtime = new ContainerRuntime(cluster, {
		volumeContent: volumeFiles,
		...options.runtime,
		sandbox: options.runtime?.sandbox ?? (await probeSandboxOnce()),
	});
	// kube-controller-manager's workload controllers and garbage collector (workloads/).
	const controllers = startControllerManager(cluster);
	const server: SimServer = new SimServer({
		cluster,
		pki,
		auth,
		bookmarkSeconds: options.bookmarkSeconds,
		groups: [metricsGroup],
		// A test's own extensions stand in front of the sim's routes (a cluster without a group).
		extensions: [
			...(options.extensions ?? []),
			controlRoutes(() => server),
			execRoutes(runtime),
			portForwardRoutes(runtime),
			ephemeralRoutes,
			metricsRoutes,
			workloadRoutes(controllers, {bookmarkSeconds: options.bookmarkSeconds ?? 60, now: () => cluster.clock.now(), fault: () => server.faults.watchFault()}),
		],
	});
	bridgeUpgrades(server.server);
	if (options.faults) server.faults.update(options.faults);
	const port = await server.listen(options.port ?? 0);
	const url = `https://127.0.0.1:${port}`;
	createScenarios(cluster, loaded);

	let stopChurn = () => {};
	if (options.churn && options.churn > 0) {
		const perTick = Math.max(1, Math.round(options.churn / 10));
		const timer = setInterval(() => {
			const pods = cluster.pods.list();
			for (let i = 0; i < perTick && pods.length > 0; i++) {
				const pod = pods[Math.floor(Math.random() * pods.length)]!;
				const container = pod.spec.containers[Math.floor(Math.random() * pod.spec.containers.length)]!;
				cluster.worker(pod)?.flapReadiness(container.name);
			}
		}, 100);
		timer.unref();
		stopChurn = () => clearInterval(timer);
	}

	const kubeconfig = simKubeconfig(url, pki, {admin: adminToken});
	return {
		pki,
		url,
		port,
		cluster,
		server,
		kubeconfig,
		sandbox: runtime.sandbox,
		secrets: [adminToken, pki.clients.admin!.key, pki.clients.viewer!.key].flatMap(secret => [secret, Buffer.from(secret).toString('base64')]),
		writeKubeconfig(file) {
			writeFileSync(file, kubeconfig, {mode: 0o600});
		},
		async stop() {
			stopChurn();
			controllers.stop();
			cluster.shutdown();
			runtime.shutdown();
			await server.close();
		},
	};
}
