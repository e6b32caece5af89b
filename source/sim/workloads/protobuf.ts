import {type ProtoFields, protoFields, protoObjectMeta, protoString, readRaw, unwrapProtobuf} from '../routes/respond.js';
import type {IncomingMessage} from 'node:http';
import type {Workload, WorkloadKind} from './types.js';

// The workloads in their protobuf form (k8s.io/api apps/v1, batch/v1 and core/v1
// generated.proto), which kubectl's typed clients send: `kubectl create deployment` and
// `kubectl create job`. The fields those commands and the common specs set are read; what a
// schema here does not name is left out, as a client without the field would.

type Field = [number, string, Kind];
/** int0 and bool0: a non-pointer Go field, which marshals its zero; zero reads as unset (omitempty). */
type Kind = 'string' | 'int' | 'int0' | 'bool' | 'bool0' | 'strings' | 'map' | 'quantities' | 'intOrString' | 'meta' | Schema | [Schema];
type Schema = Field[];

const keyValue: Schema = [
	[1, 'name', 'string'],
	[2, 'value', 'string'],
];
const port: Schema = [
	[1, 'name', 'string'],
	[2, 'hostPort', 'int0'],
	[3, 'containerPort', 'int'],
	[4, 'protocol', 'string'],
	[5, 'hostIP', 'string'],
];
const container: Schema = [
	[1, 'name', 'string'],
	[2, 'image', 'string'],
	[3, 'command', 'strings'],
	[4, 'args', 'strings'],
	[5, 'workingDir', 'string'],
	[6, 'ports', [port]],
	[7, 'env', [keyValue]],
	[
		8,
		'resources',
		[
			[1, 'limits', 'quantities'],
			[2, 'requests', 'quantities'],
		],
	],
	[13, 'terminationMessagePath', 'string'],
	[14, 'imagePullPolicy', 'string'],
	[20, 'terminationMessagePolicy', 'string'],
];
const podSpec: Schema = [
	[2, 'containers', [container]],
	[20, 'initContainers', [container]],
	[3, 'restartPolicy', 'string'],
	[4, 'terminationGracePeriodSeconds', 'int'],
	[6, 'dnsPolicy', 'string'],
	[7, 'nodeSelector', 'map'],
	[8, 'serviceAccountName', 'string'],
	[14, 'securityContext', []],
	[19, 'schedulerName', 'string'],
];
const template: Schema = [
	[1, 'metadata', 'meta'],
	[2, 'spec', podSpec],
];
const selector: Schema = [
	[1, 'matchLabels', 'map'],
	[
		2,
		'matchExpressions',
		[
			[
				[1, 'key', 'string'],
				[2, 'operator', 'string'],
				[3, 'values', 'strings'],
			],
		],
	],
];
const specs: Record<WorkloadKind, Schema> = {
	Deployment: [
		[1, 'replicas', 'int'],
		[2, 'selector', selector],
		[3, 'template', template],
		[
			4,
			'strategy',
			[
				[1, 'type', 'string'],
				[
					2,
					'rollingUpdate',
					[
						[1, 'maxUnavailable', 'intOrString'],
						[2, 'maxSurge', 'intOrString'],
					],
				],
			],
		],
		[5, 'minReadySeconds', 'int0'],
		[6, 'revisionHistoryLimit', 'int'],
		[7, 'paused', 'bool0'],
		[9, 'progressDeadlineSeconds', 'int'],
	],
	ReplicaSet: [
		[1, 'replicas', 'int'],
		[2, 'selector', selector],
		[3, 'template', template],
		[4, 'minReadySeconds', 'int0'],
	],
	StatefulSet: [
		[1, 'replicas', 'int'],
		[2, 'selector', selector],
		[3, 'template', template],
		[5, 'serviceName', 'string'],
		[6, 'podManagementPolicy', 'string'],
		[8, 'revisionHistoryLimit', 'int'],
		[9, 'minReadySeconds', 'int0'],
	],
	DaemonSet: [
		[1, 'selector', selector],
		[2, 'template', template],
		[4, 'minReadySeconds', 'int0'],
		[6, 'revisionHistoryLimit', 'int'],
	],
	Job: [
		[1, 'parallelism', 'int'],
		[2, 'completions', 'int'],
		[3, 'activeDeadlineSeconds', 'int'],
		[4, 'selector', selector],
		[5, 'manualSelector', 'bool'],
		[6, 'template', template],
		[7, 'backoffLimit', 'int'],
		[8, 'ttlSecondsAfterFinished', 'int'],
		[9, 'completionMode', 'string'],
		[10, 'suspend', 'bool'],
		[14, 'podReplacementPolicy', 'string'],
	],
};

const buffers = (fields: ProtoFields, number: number) => (fields.get(number) ?? []).filter(Buffer.isBuffer);

function protoMap(fields: ProtoFields, number: number, value: (entry: ProtoFields) => string | undefined): Record<string, string> {
	return Object.fromEntries(
		buffers(fields, number).map(entry => {
			const parsed = protoFields(entry);
			return [protoString(parsed, 1) ?? '', value(parsed) ?? ''];
		}),
	);
}

function decodeField(fields: ProtoFields, number: number, kind: Kind): unknown {
	const first = fields.get(number)?.[0];
	switch (kind) {
		case 'string':
			// Go's generated marshallers write every non-pointer string, empty or not: empty is unset.
			return protoString(fields, number) || undefined;
		case 'int':
			return typeof first === 'number' ? (first > 2 ** 31 ? first - 2 ** 64 : first) : undefined;
		case 'bool':
			return typeof first === 'number' ? first !== 0 : undefined;
		case 'int0':
			return decodeField(fields, number, 'int') || undefined;
		case 'bool0':
			return decodeField(fields, number, 'bool') || undefined;
		case 'strings':
			return fields.has(number) ? buffers(fields, number).map(value => value.toString('utf8')) : undefined;
		case 'map':
			return fields.has(number) ? protoMap(fields, number, entry => protoString(entry, 2)) : undefined;
		case 'quantities':
			// map<string, Quantity>, a Quantity being {string string = 1}.
			return fields.has(number) ? protoMap(fields, number, entry => protoString(protoFields(buffers(entry, 2)[0] ?? Buffer.alloc(0)), 1)) : undefined;
		case 'intOrString': {
			if (!Buffer.isBuffer(first)) return undefined;
			const value = protoFields(first);
			return value.get(1)?.[0] === 1 ? protoString(value, 3) : (value.get(2)?.[0] ?? 0);
		}
		case 'meta':
			return Buffer.isBuffer(first) ? protoObjectMeta(protoFields(first)) : undefined;
		default:
			if (Array.isArray(kind[0]) && kind.length === 1 && Array.isArray((kind as [Schema])[0][0])) {
				return fields.has(number) ? buffers(fields, number).map(value => decode(protoFields(value), (kind as [Schema])[0])) : undefined;
			}
			return Buffer.isBuffer(first) ? decode(protoFields(first), kind as Schema) : undefined;
	}
}

function decode(fields: ProtoFields, schema: Schema): Record<string, unknown> {
	const result: Record<string, unknown> = {};
	for (const [number, name, kind] of schema) {
		const value = decodeField(fields, number, kind);
		if (value !== undefined) result[name] = value;
	}
	return result;
}

/** A workload from its protobuf envelope, as its JSON form would read. */
export async function readProtobufWorkload(request: IncomingMessage, kind: WorkloadKind): Promise<Workload> {
	const {apiVersion, kind: sent, raw} = unwrapProtobuf(await readRaw(request));
	const metadata = decodeField(raw, 1, 'meta') as Workload['metadata'];
	const spec = decodeField(raw, 2, specs[kind]) as Workload['spec'];
	return {apiVersion: apiVersion ?? '', kind: (sent ?? kind) as WorkloadKind, metadata: metadata ?? {name: ''}, spec};
}
