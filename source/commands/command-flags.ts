import {defaultDebugImage} from '../kube/debug.js';
import {targetFlags} from './target-flags.js';

// Every command's flags in one place: meow parses them, flag-check.ts checks them as kubectl's
// parser would, and shell completion (completion-commands.ts) offers them. A flag added here is
// parsed, checked and completed; nowhere else lists them.

/** The TUI's flags (`podscope [flags]`). */
export const tuiFlags = {
	kubeconfig: {type: 'string'},
	context: {type: 'string'},
	namespace: {type: 'string', shortFlag: 'n'},
	allNamespaces: {type: 'boolean', shortFlag: 'A', default: false},
	selector: {type: 'string', shortFlag: 'l'},
	readOnly: {type: 'boolean', default: false},
	demo: {type: 'boolean', default: false},
	color: {type: 'boolean', default: true},
	shell: {type: 'string'},
	debugImage: {type: 'string'},
	tail: {type: 'number'},
	buffer: {type: 'number'},
	since: {type: 'string'},
} as const;

export const logsFlags = {
	container: {type: 'string', shortFlag: 'c', isMultiple: true},
	excludeContainer: {type: 'string', shortFlag: 'E', isMultiple: true},
	exclude: {type: 'string', shortFlag: 'e', isMultiple: true},
	include: {type: 'string', shortFlag: 'i', isMultiple: true},
	allNamespaces: {type: 'boolean', shortFlag: 'A', default: false},
	allPods: {type: 'boolean', default: false},
	output: {type: 'string', shortFlag: 'o'},
	maxLogRequests: {type: 'string'},
	allContainers: {type: 'boolean', default: false},
	selector: {type: 'string', shortFlag: 'l'},
	follow: {type: 'boolean', shortFlag: 'f', default: false},
	previous: {type: 'boolean', shortFlag: 'p', default: false},
	timestamps: {type: 'boolean', default: false},
	since: {type: 'string'},
	sinceTime: {type: 'string'},
	tail: {type: 'string'},
	prefix: {type: 'boolean', default: false},
	...targetFlags,
	color: {type: 'boolean', default: true},
	sanitize: {type: 'boolean', default: false},
} as const;

// describe, timeline and doctor take targetFlags too (pod-command.ts adds them).
export const describeFlags = {showEvents: {type: 'boolean', default: true}} as const;

export const timelineFlags = {width: {type: 'number'}} as const;

export const doctorFlags = {
	output: {type: 'string', shortFlag: 'o', default: 'text'},
	width: {type: 'number'},
	selector: {type: 'string', shortFlag: 'l'},
	fieldSelector: {type: 'string'},
	allNamespaces: {type: 'boolean', shortFlag: 'A', default: false},
} as const;

export const execFlags = {
	container: {type: 'string', shortFlag: 'c'},
	stdin: {type: 'boolean', shortFlag: 'i', default: false},
	tty: {type: 'boolean', shortFlag: 't', default: false},
	...targetFlags,
} as const;

export const debugFlags = {
	target: {type: 'string'},
	image: {type: 'string', default: defaultDebugImage},
	...targetFlags,
} as const;

export const portForwardFlags = {
	address: {type: 'string', isMultiple: true},
	podRunningTimeout: {type: 'string', default: '1m0s'},
	readOnly: {type: 'boolean', default: false},
	...targetFlags,
} as const;

/** The simulator's flags; the node's defaults are the sim's own (sim.ts adds them). */
export const simFlags = {
	port: {type: 'number', default: 6443},
	writeKubeconfig: {type: 'string', default: 'podscope-sim.kubeconfig'},
	scenario: {type: 'string', isMultiple: true},
	speed: {type: 'number', default: 1},
	floodLines: {type: 'number', default: 100_000},
	floodRate: {type: 'number', default: 0},
	pods: {type: 'number', default: 1000},
	podNamespaces: {type: 'number', default: 1},
	churn: {type: 'number', default: 0},
	forbidNamespaceList: {type: 'boolean', default: false},
	bookmarkSeconds: {type: 'number', default: 60},
	logRequests: {type: 'boolean', default: false},
	nodeCpu: {type: 'string'},
	nodeMemory: {type: 'string'},
	nodeMaxPods: {type: 'number'},
	containerLogMaxSize: {type: 'string', default: '10Mi'},
	containerLogMaxFiles: {type: 'number', default: 5},
	sandbox: {type: 'boolean', default: true},
	faultLatency: {type: 'number', default: 0},
	faultErrorRate: {type: 'number', default: 0},
	faultThrottleRate: {type: 'number', default: 0},
	faultDropEvery: {type: 'number', default: 0},
	faultCutLogs: {type: 'number', default: 0},
	faultFollowMissesRotation: {type: 'number', default: 0},
} as const;
