import appWithDbAmbassador from './app-with-db-ambassador.js';
import appWithLogAdapter from './app-with-log-adapter.js';
import bestPractice from './best-practice.js';
import crashloop from './crashloop.js';
import dbStatefulset from './db-statefulset.js';
import distrolessApp from './distroless-app.js';
import escapeInjection from './escape-injection.js';
import k3sSystem from './k3s-system.js';
import imagePullError from './image-pull-error.js';
import evicted from './evicted.js';
import lifecyclePod from './lifecycle-pod.js';
import livenessRestarts from './liveness-restarts.js';
import {logFlood, logFloodLive} from './log-flood.js';
import manyPods from './many-pods.js';
import migrateJob from './migrate-job.js';
import missingConfigmapVolume from './missing-configmap-volume.js';
import missingSecret from './missing-secret.js';
import multiInitPod from './multi-init-pod.js';
import nativeSidecar from './native-sidecar.js';
import nodeAgentDaemonset from './node-agent-daemonset.js';
import oomSidecar from './oom-sidecar.js';
import podWithInit from './pod-with-init.js';
import portConflict from './port-conflict.js';
import schedulingGated from './scheduling-gated.js';
import unschedulable from './unschedulable.js';
import readinessFailing from './readiness-failing.js';
import sidecarCrashing from './sidecar-crashing.js';
import sidecarStartupStuck from './sidecar-startup-stuck.js';
import stuckTerminating from './stuck-terminating.js';
import webAppComplete from './web-app-complete.js';
import webDeployment from './web-deployment.js';
import webWithGitSync from './web-with-git-sync.js';
import webWithLogging from './web-with-logging.js';

/** `podNamespaces`: namespaces many-pods spreads its pods over (1: default only). */
export type ScenarioOptions = {floodLines: number; floodRate: number; pods: number; podNamespaces?: number};

export const defaultScenarioOptions: ScenarioOptions = {floodLines: 100_000, floodRate: 0, pods: 1000, podNamespaces: 1};

/** Built-in scenarios by name: each yields scenario YAML (Pods with `x-sim` behaviours). */
export const builtinScenarios: Record<string, (options: ScenarioOptions) => string> = {
	'web-with-logging': () => webWithLogging,
	'app-with-db-ambassador': () => appWithDbAmbassador,
	'pod-with-init': () => podWithInit,
	'multi-init-pod': () => multiInitPod,
	'web-app-complete': () => webAppComplete,
	'web-with-git-sync': () => webWithGitSync,
	'app-with-log-adapter': () => appWithLogAdapter,
	'lifecycle-pod': () => lifecyclePod,
	'native-sidecar': () => nativeSidecar,
	'port-conflict': () => portConflict,
	'oom-sidecar': () => oomSidecar,
	crashloop: () => crashloop,
	'distroless-app': () => distrolessApp,
	'escape-injection': () => escapeInjection,
	'best-practice': () => bestPractice,
	unschedulable: () => unschedulable,
	'scheduling-gated': () => schedulingGated,
	'image-pull-error': () => imagePullError,
	'readiness-failing': () => readinessFailing,
	'liveness-restarts': () => livenessRestarts,
	'sidecar-startup-stuck': () => sidecarStartupStuck,
	'sidecar-crashing': () => sidecarCrashing,
	'missing-secret': () => missingSecret,
	'missing-configmap-volume': () => missingConfigmapVolume,
	'stuck-terminating': () => stuckTerminating,
	evicted: () => evicted,
	'web-deployment': () => webDeployment,
	'migrate-job': () => migrateJob,
	'db-statefulset': () => dbStatefulset,
	'node-agent-daemonset': () => nodeAgentDaemonset,
	'k3s-system': () => k3sSystem,
	'log-flood': options => logFlood({lines: options.floodLines, rate: options.floodRate}),
	'log-flood-live': options => logFloodLive({lines: options.floodLines, rate: options.floodRate}),
	'many-pods': options => manyPods({pods: options.pods, namespaces: options.podNamespaces}),
};

/** What the sim loads when no scenario is named: everything but the load generators and k3s's own kube-system. */
const generators = new Set(['log-flood', 'log-flood-live', 'many-pods', 'k3s-system']);
export const defaultScenarios = Object.keys(builtinScenarios).filter(name => !generators.has(name));
