import {translateTimestampSince} from '../../model/duration.js';
import type {Resource} from '../routes/collection.js';
import type {ApiResource, ApiResourceList} from '../routes/discovery.js';
import {ageDescription, column, nameDescription, type Printer} from '../routes/table.js';
import {daemonSetPrinter, deploymentPrinter, jobPrinter, replicaSetPrinter, statefulSetPrinter} from './printers.js';
import type {WorkloadStores} from './stores.js';
import type {ControllerRevision, Workload, WorkloadKind} from './types.js';

// The apps/v1 and batch/v1 resources: their discovery entries (as kube-apiserver 1.35 lists
// them), stores, printers and selectable fields.

const readWrite = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const entry = (name: string, kind: string, singularName: string, shortNames?: string[]): ApiResource => ({
	name,
	singularName,
	namespaced: true,
	kind,
	verbs: readWrite,
	...(shortNames ? {shortNames} : {}),
	categories: ['all'],
});
const status = (name: string, kind: string): ApiResource => ({
	name: `${name}/status`,
	singularName: '',
	namespaced: true,
	kind,
	verbs: ['get', 'patch', 'update'],
});
const scale = (name: string): ApiResource => ({
	name: `${name}/scale`,
	singularName: '',
	namespaced: true,
	group: 'autoscaling',
	version: 'v1',
	kind: 'Scale',
	verbs: ['get', 'patch', 'update'],
});

export const appsResources: ApiResourceList = {
	kind: 'APIResourceList',
	apiVersion: 'v1',
	groupVersion: 'apps/v1',
	resources: [
		{name: 'controllerrevisions', singularName: 'controllerrevision', namespaced: true, kind: 'ControllerRevision', verbs: readWrite},
		entry('daemonsets', 'DaemonSet', 'daemonset', ['ds']),
		status('daemonsets', 'DaemonSet'),
		entry('deployments', 'Deployment', 'deployment', ['deploy']),
		scale('deployments'),
		status('deployments', 'Deployment'),
		entry('replicasets', 'ReplicaSet', 'replicaset', ['rs']),
		scale('replicasets'),
		status('replicasets', 'ReplicaSet'),
		entry('statefulsets', 'StatefulSet', 'statefulset', ['sts']),
		scale('statefulsets'),
		status('statefulsets', 'StatefulSet'),
	],
};

export const batchResources: ApiResourceList = {
	kind: 'APIResourceList',
	apiVersion: 'v1',
	groupVersion: 'batch/v1',
	resources: [entry('jobs', 'Job', 'job'), status('jobs', 'Job')],
};

/** What the routes need of one workload resource besides the collection's Resource. */
export type WorkloadResource = Resource<Workload> & {group: string; kind: WorkloadKind; scalable: boolean};

const metaFields = ['metadata.name', 'metadata.namespace'];
const metaField = (object: {metadata: {name: string; namespace?: string}}, name: string) =>
	name === 'metadata.name' ? object.metadata.name : name === 'metadata.namespace' ? object.metadata.namespace : undefined;

function workload(
	stores: WorkloadStores,
	group: string,
	kind: WorkloadKind,
	plural: string,
	printer: Printer<Workload>,
	extra: string[] = [],
): WorkloadResource {
	return {
		plural,
		listKind: `${kind}List`,
		kind,
		apiVersion: `${group}/v1`,
		store: stores.store(kind),
		printer,
		namespaced: true,
		group,
		scalable: kind === 'Deployment' || kind === 'ReplicaSet' || kind === 'StatefulSet',
		fields: [...metaFields, ...extra],
		field(object, name) {
			// ReplicaSetToSelectableFields adds status.replicas; JobToSelectableFields status.successful.
			if (name === 'status.replicas') return String(object.status?.replicas ?? 0);
			if (name === 'status.successful') return String(object.status?.succeeded ?? 0);
			return metaField(object, name);
		},
	};
}

/** printControllerRevision: the owner as kind.group/name. */
const controllerRevisionPrinter: Printer<ControllerRevision> = {
	columns: [
		column('Name', nameDescription, 0, 'name'),
		column('Controller', 'Controller of the object'),
		column('Revision', 'Revision indicates the revision of the state represented by Data.', 0, '', 'integer'),
		column('Age', ageDescription),
	],
	row(object, now) {
		const owner = object.metadata.ownerReferences?.find(reference => reference.controller);
		const controller = owner ? `${owner.kind.toLowerCase()}.${owner.apiVersion.split('/')[0]}/${owner.name}` : '<none>';
		return [object.metadata.name, controller, object.revision, translateTimestampSince(object.metadata.creationTimestamp, now)];
	},
};

/** Resources by group, then plural. */
export function workloadResources(stores: WorkloadStores): Record<string, Record<string, WorkloadResource>> {
	const revisions = {
		plural: 'controllerrevisions',
		listKind: 'ControllerRevisionList',
		kind: 'ControllerRevision',
		apiVersion: 'apps/v1',
		store: stores.controllerRevisions,
		printer: controllerRevisionPrinter,
		namespaced: true,
		group: 'apps',
		scalable: false,
		fields: metaFields,
		field: metaField,
	} as unknown as WorkloadResource;
	return {
		apps: {
			controllerrevisions: revisions,
			daemonsets: workload(stores, 'apps', 'DaemonSet', 'daemonsets', daemonSetPrinter),
			deployments: workload(stores, 'apps', 'Deployment', 'deployments', deploymentPrinter),
			replicasets: workload(stores, 'apps', 'ReplicaSet', 'replicasets', replicaSetPrinter, ['status.replicas']),
			statefulsets: workload(stores, 'apps', 'StatefulSet', 'statefulsets', statefulSetPrinter),
		},
		batch: {jobs: workload(stores, 'batch', 'Job', 'jobs', jobPrinter, ['status.successful'])},
	};
}
