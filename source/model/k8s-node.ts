import type {ObjectMeta, ResourceList} from './k8s.js';

// A Node as the doctor reads it: what the scheduler matches a pod against (labels, taints,
// cordon) and what it can hold (allocatable). Only the fields podscope uses.

export type Taint = {key: string; value?: string; effect: string; timeAdded?: string};

export type NodeCondition = {type: string; status: 'True' | 'False' | 'Unknown'; reason?: string; message?: string; lastTransitionTime?: string};

export type Node = {
	apiVersion?: string;
	kind?: string;
	metadata: ObjectMeta;
	spec?: {unschedulable?: boolean; taints?: Taint[]; podCIDR?: string};
	status?: {capacity?: ResourceList; allocatable?: ResourceList; conditions?: NodeCondition[]};
};
