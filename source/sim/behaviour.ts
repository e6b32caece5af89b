// What a simulated container does once it runs. Scenario files carry it per container
// under `x-sim` (stripped before the Pod is stored, so the API never shows it).

export type Behaviour = {
	/** Lines printed once, right after start, `startupEvery` seconds apart. */
	startup?: string[];
	startupEvery?: number;
	/** Lines printed over and over (cycled), one every `every` seconds. */
	logs?: {lines: string[]; every: number; stream?: 'stdout' | 'stderr'};
	/** Exit `after` seconds after start with `code`; `lines` are printed just before. */
	exit?: {after: number; code: number; lines?: string[]};
	/** Seconds after start until the readiness probe passes; 'never' keeps failing it. */
	readyAfter?: number | 'never';
	/** What a failing readiness probe reports once the app listens (before, the prober's connection refused). */
	readyFailure?: string;
	/** Seconds after start until the startup probe passes. */
	startedAfter?: number;
	/** Seconds after start from which the app fails its liveness probe: HTTP 500, gRPC NOT_SERVING, exec fails (TCP still connects). */
	unhealthyAfter?: number;
	/** What a failing exec probe's command prints (the prober reports only that). */
	probeOutput?: string;
	/** Ports bound in the Pod's shared network namespace, `listenAfter` seconds after start. */
	listen?: number[];
	listenAfter?: number;
	/** Ports it accepts on and closes straight away (a proxy whose backend is down). */
	closes?: number[];
	/** What answers a connection to a port of `listen` (a port-forward's bytes); undeclared: a small HTTP 200 naming the container. */
	serves?: Record<number, PortAnswer>;
	/** Connect to localhost:port `after` seconds after start; nobody serving → print `lines` and exit with `code`. */
	connect?: {port: number; after?: number; lines: string[]; code: number};
	/** Memory in MiB at start and its growth per second (an OOM kill follows the limit). */
	memory?: {startMi: number; growMiPerSecond?: number};
	/** CPU use in millicores (for metrics). */
	cpu?: number;
	/** false: the image has no shell (distroless). */
	shell?: boolean;
	/**
	 * Write `lines` lines of about `bytes` bytes at `rate` lines/s (0 = as fast as possible),
	 * then exit 0, or (`exit: false`) go on running, silent.
	 */
	flood?: {lines: number; rate: number; bytes?: number; exit?: boolean};
	/**
	 * The image is not on the node: the kubelet pulls it, and the pull takes `seconds` and
	 * succeeds with an image of `bytes`, or fails with `error` (kubelet/image-registry.ts).
	 */
	pull?: {error?: PullFailure; seconds?: number; bytes?: number};
	/**
	 * Write `mi` MiB to the file `path`, `after` seconds after start: into the volume mounted
	 * there, or else the container's writable layer (what the kubelet's local-storage eviction
	 * measures).
	 */
	writes?: {after: number; mi: number; path: string};
	/** What the process does on SIGTERM: exit at once (0), or ignore it (a shell as PID 1) and be killed (137). */
	sigterm?: 'exit' | 'ignore';
};

/**
 * One path of an HTTP answer: `{status, body, contentType}` (a bare string is a 200 text/plain
 * body); `starting` is the answer until the container counts as started (its startup probe
 * passed), such as envoy's 503 PRE_INITIALIZING on /ready.
 */
export type HttpAnswer = {status: number; body: string; contentType: string; starting?: {status: number; body: string}};

/**
 * What a bound port answers (exec/port-listeners.ts): an HTTP server with a response per path,
 * a banner sent on connect (then whatever the client sends is read and dropped), or an echo.
 * Bodies and banners take the log-line placeholders ({pod}, {container}, {ip}, {iso}, {n}).
 */
export type PortAnswer = {http: Record<string, HttpAnswer>; server?: string} | {banner: string} | {echo: true};

/** What a whole scenario pod does, from its pod-level `x-sim`. */
export type PodBehaviour = {
	/** The scenario deletes the pod this many seconds after creating it (as a user would). */
	deleteAfter?: number;
};

/** The ways a pull can fail (containerd's errors for them: kubelet/image-registry.ts). */
export const pullFailures = ['not-found', 'unauthorized', 'timeout', 'no-such-host'] as const;
export type PullFailure = (typeof pullFailures)[number];

const number = (value: unknown, field: string): number => {
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new Error(`x-sim.${field}: expected a non-negative number, got ${JSON.stringify(value)}`);
	}
	return value;
};

// A period of 0 would fire forever without time moving on.
const positive = (value: unknown, field: string): number => {
	if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
		throw new Error(`x-sim.${field}: expected a positive number, got ${JSON.stringify(value)}`);
	}
	return value;
};

const integer = (value: unknown, field: string, min: number, max: number): number => {
	if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
		throw new Error(`x-sim.${field}: expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
	}
	return value;
};

const port = (value: unknown, field: string) => integer(value, field, 1, 65535);

const strings = (value: unknown, field: string): string[] => {
	if (!Array.isArray(value) || value.some(item => typeof item !== 'string')) {
		throw new Error(`x-sim.${field}: expected a list of strings`);
	}
	return value as string[];
};

const boolean = (value: unknown, field: string): boolean => {
	if (typeof value !== 'boolean') throw new Error(`x-sim.${field}: expected true or false, got ${JSON.stringify(value)}`);
	return value;
};

/** A nested mapping whose keys must all be known: a typo is an error, not a silent default. */
const mapping = (value: unknown, field: string, known: string[]): Record<string, unknown> => {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`x-sim.${field}: expected a mapping`);
	for (const key of Object.keys(value)) {
		if (!known.includes(key)) throw new Error(`x-sim.${field}: unknown field "${key}"`);
	}
	return value as Record<string, unknown>;
};

const ports = (value: unknown, field: string) => (Array.isArray(value) ? value : [value]).map((item, index) => port(item, `${field}[${index}]`));

const pullError = (value: unknown, field: string): PullFailure => {
	if (!pullFailures.includes(value as PullFailure)) {
		throw new Error(`x-sim.${field}: expected one of ${pullFailures.join(', ')}, got ${JSON.stringify(value)}`);
	}
	return value as PullFailure;
};

function parseHttpAnswer(value: unknown, field: string): HttpAnswer {
	if (typeof value === 'string') return {status: 200, body: value, contentType: 'text/plain; charset=utf-8'};
	const answer = mapping(value, field, ['status', 'body', 'contentType', 'starting']);
	const parsed: HttpAnswer = {
		status: integer(answer.status ?? 200, `${field}.status`, 100, 599),
		body: answer.body === undefined ? '' : String(answer.body),
		contentType: answer.contentType === undefined ? 'text/plain; charset=utf-8' : String(answer.contentType),
	};
	if (answer.starting !== undefined) {
		const starting = mapping(answer.starting, `${field}.starting`, ['status', 'body']);
		parsed.starting = {status: integer(starting.status ?? 503, `${field}.starting.status`, 100, 599), body: String(starting.body ?? '')};
	}
	return parsed;
}

/** `serves: {PORT: echo | {banner: TEXT} | {http: {PATH: BODY | {status, body, contentType, starting}}, server}}`; every port must be in `listen`. */
function parseServes(value: unknown, listen: number[]): Record<number, PortAnswer> {
	if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('x-sim.serves: expected a mapping of ports');
	const serves: Record<number, PortAnswer> = {};
	for (const [key, raw] of Object.entries(value)) {
		const field = `serves.${key}`;
		const number = port(Number(key), field);
		if (!listen.includes(number)) throw new Error(`x-sim.${field}: port ${number} is not in listen`);
		if (raw === 'echo') {
			serves[number] = {echo: true};
			continue;
		}
		const answer = mapping(raw, field, ['http', 'banner', 'server']);
		if (answer.banner !== undefined && answer.http === undefined) {
			serves[number] = {banner: String(answer.banner)};
			continue;
		}
		if (answer.http === undefined || answer.banner !== undefined) throw new Error(`x-sim.${field}: expected echo, {banner} or {http}`);
		const paths = answer.http;
		if (typeof paths !== 'object' || paths === null || Array.isArray(paths)) throw new Error(`x-sim.${field}.http: expected a mapping of paths`);
		const http: Record<string, HttpAnswer> = {};
		for (const [path, response] of Object.entries(paths)) {
			// `*` answers every path no other entry names.
			if (!path.startsWith('/') && path !== '*') throw new Error(`x-sim.${field}.http: expected a path starting with / (or *), got ${JSON.stringify(path)}`);
			http[path] = parseHttpAnswer(response, `${field}.http.${path}`);
		}
		serves[number] = answer.server === undefined ? {http} : {http, server: String(answer.server)};
	}
	return serves;
}

/** `pull: absent`, `pull: not-found` (any failure), or `pull: {error, seconds, bytes}`. */
function parsePull(value: unknown): NonNullable<Behaviour['pull']> {
	if (value === 'absent') return {};
	if (typeof value === 'string') return {error: pullError(value, 'pull')};
	const pull = mapping(value, 'pull', ['error', 'seconds', 'bytes']);
	return {
		...(pull.error === undefined ? {} : {error: pullError(pull.error, 'pull.error')}),
		...(pull.seconds === undefined ? {} : {seconds: number(pull.seconds, 'pull.seconds')}),
		...(pull.bytes === undefined ? {} : {bytes: integer(pull.bytes, 'pull.bytes', 1, Number.MAX_SAFE_INTEGER)}),
	};
}

/** Validate a behaviour read from YAML, with errors that name the field. */
export function parseBehaviour(raw: unknown): Behaviour {
	if (raw === undefined || raw === null) return {};
	if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('x-sim: expected a mapping');
	const input = raw as Record<string, unknown>;
	const known = new Set([
		'startup',
		'startupEvery',
		'logs',
		'exit',
		'readyAfter',
		'readyFailure',
		'startedAfter',
		'unhealthyAfter',
		'probeOutput',
		'listen',
		'listenAfter',
		'closes',
		'serves',
		'connect',
		'memory',
		'cpu',
		'shell',
		'flood',
		'pull',
		'writes',
		'sigterm',
	]);
	for (const field of Object.keys(input)) {
		if (!known.has(field)) throw new Error(`x-sim: unknown field "${field}"`);
	}
	const behaviour: Behaviour = {};
	if (input.startup !== undefined) behaviour.startup = strings(input.startup, 'startup');
	if (input.startupEvery !== undefined) behaviour.startupEvery = number(input.startupEvery, 'startupEvery');
	if (input.logs !== undefined) {
		const logs = mapping(input.logs, 'logs', ['lines', 'every', 'stream']);
		if (logs.stream !== undefined && logs.stream !== 'stdout' && logs.stream !== 'stderr') {
			throw new Error(`x-sim.logs.stream: expected stdout or stderr, got ${JSON.stringify(logs.stream)}`);
		}
		behaviour.logs = {
			lines: strings(logs.lines, 'logs.lines'),
			every: positive(logs.every ?? 1, 'logs.every'),
			stream: logs.stream === 'stderr' ? 'stderr' : 'stdout',
		};
	}
	if (input.exit !== undefined) {
		const exit = mapping(input.exit, 'exit', ['after', 'code', 'lines']);
		behaviour.exit = {
			after: number(exit.after ?? 0, 'exit.after'),
			code: integer(exit.code ?? 0, 'exit.code', 0, 255),
			lines: exit.lines === undefined ? undefined : strings(exit.lines, 'exit.lines'),
		};
	}
	if (input.readyAfter !== undefined) {
		behaviour.readyAfter = input.readyAfter === 'never' ? 'never' : number(input.readyAfter, 'readyAfter');
	}
	if (input.readyFailure !== undefined) behaviour.readyFailure = String(input.readyFailure);
	if (input.startedAfter !== undefined) behaviour.startedAfter = number(input.startedAfter, 'startedAfter');
	if (input.unhealthyAfter !== undefined) behaviour.unhealthyAfter = number(input.unhealthyAfter, 'unhealthyAfter');
	if (input.probeOutput !== undefined) behaviour.probeOutput = String(input.probeOutput);
	if (input.listen !== undefined) behaviour.listen = ports(input.listen, 'listen');
	if (input.closes !== undefined) behaviour.closes = ports(input.closes, 'closes');
	if (input.listenAfter !== undefined) behaviour.listenAfter = number(input.listenAfter, 'listenAfter');
	if (input.serves !== undefined) behaviour.serves = parseServes(input.serves, behaviour.listen ?? []);
	if (input.connect !== undefined) {
		const connect = mapping(input.connect, 'connect', ['port', 'after', 'lines', 'code']);
		behaviour.connect = {
			port: port(connect.port, 'connect.port'),
			after: connect.after === undefined ? 0 : number(connect.after, 'connect.after'),
			lines: connect.lines === undefined ? [] : strings(connect.lines, 'connect.lines'),
			code: integer(connect.code ?? 1, 'connect.code', 0, 255),
		};
	}
	if (input.memory !== undefined) {
		const memory = mapping(input.memory, 'memory', ['startMi', 'growMiPerSecond']);
		behaviour.memory = {
			startMi: number(memory.startMi ?? 0, 'memory.startMi'),
			growMiPerSecond: memory.growMiPerSecond === undefined ? 0 : number(memory.growMiPerSecond, 'memory.growMiPerSecond'),
		};
	}
	if (input.cpu !== undefined) behaviour.cpu = number(input.cpu, 'cpu');
	if (input.shell !== undefined) behaviour.shell = boolean(input.shell, 'shell');
	if (input.flood !== undefined) {
		const flood = mapping(input.flood, 'flood', ['lines', 'rate', 'bytes', 'exit']);
		behaviour.flood = {
			lines: number(flood.lines ?? 100_000, 'flood.lines'),
			rate: number(flood.rate ?? 0, 'flood.rate'),
			bytes: flood.bytes === undefined ? 120 : number(flood.bytes, 'flood.bytes'),
		};
		if (flood.exit !== undefined) behaviour.flood.exit = boolean(flood.exit, 'flood.exit');
	}
	if (input.pull !== undefined) behaviour.pull = parsePull(input.pull);
	if (input.writes !== undefined) {
		const writes = mapping(input.writes, 'writes', ['after', 'mi', 'path']);
		if (typeof writes.path !== 'string' || !writes.path.startsWith('/')) throw new Error('x-sim.writes.path: expected an absolute path');
		behaviour.writes = {after: number(writes.after ?? 0, 'writes.after'), mi: number(writes.mi, 'writes.mi'), path: writes.path};
	}
	if (input.sigterm !== undefined) {
		if (input.sigterm !== 'exit' && input.sigterm !== 'ignore') throw new Error(`x-sim.sigterm: expected exit or ignore, got ${JSON.stringify(input.sigterm)}`);
		behaviour.sigterm = input.sigterm;
	}
	return behaviour;
}

/** Validate a pod-level `x-sim`. */
export function parsePodBehaviour(raw: unknown): PodBehaviour {
	if (raw === undefined || raw === null) return {};
	if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('x-sim: expected a mapping');
	const input = raw as Record<string, unknown>;
	for (const field of Object.keys(input)) {
		if (field !== 'deleteAfter') throw new Error(`x-sim: unknown field "${field}" (a pod's x-sim takes deleteAfter)`);
	}
	return input.deleteAfter === undefined ? {} : {deleteAfter: number(input.deleteAfter, 'deleteAfter')};
}

/** Fill `{n}`, `{pod}`, `{container}`, `{ip}`, `{clock}` in a log line template. */
export function renderLine(template: string, vars: {n: number; pod: string; container: string; ip: string; now: number}): string {
	if (!template.includes('{')) return template;
	return template.replace(/\{(n|pod|container|ip|clock|iso)\}/g, (_, name: string) => {
		switch (name) {
			case 'n':
				return String(vars.n);
			case 'pod':
				return vars.pod;
			case 'container':
				return vars.container;
			case 'ip':
				return vars.ip;
			case 'iso':
				return new Date(vars.now).toISOString();
			default:
				return new Date(vars.now).toISOString().slice(11, 19);
		}
	});
}
