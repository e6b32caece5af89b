import type {ContainerStatus, KubeEvent, Pod} from '../../../source/model/k8s.js';
import {kubeletEvent, podDefaults} from '../../fixtures/real-node/events.js';

// multi-init-pod (source/sim/scenarios/multi-init-pod.ts) as a real cluster shows it after 7
// restarts, ~14 minutes in: download-config exits 6 after a second, eight times, each restart
// after the kubelet's back-off (immediate, then 10 s doubling to 5m, plus about a second of
// sync each time); the API keeps only the last run. Shapes as in the real node's
// liveness-restarts.txt and sidecar-crashing.txt: one Started event with count 8 and its
// first/last timestamps, a BackOff event, the waiting message naming the back-off.

export const t0 = Date.parse('2026-12-05T12:00:00Z');
export const at = (seconds: number) => new Date(t0 + seconds * 1000).toISOString().replace(/\.000Z$/, 'Z');

/** When each of the eight runs really started (seconds after scheduling); each ran one second. */
export const trueStarts = [1, 3, 15, 37, 79, 161, 323, 625];
export const now = t0 + 826_000;

const uid = '7d1c3e52-9a41-4d0b-8f2e-5b7a61c0d9e4';
const podRef = `multi-init-pod_default(${uid})`;
const waiting = (name: string, reason: string): ContainerStatus => ({
	name,
	image: 'busybox:1.36',
	imageID: '',
	ready: false,
	restartCount: 0,
	started: false,
	state: {waiting: {reason}},
});
const condition = (type: string, status: 'True' | 'False', seconds: number, reason?: string) => ({
	type,
	status,
	lastTransitionTime: at(seconds),
	...(reason ? {reason} : {}),
});

export const multiInitPod: Pod = {
	apiVersion: 'v1',
	kind: 'Pod',
	metadata: {name: 'multi-init-pod', namespace: 'default', uid, creationTimestamp: at(0)},
	spec: {
		...podDefaults,
		nodeName: 'podscope-node',
		initContainers: [
			{name: 'download-config', image: 'curlimages/curl:latest', command: ['sh', '-c', 'curl -o /config/app.conf https://config-server/app.conf']},
			{name: 'validate-config', image: 'busybox:1.36', command: ['sh', '-c', 'test -f /config/app.conf']},
		],
		containers: [{name: 'application', image: 'myapp:latest'}],
	},
	status: {
		phase: 'Pending',
		conditions: [
			condition('PodReadyToStartContainers', 'True', 1),
			condition('Initialized', 'False', 0, 'ContainersNotInitialized'),
			condition('Ready', 'False', 0, 'ContainersNotReady'),
			condition('ContainersReady', 'False', 0, 'ContainersNotReady'),
			condition('PodScheduled', 'True', 0),
		],
		initContainerStatuses: [
			{
				name: 'download-config',
				image: 'docker.io/curlimages/curl:latest',
				imageID: 'docker.io/curlimages/curl@sha256:4026b29997dc7c823b51c164b71e2b51e0fd95cce4601f78202c513d97da2922',
				containerID: 'containerd://9f0c3a',
				ready: false,
				restartCount: 7,
				started: false,
				state: {waiting: {reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=download-config pod=${podRef}`}},
				lastState: {terminated: {exitCode: 6, reason: 'Error', startedAt: at(625), finishedAt: at(626), containerID: 'containerd://9f0c3a'}},
			},
			{...waiting('validate-config', 'PodInitializing')},
		],
		containerStatuses: [waiting('application', 'PodInitializing')],
		hostIP: '10.42.0.1',
		podIP: '10.42.0.12',
		startTime: at(0),
	},
};

const path = 'spec.initContainers{download-config}';
export const multiInitEvents: KubeEvent[] = [
	kubeletEvent(multiInitPod, {
		reason: 'Pulled',
		fieldPath: path,
		count: 8,
		first: at(1),
		last: at(625),
		message: 'Container image "curlimages/curl:latest" already present on machine and can be accessed by the pod',
	}),
	kubeletEvent(multiInitPod, {reason: 'Created', fieldPath: path, count: 8, first: at(1), last: at(625), message: 'Container created'}),
	kubeletEvent(multiInitPod, {reason: 'Started', fieldPath: path, count: 8, first: at(1), last: at(625), message: 'Container started'}),
	kubeletEvent(multiInitPod, {
		reason: 'BackOff',
		type: 'Warning',
		fieldPath: path,
		count: 31,
		first: at(5),
		last: at(815),
		message: `Back-off restarting failed container download-config in pod ${podRef}`,
	}),
];
