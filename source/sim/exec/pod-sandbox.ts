import {createHash} from 'node:crypto';
import type {Pod} from '../../model/k8s.js';

// What containerd calls a pod's sandbox in its errors: the sandbox (pause container) ID, 64 hex
// digits, and the network namespace CNI made for it (/var/run/netns/cni-<uuid>). The sim has no
// containerd: both are derived from the pod's UID so that every error about one pod names the
// same sandbox, as a real node's would for the sandbox's lifetime.

const digest = (pod: Pod, purpose: string) =>
	createHash('sha256')
		.update(`${purpose}:${pod.metadata.uid ?? pod.metadata.name}`)
		.digest('hex');

export function podSandboxID(pod: Pod): string {
	return digest(pod, 'sandbox');
}

export function podNetnsPath(pod: Pod): string {
	const hex = digest(pod, 'netns');
	return `/var/run/netns/cni-${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
